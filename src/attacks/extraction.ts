import { z } from 'zod';
import { fit } from '../ml/fit.ts';
import { createNetwork, predictProba, type Network } from '../ml/network.ts';
import { createRng, type Rng } from '../ml/rng.ts';
import { argmax, type Vector } from '../ml/vector.ts';
import type { Prediction, PredictionTarget } from '../targets/prediction-target.ts';
import { FeatureConstraints, projection, type Projection } from './constraints.ts';
import { deadlinePassed, stopOf, type AttackContext, type StopReason } from './context.ts';

/**
 * Model extraction (Tramèr et al. 2016; Papernot et al. 2017 for synthetic growth): train a surrogate on the
 * API's answers to a few unlabeled seed inputs, then grow the training set with synthetic queries where the
 * surrogate is least sure — points between seeds the surrogate puts in different classes, and jittered
 * seeds — and retrain. Learns from the full score vector when the API returns one (distillation), from the
 * label otherwise. Fidelity is agreement with the victim on held-out inputs the surrogate never trained on.
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
  epochs: z.number().int().min(1).default(200),
  /** Times each real seed counts in training (the synthetic queries once). */
  seedWeight: z.number().int().min(1).max(10).default(2),
  /** Rounds after the first continue training the previous surrogate for `warmEpochs` instead of starting over. */
  warmStart: z.boolean().default(false),
  warmEpochs: z.number().int().min(1).default(40),
  /** Mix of candidates: share of within-class interpolations and of jittered inputs (the rest cross classes). */
  withinShare: z.number().min(0).max(1).default(1 / 3),
  jitterShare: z.number().min(0).max(1).default(0.2),
  jitter: z.number().min(0).default(0.1),
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
  heldOut: number;
  learnedFrom: 'scores' | 'labels';
  surrogate: Network;
  stopped?: StopReason;
  stoppedBy?: string;
}

export async function runExtraction(target: PredictionTarget, seeds: readonly Vector[], heldOut: readonly Vector[], params: ExtractionParams, context: AttackContext = {}): Promise<ExtractionResult> {
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
  let seedCount = 0;

  const ask = async (batch: Vector[]): Promise<boolean> => {
    try {
      const got = await target.predict(batch, context.signal);
      xs.push(...batch);
      answers.push(...got);
      return true;
    } catch (error) {
      ({ stopped, stoppedBy } = stopOf(error));
      return false;
    }
  };
  const classesOf = (): number => Math.max(target.classes ?? 0, answers[0]?.scores?.length ?? 0, ...answers.map((a) => a.label + 1), 2);
  const train = (): Network => trainSurrogate(xs, answers, seedCount, classesOf(), features, params, surrogate);
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
    const model = surrogate;
    const agree = heldOut.filter((x, i) => argmax(predictProba(model, x)) === truth?.[i]).length;
    fidelityByRound.push({ queries: xs.length, fidelity: agree / heldOut.length });
  };

  const seedBudget = Math.min(seeds.length, params.queries);
  if (await ask(seeds.slice(0, seedBudget).map((x) => box.project(x)))) {
    seedCount = xs.length;
    surrogate = train();
    await measure();
  }
  const synthetic = params.queries - xs.length;
  for (let round = 0; round < params.rounds && !stopped && surrogate && xs.length > 1; round++) {
    if (deadlinePassed(context) || context.signal?.aborted) {
      stopped = context.signal?.aborted ? 'aborted' : 'deadline';
      break;
    }
    const want = Math.min(Math.floor(synthetic / params.rounds) + (round === params.rounds - 1 ? synthetic % params.rounds : 0), target.remaining());
    if (want <= 0) break;
    const model = surrogate;
    const pool = candidates(xs, model, box, want * params.candidatesPerQuery, rng, params);
    // Query where the surrogate's top two classes are closest: the boundary it has not learned yet.
    const picked = pool
      .map((x) => ({ x, margin: margin(predictProba(model, x)) }))
      .sort((a, b) => a.margin - b.margin)
      .slice(0, want)
      .map((c) => c.x);
    if (!(await ask(picked))) break;
    surrogate = train();
    await measure();
    context.progress?.(round + 1, params.rounds);
  }
  if (!surrogate) surrogate = createNetwork([features, 2], params.seed);
  const last = fidelityByRound[fidelityByRound.length - 1];
  return {
    fidelity: last?.fidelity ?? null,
    fidelityByRound,
    attackQueries: xs.length,
    evaluationQueries,
    seeds: Math.min(seedBudget, xs.length),
    heldOut: heldOut.length,
    learnedFrom: answers.every((a) => a.scores) && answers.length > 0 ? 'scores' : 'labels',
    surrogate,
    ...(stopped ? { stopped } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}

function trainSurrogate(xs: Vector[], answers: Prediction[], seeds: number, classes: number, features: number, params: ExtractionParams, previous: Network | undefined): Network {
  const useScores = answers.every((a) => a.scores && a.scores.length === classes && a.scoredClasses === undefined);
  const targets = answers.map((a) => (useScores ? (a.scores as Float64Array) : a.label));
  // The seeds are the only inputs drawn from the data's own distribution (fidelity is measured there): they
  // count `seedWeight` times, so the synthetic queries near the boundary do not drown them.
  const rows = [...xs, ...Array.from({ length: params.seedWeight - 1 }, () => xs.slice(0, seeds)).flat()];
  const labels = [...targets, ...Array.from({ length: params.seedWeight - 1 }, () => targets.slice(0, seeds)).flat()];
  const sizes = params.surrogate === 'mlp' ? [features, params.hidden, classes] : [features, classes];
  const warm = params.warmStart && previous !== undefined && previous.layers[previous.layers.length - 1]?.outputs === classes;
  const net = warm ? previous : createNetwork(sizes, params.seed + 1);
  // Cold: epochs scale down as data grows so training time stays near-constant per round. Warm: the previous
  // round's surrogate only has to take in the new answers.
  const epochs = warm ? params.warmEpochs : Math.max(20, Math.round((params.epochs * 200) / Math.max(200, rows.length)));
  fit(net, rows, labels, { epochs, learningRate: 0.005, batchSize: 32, l2: 1e-4, seed: params.seed });
  return net;
}

/** Synthetic inputs: points on segments between inputs the surrogate labels differently, and jittered inputs. */
function candidates(xs: Vector[], model: Network, box: Projection, count: number, rng: Rng, params: ExtractionParams): Vector[] {
  const labels = xs.map((x) => argmax(predictProba(model, x)));
  const out: Vector[] = [];
  for (let k = 0; k < count; k++) {
    const a = rng.int(xs.length);
    const xa = xs[a] as Vector;
    const kind = rng.next();
    if (kind < params.jitterShare) {
      out.push(box.project(xa.map((v, i) => v + params.jitter * rng.normal() * ((box.upper[i] as number) - (box.lower[i] as number)))));
      continue;
    }
    // Pairs across the surrogate's boundary, or within a class (closer to real data).
    const crossing = rng.next() >= params.withinShare;
    let b = rng.int(xs.length);
    for (let tries = 0; tries < 10 && (labels[b] === labels[a]) === crossing; tries++) b = rng.int(xs.length);
    const xb = xs[b] as Vector;
    const t = params.mixMin + (params.mixMax - params.mixMin) * rng.next();
    out.push(box.project(xa.map((v, i) => (1 - t) * v + t * (xb[i] as number))));
  }
  return out;
}

function margin(p: Float64Array): number {
  let first = 0;
  let second = 0;
  for (const v of p) {
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  return first - second;
}
