import { z } from 'zod';
import { createNetwork, type Network } from '../ml/network.ts';
import { createRng } from '../ml/rng.ts';
import type { Vector } from '../ml/vector.ts';
import type { Prediction, PredictionTarget } from '../targets/prediction-target.ts';
import { FeatureConstraints, projection } from './constraints.ts';
import { candidates, labelsAndMargins, leastMargin } from './extraction-queries.ts';
import { trainSurrogate } from './extraction-surrogate.ts';
import { deadlinePassed, stopOf, type AttackContext, type StopReason } from './context.ts';

/**
 * Model extraction (Tramèr et al. 2016; Papernot et al. 2017 for synthetic growth; Orekondy et al. 2019,
 * KnockoffNets, for choosing from a transfer set): train a surrogate on the API's answers to a few unlabeled
 * seed inputs, then grow the training set where the surrogate is least sure — inputs of the attacker's pool
 * of natural data first, then synthetic ones (points between inputs the surrogate puts in different classes,
 * jittered inputs) — and retrain. Learns from the full score vector when the API returns one (distillation),
 * from the label otherwise. Fidelity is agreement with the victim on held-out inputs the surrogate never
 * trained on.
 */
export const ExtractionParams = z.strictObject({
  /** Queries for the attack itself (seeds included); evaluation queries on held-out inputs come on top. */
  queries: z.number().int().min(10).default(500),
  surrogate: z.enum(['mlp', 'logistic-regression']).default('mlp'),
  hidden: z.number().int().min(2).max(1024).default(128),
  /** Growth rounds after the seed round; each spends an equal share of the synthetic queries. */
  rounds: z.number().int().min(0).max(50).default(4),
  /** Candidates scored by the surrogate per query spent (the most uncertain are queried). */
  candidatesPerQuery: z.number().int().min(1).max(200).default(80),
  /** Training passes of the reported surrogate (per 200 rows: more rows, proportionally fewer passes). */
  epochs: z.number().int().min(1).default(200),
  /** Share of that work for the surrogates that only pick the next round's queries (warm-started). */
  selectionEffort: z.number().min(0.01).max(1).default(0.25),
  /** Times each real seed counts in training (the synthetic queries once). */
  seedWeight: z.number().int().min(1).max(10).default(2),
  /** Mix of candidates: share of within-class interpolations, of jittered inputs and of inputs moved along the seeds' directions of variation (the rest cross classes). */
  withinShare: z.number().min(0).max(1).default(1 / 3),
  jitterShare: z.number().min(0).max(1).default(0.2),
  jitter: z.number().min(0).default(0.1),
  principalShare: z.number().min(0).max(1).default(0),
  principalScale: z.number().min(0).default(0.5),
  /** Where on the segment a mixture lies (0 = the first input, 1 = the other; outside extrapolates). */
  mixMin: z.number().min(-2).max(3).default(-0.3),
  mixMax: z.number().min(-2).max(3).default(0.6),
  constraints: FeatureConstraints.default(FeatureConstraints.parse({})),
  seed: z.number().int().default(0),
});
export type ExtractionParams = z.output<typeof ExtractionParams>;

export type ExtractionResult = {
  fidelity: number | null;
  /** Fidelity after each round (seed round first): how fast the copy converges. */
  fidelityByRound: { queries: number; fidelity: number }[];
  attackQueries: number;
  evaluationQueries: number;
  seeds: number;
  /** Natural inputs the attack chose from the pool (beyond the seeds). */
  fromPool: number;
  heldOut: number;
  learnedFrom: 'scores' | 'labels';
  surrogate: Network;
  stopped?: StopReason;
  stoppedBy?: string;
}

/**
 * `seeds` are queried first; `pool` holds more unlabeled natural inputs the attacker may choose from (a
 * KnockoffNets-style transfer set): each round queries the pool's least-margin inputs before any synthetic
 * one. `heldOut` inputs are only for measuring fidelity.
 */
export async function runExtraction(target: PredictionTarget, seeds: readonly Vector[], heldOut: readonly Vector[], params: ExtractionParams, context: AttackContext = {}, pool: readonly Vector[] = []): Promise<ExtractionResult> {
  const rng = createRng(params.seed);
  const features = seeds[0]?.length ?? heldOut[0]?.length ?? 0;
  const box = projection(params.constraints, features);
  const xs: Vector[] = [];
  const answers: Prediction[] = [];
  const fidelityByRound: ExtractionResult['fidelityByRound'] = [];
  let stopped: StopReason | undefined;
  let stoppedBy: string | undefined;
  let evaluationQueries = 0;
  let truth: number[] | undefined;
  let surrogate: Network | undefined;
  // Which answered inputs are natural (seeds, pool): they anchor training and the synthetic candidates.
  const natural: boolean[] = [];
  let unqueried = pool.map((x) => box.project(x));

  const ask = async (batch: Vector[], isNatural: boolean): Promise<boolean> => {
    if (batch.length === 0) return true;
    try {
      const got = await target.predict(batch, context.signal);
      xs.push(...batch);
      answers.push(...got);
      natural.push(...batch.map(() => isNatural));
      return true;
    } catch (error) {
      ({ stopped, stoppedBy } = stopOf(error));
      return false;
    }
  };
  const classesOf = (): number => Math.max(target.classes ?? 0, answers[0]?.scores?.length ?? 0, ...answers.map((a) => a.label + 1), 2);
  let final = false;
  const train = (last: boolean): Network => {
    final = last;
    return trainSurrogate(xs, answers, natural, classesOf(), params, surrogate, last);
  };
  const measure = async (): Promise<void> => {
    if (heldOut.length === 0 || !surrogate) return;
    if (!truth) {
      try {
        truth = (await target.predict(heldOut, context.signal)).map((p) => p.label);
        evaluationQueries = heldOut.length;
      } catch (error) {
        ({ stopped, stoppedBy } = stopOf(error));
        return;
      }
    }
    const { labels } = labelsAndMargins(surrogate, heldOut);
    const agree = labels.filter((label, i) => label === truth?.[i]).length;
    fidelityByRound.push({ queries: xs.length, fidelity: agree / heldOut.length });
  };

  const seedBudget = Math.min(seeds.length, params.queries);
  if (await ask(seeds.slice(0, seedBudget).map((x) => box.project(x)), true)) {
    surrogate = train(params.rounds === 0);
    await measure();
  }
  const growth = params.queries - xs.length;
  for (let round = 0; round < params.rounds && !stopped && surrogate && xs.length > 1; round++) {
    if (deadlinePassed(context) || context.signal?.aborted) {
      stopped = context.signal?.aborted ? 'aborted' : 'deadline';
      break;
    }
    const want = Math.min(Math.floor(growth / params.rounds) + (round === params.rounds - 1 ? growth % params.rounds : 0), target.remaining());
    if (want <= 0) break;
    const chosen = leastMargin(surrogate, unqueried, Math.min(want, unqueried.length));
    unqueried = unqueried.filter((x) => !chosen.includes(x));
    if (!(await ask(chosen, true))) break;
    const more = want - chosen.length;
    const made = more > 0 ? candidates(xs, natural, labelsAndMargins(surrogate, xs).labels, box, more * params.candidatesPerQuery, rng, params) : [];
    if (!(await ask(leastMargin(surrogate, made, more), false))) break;
    surrogate = train(round === params.rounds - 1);
    await measure();
    context.progress?.(round + 1, params.rounds);
  }
  // Stopped early (budget, deadline, target failure): the copy reported is still a fully trained one.
  if (surrogate && !final) {
    surrogate = train(true);
    if (truth) {
      if (fidelityByRound.at(-1)?.queries === xs.length) fidelityByRound.pop();
      await measure();
    }
  }
  if (!surrogate) surrogate = createNetwork([features, 2], params.seed);
  const last = fidelityByRound[fidelityByRound.length - 1];
  return {
    fidelity: last?.fidelity ?? null,
    fidelityByRound,
    attackQueries: xs.length,
    evaluationQueries,
    seeds: Math.min(seedBudget, xs.length),
    fromPool: natural.filter(Boolean).length - Math.min(seedBudget, xs.length),
    heldOut: heldOut.length,
    learnedFrom: answers.every((a) => a.scores) && answers.length > 0 ? 'scores' : 'labels',
    surrogate,
    ...(stopped ? { stopped } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}
