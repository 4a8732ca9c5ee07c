/**
 * Sparse edits (L0 steps): a query equal to an earlier query of the same client on most of the features where it says
 * anything, and different on a few of them by any amounts. ART's PixelAttack (differential evolution over which
 * pixels to set, and to what) sends populations of such copies of one image; so do one-pixel and SparseRS attacks.
 * Neither L∞ steps (the amounts differ) nor Blacklight (64 pixels set at random across a 28×28 image leave half of
 * any query's windows whole, a quarter of two queries': ~5 of 20 hashes shared) see them. Natural images never
 * agree exactly on their ink (a rescan's noise moves every pixel); a person editing a field or two of a form, which
 * does look like this, changes fewer features than `MIN_CHANGED`, and inputs of fewer than `MIN_FEATURES` features
 * (tabular rows, whose categories agree exactly between natural records) are left alone.
 */
import type { InputRange } from './linf-steps.ts';

/** Inputs of fewer features are not tested: tabular rows, whose one-hot and small-integer fields natural records share. */
export const MIN_FEATURES = 32;
/** Features that must differ: one or two is a person editing a form (and SimBA's one-pixel steps, which chains see). */
export const MIN_CHANGED = 3;
/**
 * Share of the informative features (where both queries lie strictly inside the input range: ink in both, not the
 * background at the range's end) that are equal. Both: a pixel PixelAttack sets on the background is not ink of the
 * image it edits, and counted against the edit it would make 64 pixels of 784 look like a quarter of the ink changed.
 */
export const AGREEING = 0.75;

/** What one test found (reused: the hot path allocates nothing). */
export interface SparseEdit {
  /** Features that differ, and the informative features (inside the range in both) and how many of them are equal. */
  changed: number;
  informative: number;
  agreeing: number;
  /** How many queries back the earlier one was. */
  ago: number;
}

export function emptyEdit(): SparseEdit {
  return { changed: 0, informative: 0, agreeing: 0, ago: 0 };
}

/**
 * Whether `x` is a sparse edit of the stored input at `offset` of `stored`: at least `AGREEING` of the features where
 * both lie strictly inside the range are equal within the tolerance, at least `MIN_CHANGED` features differ, and there
 * are eight such informative features or more.
 */
export function isSparseEdit(x: ArrayLike<number>, stored: Float32Array, offset: number, range: InputRange, out: SparseEdit): boolean {
  const low = range.lo + range.tolerance;
  const high = range.hi - range.tolerance;
  const tolerance = range.tolerance;
  let informative = 0;
  let agreeing = 0;
  let changed = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = stored[offset + i] as number;
    const equal = Math.abs(a - b) <= tolerance;
    if (!equal) changed++;
    if (a > low && a < high && b > low && b < high) {
      informative++;
      if (equal) agreeing++;
    }
  }
  if (informative < 8 || changed < MIN_CHANGED || agreeing < AGREEING * informative) return false;
  out.changed = changed;
  out.informative = informative;
  out.agreeing = agreeing;
  return true;
}

/**
 * Whether the row whose values at positions `at[0..n)` start at `offset` of `row` (the screen's block of a stored
 * row, or the row itself) may be one the query is a sparse edit of: of the query's values `values[0..n)` (four or
 * more, each informative), at most two differ from the row's where the row's are informative too (a pixel an attack
 * set on the background is not counted against the edit, as `isSparseEdit` does not). Not a strictly necessary
 * condition: an edit that changes three of these features goes unseen — as the pixels an attack sets are few, most of
 * its copies keep them.
 */
export function mayEdit(values: Float64Array, at: Int32Array, n: number, row: Float32Array, offset: number, low: number, high: number, tolerance: number): boolean {
  if (n < 4) return false;
  let misses = 0;
  for (let j = 0; j < n; j++) {
    const b = row[offset + (at[j] as number)] as number;
    if (b > low && b < high && Math.abs((values[j] as number) - b) > tolerance && ++misses > 2) return false;
  }
  return true;
}
