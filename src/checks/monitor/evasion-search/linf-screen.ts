import type { InputRange } from './linf-steps.ts';

/**
 * A screen in front of the L∞ step test (linf-steps.ts): a few features of every stored input, kept side by side in
 * one small block, that show most stored rows to be no step source without reading them. The test reads each of a
 * client's last 32 rows for every query, and on the throughput workload a row is a cache miss (~84 ns; 200 clients'
 * rows are 1.6 MB at 64 features): the screen's block is 1 KB a client.
 *
 * Why it is exact (a strictly necessary condition): the test gives a magnitude m only if every feature where both
 * values lie strictly inside the range (`low` < v < `high`, "unclipped") and differ by more than `tolerance`
 * ("changed") differs by m within `tolerance`: m is the first such difference in feature order and every later one
 * is compared with it; the clipped features' rules only ever add rejections. So any two unclipped changed
 * differences are within 2 × tolerance of each other, whichever order the features are read in. Each difference is
 * below the range's span and computed from the very same two numbers (the stored float32 value, the query's
 * float64), so the rounding of the comparisons is ~10⁻¹⁶ of the span against a tolerance of 10⁻⁵ of it: the screen
 * rejects a row only when two of its features' unclipped changed differences are more than 3 × tolerance apart,
 * which the test would have rejected too.
 */

/** Screened features: 8 × 4 bytes × 32 rows is 1 KB a client, 16 cache lines. */
export const SCREENED = 8;

/**
 * The features that most often tell two natural inputs apart: those where consecutive warm-up inputs were most often
 * both unclipped and changed (a feature at 0 in most digits, or at its clip, says nothing). Fewer than two such
 * features: none (no row can be shown to be no step by fewer than two differences).
 */
export function screenFeatures(sample: readonly ArrayLike<number>[], range: InputRange): Int32Array {
  const d = sample[0]?.length ?? 0;
  const low = range.lo + range.tolerance;
  const high = range.hi - range.tolerance;
  const telling = new Float64Array(d);
  for (let s = 1; s < sample.length; s++) {
    const a = sample[s - 1] as ArrayLike<number>;
    const b = sample[s] as ArrayLike<number>;
    if (a.length !== d || b.length !== d) continue;
    for (let i = 0; i < d; i++) {
      const u = a[i] as number;
      const v = b[i] as number;
      if (u > low && u < high && v > low && v < high && Math.abs(u - v) > range.tolerance) telling[i] = (telling[i] as number) + 1;
    }
  }
  const ranked = Array.from({ length: d }, (_, i) => i)
    .filter((i) => (telling[i] as number) > 0)
    .sort((i, j) => (telling[j] as number) - (telling[i] as number) || i - j)
    .slice(0, SCREENED);
  return Int32Array.from(ranked.length >= 2 ? ranked : []);
}

/**
 * Whether the stored row whose screened values start at `offset` of `keys` may be a step source for the query whose
 * unclipped screened values are `values[0..n)` (at positions `at[0..n)` of the screen): false only when two unclipped
 * changed differences are more than 3 × tolerance apart (see above).
 */
export function mayStep(at: Int32Array, values: Float64Array, n: number, keys: Float32Array, offset: number, low: number, high: number, tolerance: number): boolean {
  let first = -1;
  const apart = 3 * tolerance;
  for (let j = 0; j < n; j++) {
    const b = keys[offset + (at[j] as number)] as number;
    if (!(b > low && b < high)) continue;
    const a = values[j] as number;
    // Math.abs, not a branch on the larger of the two: that branch went either way at random (natural inputs) and was
    // mispredicted half the time; the L∞ test alone 0.80× the CPU with both. The same number (a − b is −(b − a) exactly)
    // but for the sign of a zero difference, which is only ever compared with the tolerance.
    const d = Math.abs(a - b);
    if (d <= tolerance) continue;
    if (first < 0) first = d;
    else if (d - first > apart || first - d > apart) return false;
  }
  return true;
}

/** `screenRow`'s answer: the row may be an L∞ step source (`mayStep`), a sparse edit source (sparse-edits.ts `mayEdit`). */
export const MAY_STEP = 1;
export const MAY_EDIT = 2;

/**
 * `mayStep` and sparse-edits.ts's `mayEdit` of one row in one pass over its screened values, as `MAY_STEP | MAY_EDIT`
 * bits: the same answers (a property test holds them to the two), read once. It stops as soon as neither can hold,
 * which for two natural inputs is at the third screened value.
 */
export function screenRow(at: Int32Array, values: Float64Array, n: number, keys: Float32Array, offset: number, low: number, high: number, tolerance: number): number {
  let first = -1;
  let step = true;
  let misses = 0;
  const apart = 3 * tolerance;
  for (let j = 0; j < n; j++) {
    const b = keys[offset + (at[j] as number)] as number;
    // A clipped stored value says nothing to either test.
    if (!(b > low && b < high)) continue;
    const d = Math.abs((values[j] as number) - b);
    if (d <= tolerance) continue;
    misses++;
    if (first < 0) first = d;
    else if (d - first > apart || first - d > apart) step = false;
    if (!step && misses > 2) return 0;
  }
  return (step ? MAY_STEP : 0) | (n >= 4 && misses <= 2 ? MAY_EDIT : 0);
}
