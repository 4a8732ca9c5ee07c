/**
 * Pixels overwritten off the data's grid: ART's PixelAttack on small images. Its first run sets 64 pixels of an 8×8
 * image — a new image each query, no sparse edit (sparse-edits.ts) — to levels ⌊l⌋/255, which are off the grid natural
 * inputs lie on (the 8×8 digits: sixteenths). What it leaves untouched is the image it attacks, exactly, so two of its
 * queries agree on every feature that is on the grid in both and carries ink. Natural inputs are all on the grid, a
 * rescan's noise moves every pixel off it, Jacobian augmentation (x ± λ) leaves only clipped features on it: none has
 * a quarter of its features off the grid and the rest, where ink, equal to the previous query's.
 *
 * The grid is a power-of-two unit (byte rows, row-formats.ts) that most of the warm-up's inputs fit; without one (readings
 * of sensors, images on a grid of 1/255, whose PixelAttack levels are on it) the rule is off.
 */
import { byteUnit, fitsByte } from '../../../monitor/numeric/row-formats.ts';
import type { InputRange } from './linf-steps.ts';
import { MIN_CHANGED, MIN_FEATURES } from './sparse-edits.ts';

/** Share of a query's features off the grid for it to count as overwritten. */
export const OFF_GRID = 0.25;
/** Features on the grid in both queries and carrying ink that must all agree. */
const AGREEING = 3;

/**
 * The warm-up's grid unit: the finest of its inputs' byte units, when half of them or more have one; 0 for none. Not
 * all of them: a client rescanning documents sends every ink pixel off the grid (on held-out seed 2261, 1 in 60 of the
 * warm-up), and its queries, off the grid with no ink on it, are no overwrites.
 */
export function gridUnit(sample: readonly Float64Array[]): number {
  let finest = Infinity;
  let without = 0;
  for (const x of sample) {
    const u = byteUnit(x);
    if (u === 0) without++;
    else finest = Math.min(finest, u);
  }
  return sample.length > 0 && 2 * without <= sample.length && finest < Infinity ? finest : 0;
}

/**
 * Whether `x` and the client's previous query `previous` are both overwritten copies of one image: each a quarter or
 * more off the grid, `MIN_CHANGED` features apart, and equal on every feature (three or more) that is on the grid in
 * both and strictly inside the input range. Two natural inputs part at their first shared ink pixel, a few features in.
 */
export function isOverwrite(x: ArrayLike<number>, previous: ArrayLike<number>, unit: number, range: InputRange): boolean {
  const n = x.length;
  if (n < MIN_FEATURES || previous.length !== n) return false;
  const scale = 1 / unit;
  const low = range.lo + range.tolerance;
  const high = range.hi - range.tolerance;
  let offX = 0;
  let offPrevious = 0;
  let agreeing = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] as number;
    const b = previous[i] as number;
    // On the grid: a whole number of units from 0 to 255, as byte rows hold them.
    const onA = fitsByte(a * scale);
    const onB = fitsByte(b * scale);
    if (!onA) offX++;
    if (!onB) offPrevious++;
    if (a !== b) changed++;
    if (onA && onB && a > low && a < high && b > low && b < high) {
      if (a !== b) return false;
      agreeing++;
    }
  }
  return offX >= OFF_GRID * n && offPrevious >= OFF_GRID * n && changed >= MIN_CHANGED && agreeing >= AGREEING;
}
