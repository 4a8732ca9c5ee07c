import { distance2 } from '../../../monitor/numeric/vector.ts';

/**
 * Per-feature weights that put an input's features on one scale before PRADA measures distances (issue #13,
 * tabular credit). On a bank's application (age, amounts to 100,000, counts, one-hot categories) the raw L2
 * distance is the distance between the amounts: a natural applicant's minimum distances then follow one skewed
 * feature, and their Shapiro–Wilk W fell below δ for 13–18 of 40 natural clients.
 *
 * Only inputs whose features are in different units are rescaled: when the widest feature's range is at most
 * `UNITS_RATIO` times the median feature's (every pixel of an image: 0–16 or 0–1), the weights are undefined and
 * distances stay as PRADA measures them. Otherwise each feature is divided by its spread among the warm-up's
 * inputs (standard deviation), so that a feature's usual variation counts as one unit, whatever its unit.
 *
 * Two guards. A feature that takes two values only (a one-hot column, a flag) is left in its own unit (weight 1 /
 * its range): divided by its standard deviation (0.3–0.5) one change of category outweighed every amount, the
 * distances fell on a few levels and W dropped further (range-scaling everything flagged 31 of 40 natural
 * clients, third-party seed 101). A feature that never varied in the warm-up gets the median weight of the
 * others, so a query that changes it is not at a zero distance.
 */
const UNITS_RATIO = 10;

export type CommonScale = 'auto' | 'off' | 'on';

export function featureWeights(sample: readonly Float64Array[], mode: CommonScale, clients?: readonly string[]): Float64Array | undefined {
  const pooled = pooledWeights(sample, mode);
  return pooled && clients ? byClients(pooled, sample, clients) : pooled;
}

/** Clients that must each have sent `MIN_INPUTS` of the warm-up for any to be left out. */
const MIN_CLIENTS = 3;
const MIN_INPUTS = 3;
/** A client whose inputs spread over a feature more than this many times the median client's is left out of its weight. */
const OUTLYING = 3;

/**
 * The pooled weights, each feature's from the inputs of the clients whose own spread there is not far above the
 * median client's, so that a few clients cannot set it: on held-out credit seed 1406 four attack tools sent 100 of
 * the warm-up's 200 inputs (25 each, the most a client counts for), BoundaryAttack's uniform noise among them, and
 * the pooled spread of the counts came out 5–10 times a natural client's (extraction then missed Copycat, KnockoffNets
 * and the slow extraction; all three caught with this, at their 60th–72nd query). Noise inside a feature's range that
 * spreads no wider than natural inputs do (a one-hot column's) is not left out.
 */
function byClients(pooled: Float64Array, sample: readonly Float64Array[], clients: readonly string[]): Float64Array {
  const groups = new Map<string, Float64Array[]>();
  sample.forEach((x, i) => {
    const c = clients[i] ?? '';
    const own = groups.get(c);
    if (own) own.push(x);
    else groups.set(c, [x]);
  });
  const judged = [...groups.values()].filter((g) => g.length >= MIN_INPUTS);
  if (judged.length < MIN_CLIENTS) return pooled;
  const out = Float64Array.from(pooled);
  for (let i = 0; i < out.length; i++) {
    const sd = judged.map((g) => deviation(g, i));
    const median = [...sd].sort((p, q) => p - q)[Math.floor(sd.length / 2)] as number;
    if (!(median > 0)) continue;
    // Only the clients of `MIN_INPUTS` or more count, those kept included: a feature where none is outlying keeps its pooled weight.
    const kept = judged.filter((_, c) => (sd[c] as number) <= OUTLYING * median);
    if (kept.length === judged.length) continue;
    const weight = columnWeight(kept.flat(), i);
    if (weight > 0) out[i] = weight;
  }
  return out;
}

/**
 * Feature `i`'s weight among the inputs: 1 / its range when it takes two values only (a one-hot column, a flag), else
 * 1 / its standard deviation; 0 when it never varied.
 */
function columnWeight(xs: readonly Float64Array[], i: number): number {
  const { lo, hi, range } = extent(xs, i);
  if (!(range > 0)) return 0;
  const twoValued = xs.every((x) => x[i] === lo || x[i] === hi);
  return twoValued ? 1 / range : 1 / deviation(xs, i);
}

function extent(xs: readonly Float64Array[], i: number): { lo: number; hi: number; range: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    const v = x[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi, range: hi - lo };
}

function deviation(xs: readonly Float64Array[], i: number): number {
  let sum = 0;
  for (const x of xs) sum += x[i] as number;
  const mean = sum / xs.length;
  let squares = 0;
  for (const x of xs) squares += ((x[i] as number) - mean) ** 2;
  return Math.sqrt(squares / (xs.length - 1));
}

function pooledWeights(sample: readonly Float64Array[], mode: CommonScale): Float64Array | undefined {
  const d = sample[0]?.length ?? 0;
  if (mode === 'off' || d === 0 || sample.length < 2 || sample.some((x) => x.length !== d)) return undefined;
  const range = Float64Array.from({ length: d }, (_, i) => extent(sample, i).range);
  const varying = Array.from(range).filter((r) => r > 0);
  if (varying.length === 0) return undefined;
  const sorted = [...varying].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  // Decided on the ranges alone: images (every pixel in one unit) skip the spreads, ~8 ms at the bench's warm-up.
  if (mode === 'auto' && (sorted[sorted.length - 1] as number) <= UNITS_RATIO * median) return undefined;
  const weights = new Float64Array(d);
  for (let i = 0; i < d; i++) if ((range[i] as number) > 0) weights[i] = columnWeight(sample, i);
  const set = Array.from(weights).filter((w) => w > 0).sort((a, b) => a - b);
  const fill = set[Math.floor(set.length / 2)] as number;
  for (let i = 0; i < d; i++) if (!((range[i] as number) > 0)) weights[i] = fill;
  return weights;
}

/** The median distance between consecutive inputs: the typical distance when no two clients' inputs could be paired. */
export function medianStep(sample: readonly Float64Array[]): number {
  const steps: number[] = [];
  for (let i = 1; i < sample.length; i++) {
    const a = sample[i - 1] as Float64Array;
    const b = sample[i] as Float64Array;
    if (a.length === b.length) steps.push(Math.sqrt(distance2(a, b)));
  }
  steps.sort((a, b) => a - b);
  const m = steps[Math.floor(steps.length / 2)] ?? 1;
  return m > 0 ? m : 1;
}
