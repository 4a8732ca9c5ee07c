import { z } from 'zod';
import { bestBalancedAccuracy, rocAuc, tprAtFpr } from '../ml/metrics.ts';
import { createRng } from '../ml/rng.ts';
import type { Vector } from '../ml/vector.ts';
import type { Prediction, PredictionTarget } from '../targets/prediction-target.ts';
import { FeatureConstraints, projection } from './constraints.ts';
import { stopOf, type AttackContext, type StopReason } from './context.ts';

/**
 * Membership inference: given samples known to be in and out of the training set, how well do the API's
 * answers separate them? Score-based: confidence in the true label (Yeom et al. 2018's loss threshold;
 * Shokri et al. 2017 for the setting). Label-only: correctness, and the share of noisy copies still
 * labelled correctly (Choquette-Choo et al. 2021's data-augmentation attack), since training points sit
 * farther from the boundary. AUC 0.5 means no leak.
 */
export const MembershipParams = z.strictObject({
  /** auto uses scores when the API returns them, labels otherwise; both reports both where possible. */
  signal: z.enum(['auto', 'scores', 'labels', 'both']).default('auto'),
  /** Noisy copies per sample for the label-only attack (each one query). */
  noisyCopies: z.number().int().min(0).max(1000).default(16),
  /** Standard deviation of the Gaussian noise, as a share of each feature's range. */
  noise: z.number().positive().default(0.1),
  constraints: FeatureConstraints.default(FeatureConstraints.parse({})),
  seed: z.number().int().default(0),
});
export type MembershipParams = z.output<typeof MembershipParams>;

export type SeparationFigures = {
  auc: number;
  tprAt1PctFpr: number;
  /** Best accuracy of a threshold on the score, over a balanced view (mean of TPR and TNR). */
  balancedAccuracy: number;
}

export type MembershipResult = {
  members: number;
  nonMembers: number;
  scoreBased?: SeparationFigures;
  labelOnly?: SeparationFigures & { correctMembers: number; correctNonMembers: number };
  /** When the run stopped early: the label-only figures cover the first this many samples. */
  labelOnlySamples?: number;
  queries: number;
  stopped?: StopReason;
  stoppedBy?: string;
}

export async function runMembership(target: PredictionTarget, xs: readonly Vector[], labels: readonly number[], members: readonly boolean[], params: MembershipParams, context: AttackContext = {}): Promise<MembershipResult> {
  const rng = createRng(params.seed);
  const box = projection(params.constraints, xs[0]?.length ?? 0);
  const result: MembershipResult = { members: members.filter(Boolean).length, nonMembers: members.filter((m) => !m).length, queries: 0 };
  let clean: Prediction[];
  try {
    clean = await target.predict(xs, context.signal);
    result.queries += xs.length;
  } catch (error) {
    return { ...result, ...stopOf(error) };
  }
  const hasScores = clean.every((p) => p.scores && p.scores.length > 0);
  const wantScores = params.signal === 'scores' || params.signal === 'both' || (params.signal === 'auto' && hasScores);
  const wantLabels = params.signal === 'labels' || params.signal === 'both' || (params.signal === 'auto' && !hasScores);
  if (wantScores && hasScores) {
    // Log-odds of the true label, with the other classes summed directly: 1 − p rounds to 0 in float32
    // exactly where members and non-members differ (the stable logit of Carlini et al.'s LiRA).
    const scores = clean.map((p, i) => stableLogit(p.scores as Float64Array, labels[i] as number));
    result.scoreBased = figures(scores, members);
  }
  if (wantLabels) {
    const correct = clean.map((p, i) => (p.label === labels[i] ? 1 : 0));
    const robust: number[] = correct.map((c) => c as number);
    let done = params.noisyCopies > 0 ? 0 : xs.length;
    try {
      for (let i = 0; i < xs.length && params.noisyCopies > 0; i++, done++) {
        context.progress?.(i, xs.length);
        const x = xs[i] as Vector;
        const copies = Array.from({ length: params.noisyCopies }, () =>
          box.project(x.map((v, k) => v + params.noise * ((box.upper[k] as number) - (box.lower[k] as number)) * rng.normal())),
        );
        const answers = await target.predict(copies, context.signal);
        result.queries += copies.length;
        // Correctness dominates; the noisy copies break ties among correctly labelled samples.
        robust[i] = (correct[i] as number) + answers.filter((a) => a.label === labels[i]).length / (params.noisyCopies + 1);
      }
    } catch (error) {
      Object.assign(result, stopOf(error));
    }
    // A run cut short is judged on the samples it finished (results so far), when they hold both kinds.
    const finished = members.slice(0, done);
    if (finished.some(Boolean) && finished.some((m) => !m)) {
      result.labelOnly = {
        ...figures(robust.slice(0, done), finished),
        correctMembers: correct.filter((c, i) => c && members[i]).length,
        correctNonMembers: correct.filter((c, i) => c && !members[i]).length,
      };
      if (done < xs.length) result.labelOnlySamples = done;
    }
  }
  return result;
}

function figures(scores: number[], members: readonly boolean[]): SeparationFigures {
  return { auc: rocAuc(scores, members), tprAt1PctFpr: tprAtFpr(scores, members, 0.01), balancedAccuracy: bestBalancedAccuracy(scores, members) };
}

function stableLogit(scores: Float64Array, label: number): number {
  let rest = 0;
  for (let k = 0; k < scores.length; k++) if (k !== label) rest += scores[k] as number;
  return Math.log(Math.max(1e-30, scores[label] ?? 0)) - Math.log(Math.max(1e-30, rest));
}
