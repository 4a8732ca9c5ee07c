import { z } from 'zod';
import { createRng } from '../ml/rng.ts';
import { l2, linf, median, norm2, type Vector } from '../ml/vector.ts';
import { coalescing } from '../targets/coalesce.ts';
import type { Prediction, PredictionTarget } from '../targets/prediction-target.ts';
import { FeatureConstraints, projection } from './constraints.ts';
import { cutByDeadline, deadlinePassed, stopOf, withDeadline, type AttackContext, type StopReason } from './context.ts';
import { defaultHopSkipJump, hopSkipJump, type EvasionGoal } from './hop-skip-jump.ts';
import { Oracle } from './oracle.ts';
import { defaultSimba, simba } from './simba.ts';

export const EvasionParams = z.strictObject({
  /** hop-skip-jump needs labels only; simba needs scores. */
  method: z.enum(['hop-skip-jump', 'simba']).default('hop-skip-jump'),
  norm: z.enum(['l2', 'linf']).default('l2'),
  queriesPerInput: z.number().int().min(10).default(1000),
  /** Per input, the label to reach (targeted); omit for untargeted. */
  targetLabels: z.array(z.number().int().min(0)).optional(),
  constraints: FeatureConstraints.default(FeatureConstraints.parse({})),
  /** Distances (in the attack's norm) at which to report the success rate. */
  distances: z.array(z.number().positive()).default([0.5, 1, 2]),
  /** Use other inputs of the run as starting points (they are already on the other side of the boundary). */
  startFromInputs: z.boolean().default(true),
  simbaEpsilon: z.number().positive().default(defaultSimba.epsilon),
  /** Probes for HopSkipJump's first gradient estimate. */
  initEvals: z.number().int().min(4).default(defaultHopSkipJump.initEvals),
  /** Inputs attacked at once; their queries share calls, which HTTP targets with batching answer faster. */
  concurrency: z.number().int().min(1).max(1000).default(32),
  seed: z.number().int().default(0),
  /**
   * Times each adversarial input is asked again, after every input was attacked, before it counts: an API that
   * answers at random or with noise (a defence) must keep its answer. Taken from each input's allowance.
   */
  confirmations: z.number().int().min(0).max(10).default(2),
});
export type EvasionParams = z.output<typeof EvasionParams>;

/** One attacked input; the documented JSON contract (README.md). */
export type EvasionInputResult = {
  index: number;
  /** The label the target gave the clean input. */
  original: number;
  /** The label supplied with the input, when one was. */
  label?: number;
  target?: number;
  /** Not attacked: the target already misclassifies it, or the run stopped first. */
  skipped?: 'misclassified' | 'not-reached';
  success: boolean;
  queries: number;
  l2: number | null;
  linf: number | null;
  /**
   * `l2` over the input's own L2 norm: raw distances are in feature units, so 0.3 means nothing without the
   * features' scale; 0.05 is "changed by 5% of the input's size". Null when not found or the input is all zeros.
   */
  relativeL2: number | null;
  adversarialLabel?: number;
  adversarial?: number[];
  /** Found, but the API gave it the original label (or not the target) when asked again: not counted. */
  unconfirmed?: boolean;
}

export type EvasionSummary = {
  method: EvasionParams['method'];
  norm: EvasionParams['norm'];
  attacked: number;
  successRate: number;
  /** Over successful inputs; null when none succeeded. */
  medianL2: number | null;
  medianLinf: number | null;
  /** Median of the successful inputs' `relativeL2`. */
  medianRelativeL2: number | null;
  medianQueries: number | null;
  totalQueries: number;
  /** Adversarial inputs the API answered differently when asked again (random or noisy answers); not successes. */
  unconfirmed: number;
  successAt: { distance: number; rate: number }[];
  /** Share of attacked inputs evaded within each distance, 20 points up to the largest found. */
  curve: { distance: number; rate: number }[];
  stopped?: StopReason;
  stoppedBy?: string;
}

export type EvasionResult = {
  inputs: EvasionInputResult[];
  summary: EvasionSummary;
}

/**
 * Attack each input within its query allowance and summarise. Inputs are attacked `concurrency` at a time
 * and their queries coalesced into shared calls; the run stops early (keeping results) on budget, deadline,
 * abort or a target error.
 */
export async function runEvasion(target: PredictionTarget, xs: readonly Vector[], labels: readonly number[] | undefined, params: EvasionParams, outer: AttackContext = {}): Promise<EvasionResult> {
  const { context, dispose } = withDeadline(outer);
  try {
    return await evade(target, xs, labels, params, context);
  } finally {
    dispose();
  }
}

async function evade(target: PredictionTarget, xs: readonly Vector[], labels: readonly number[] | undefined, params: EvasionParams, context: AttackContext): Promise<EvasionResult> {
  const features = xs[0]?.length ?? 0;
  const box = projection(params.constraints, features);
  const results: EvasionInputResult[] = xs.map((_, index) => ({ index, original: -1, success: false, queries: 0, l2: null, linf: null, relativeL2: null, skipped: 'not-reached' }));
  let stopped: StopReason | undefined;
  let stoppedBy: string | undefined;
  const stop = (error: unknown): void => {
    if (!stopped) ({ stopped, stoppedBy } = stopOf(error));
  };
  let clean: Prediction[] = [];
  try {
    clean = await target.predict(xs, context.signal);
  } catch (error) {
    stop(error);
  }
  clean.forEach((p, i) => Object.assign(results[i] as EvasionInputResult, { original: p.label, queries: 1, ...(labels ? { label: labels[i] } : {}) }));
  if (params.method === 'simba' && clean.length > 0 && clean.some((p) => !p.scores)) {
    throw new ScoresNeededError('simba needs scores and the target returns labels only; use method hop-skip-jump');
  }
  const shared = coalescing(target);
  let done = 0;
  const attackOne = async (i: number): Promise<void> => {
    const result = results[i] as EvasionInputResult;
    if (labels && labels[i] !== result.original) {
      result.skipped = 'misclassified';
      return;
    }
    if (stopped || deadlinePassed(context) || context.signal?.aborted) return;
    const wanted = params.targetLabels?.[i];
    const goal: EvasionGoal & { scores0: Float64Array } = {
      x0: xs[i] as Vector,
      original: result.original,
      ...(wanted !== undefined ? { target: wanted } : {}),
      starts: params.startFromInputs ? startsFor(i, xs, clean, result.original, wanted) : [],
      scores0: clean[i]?.scores ?? new Float64Array(0),
    };
    delete result.skipped;
    if (wanted !== undefined) result.target = wanted;
    const oracle = new Oracle(shared, Math.max(1, params.queriesPerInput - 1 - params.confirmations), context);
    // One random stream per input keeps results reproducible however the tasks interleave.
    const rng = createRng(params.seed * 100_003 + i);
    let adversarial: Vector | undefined;
    try {
      adversarial =
        params.method === 'simba'
          ? await simba(oracle, box, goal, { ...defaultSimba, epsilon: params.simbaEpsilon }, rng)
          : await hopSkipJump(oracle, box, goal, { ...defaultHopSkipJump, norm: params.norm, initEvals: params.initEvals }, rng);
    } catch (error) {
      stop(error);
    }
    // The attack kept its best input when a call failed or time ran out; the run stops for the same reason.
    if (oracle.failure !== undefined) stop(oracle.failure);
    else if (oracle.stopped === 'deadline' || oracle.stopped === 'aborted') stopped ??= oracle.stopped;
    result.queries += oracle.used;
    if (adversarial) Object.assign(result, { success: true, ...distances(adversarial, goal.x0), adversarial: Array.from(adversarial) });
    context.progress?.(++done, clean.length);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < clean.length) await attackOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(params.concurrency, clean.length) }, worker));
  if (!stopped) {
    try {
      await confirm(target, results, params, labelsWanted(params), context);
    } catch (error) {
      stop(error);
    }
  }
  if (!stopped && target.remaining() < 1) stopped = 'budget';
  if (!stopped && results.some((r) => r.skipped === 'not-reached')) stopped = context.signal?.aborted && !cutByDeadline(context) ? 'aborted' : 'deadline';
  return { inputs: results, summary: summarise(results, params, stopped, stoppedBy) };
}

const labelsWanted = (params: EvasionParams) => (r: EvasionInputResult, label: number): boolean =>
  params.targetLabels?.[r.index] !== undefined ? label === params.targetLabels[r.index] : label !== r.original;

/**
 * Ask the API again for every adversarial found, in rounds over all of them (so no two calls in a row are for
 * one input): one answer that goes back is enough to not count it. Queries come from each input's allowance.
 */
async function confirm(target: PredictionTarget, results: EvasionInputResult[], params: EvasionParams, wanted: (r: EvasionInputResult, label: number) => boolean, context: AttackContext): Promise<void> {
  for (let round = 0; round < params.confirmations; round++) {
    const pending = results.filter((r) => r.success && r.adversarial !== undefined);
    const asked = pending.slice(0, Math.max(0, Math.floor(target.remaining())));
    if (asked.length === 0) return;
    const answers = await target.predict(
      asked.map((r) => Float64Array.from(r.adversarial as number[])),
      context.signal,
    );
    asked.forEach((r, k) => {
      r.queries += 1;
      const label = answers[k]?.label as number;
      if (wanted(r, label)) r.adversarialLabel ??= label;
      else Object.assign(r, { success: false, unconfirmed: true, l2: null, linf: null, relativeL2: null });
    });
  }
}

/** How far an adversarial input is from its original: raw in both norms, and L2 relative to the original's size. */
export function distances(adversarial: Vector, x0: Vector): Pick<EvasionInputResult, 'l2' | 'linf' | 'relativeL2'> {
  const raw = l2(adversarial, x0);
  const size = norm2(x0);
  return { l2: raw, linf: linf(adversarial, x0), relativeL2: size > 0 ? raw / size : null };
}

/** A misuse the user must fix, not a partial result. */
export class ScoresNeededError extends Error {}

function startsFor(i: number, xs: readonly Vector[], clean: Prediction[], original: number, wanted: number | undefined): Vector[] {
  const x0 = xs[i] as Vector;
  return xs
    .map((x, j) => ({ x, j }))
    .filter(({ j }) => j !== i && clean[j] !== undefined && (wanted === undefined ? clean[j]?.label !== original : clean[j]?.label === wanted))
    .sort((a, b) => l2(a.x, x0) - l2(b.x, x0))
    .slice(0, 5)
    .map(({ x }) => x);
}

export function summarise(results: EvasionInputResult[], params: Pick<EvasionParams, 'method' | 'norm' | 'distances'>, stopped?: StopReason, stoppedBy?: string): EvasionSummary {
  const attacked = results.filter((r) => r.skipped === undefined);
  const won = attacked.filter((r) => r.success);
  const dist = (r: EvasionInputResult): number => (params.norm === 'l2' ? (r.l2 ?? Infinity) : (r.linf ?? Infinity));
  const rateAt = (d: number): number => (attacked.length === 0 ? 0 : attacked.filter((r) => r.success && dist(r) <= d).length / attacked.length);
  const largest = Math.max(0, ...won.map(dist));
  const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    method: params.method,
    norm: params.norm,
    attacked: attacked.length,
    successRate: attacked.length === 0 ? 0 : won.length / attacked.length,
    medianL2: orNull(median(won.map((r) => r.l2 ?? Infinity))),
    medianLinf: orNull(median(won.map((r) => r.linf ?? Infinity))),
    medianRelativeL2: orNull(median(won.map((r) => r.relativeL2 ?? Infinity))),
    medianQueries: orNull(median(won.map((r) => r.queries))),
    totalQueries: results.reduce((s, r) => s + r.queries, 0),
    unconfirmed: results.filter((r) => r.unconfirmed).length,
    successAt: params.distances.map((distance) => ({ distance, rate: rateAt(distance) })),
    curve: largest === 0 ? [] : Array.from({ length: 20 }, (_, k) => (largest * (k + 1)) / 20).map((distance) => ({ distance, rate: rateAt(distance) })),
    ...(stopped ? { stopped } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}
