/**
 * L∞ steps: a query whose difference from an earlier query of the same client is one magnitude (±m) on every
 * feature that changed, the rest unchanged or clipped to the input range. Score-based L∞ searches send nothing
 * else: ART's SquareAttack redraws squares of x ± ε (two of its queries of one image differ by 0 or ±2ε, a query
 * and the image by ±ε), the Parsimonious attack flips blocks of a vertex x ± ε, SimBA in the pixel basis and
 * bandits with sign steps move coordinates by ±ε. Natural inputs, rescans with scanner noise and other images never
 * agree on one magnitude over every changed feature; Blacklight's fingerprints miss a square that moves every
 * pixel it covers across a quantisation level.
 */

import { MAY_EDIT, MAY_STEP, mayStep, screenRow, SCREENED } from './linf-screen.ts';
import { isSparseEdit, mayEdit, MIN_FEATURES, type SparseEdit } from './sparse-edits.ts';

/** What one test found (reused: the hot path allocates nothing). */
export interface LinfStep {
  /** The magnitude m of the step. */
  magnitude: number;
  /** Features that moved by ±m, and those that moved less because one side is at the input range's end (clipped). */
  stepped: number;
  clipped: number;
  /** How many queries back the earlier one was (1: the previous query kept). */
  ago: number;
  /** Whether the step is stripes (`isStriped`). */
  striped: boolean;
}

export function emptyStep(): LinfStep {
  return { magnitude: 0, stepped: 0, clipped: 0, ago: 0, striped: false };
}

/**
 * Striped steps that flag a client at once: SquareAttack (Andriushchenko et al. 2020; ART's `SquareAttack`) starts each
 * image of its batch from vertical stripes of ±ε, so its first queries after the clean images are such steps, one an
 * image. An attack that stops as soon as every image is misclassified (a weak model: 77–94 queries on 28×28 digits)
 * sent 16 clean images and 6 stripes before `linfSteps` flagged it, past 20% of its queries.
 */
export const STRIPED_STEPS = 2;

/**
 * Whether an L∞ step of a square image of 8×8 pixels or more moves whole columns (or rows) one way, three quarters of
 * those that can move and some each way, and a quarter of the pixels or more by the full magnitude: stripes of ±m. No
 * natural change does this (a brightness change moves every pixel one way), the other searches move a square, a block
 * or one pixel, and a form of 16 fields edited a few at a time is no image (a review found 2 up and 2 down flagged it).
 */
function isStriped(x: ArrayLike<number>, stored: Float32Array, offset: number, range: InputRange, stepped: number): boolean {
  if (stepped * 4 < x.length) return false;
  // One channel, or three laid out channels first (c·side² + r·side + col, as PyTorch and ART's CIFAR examples send a
  // colour image): ART's stripes then have a sign of their own per channel and column, so every channel is striped.
  for (const channels of CHANNELS) {
    const side = Math.round(Math.sqrt(x.length / channels));
    if (side < 8 || channels * side * side !== x.length) continue;
    let columns = true;
    let rows = true;
    for (let c = 0; c < channels && (columns || rows); c++) {
      const base = c * side * side;
      columns &&= stripes(x, stored, offset, range, base, side, side, 1);
      rows &&= stripes(x, stored, offset, range, base, 1, side, side);
    }
    if (columns || rows) return true;
  }
  return false;
}

/** The channels an image may have: grey, or colour. */
const CHANNELS = [1, 3] as const;

/**
 * Whether each line (its first feature `line`·`across`, its features `along` apart) moves one way, some each way (a
 * narrow digit may have one inked column moved down: the blank ones stay 0), three lines or more, and three quarters
 * at least of the lines that could: a line left unchanged with every pixel at an end of the range could not.
 */
function stripes(x: ArrayLike<number>, stored: Float32Array, offset: number, range: InputRange, base: number, along: number, side: number, across: number): boolean {
  const { lo, hi, tolerance } = range;
  let up = 0;
  let down = 0;
  let pinned = 0;
  for (let line = 0; line < side; line++) {
    let sign = 0;
    let atEnds = true;
    for (let k = 0; k < side; k++) {
      const i = base + line * across + k * along;
      const a = x[i] as number;
      const d = a - (stored[offset + i] as number);
      atEnds &&= a <= lo + tolerance || a >= hi - tolerance;
      if (Math.abs(d) <= tolerance) continue;
      const s = d > 0 ? 1 : -1;
      if (sign !== 0 && s !== sign) return false;
      sign = s;
    }
    if (sign > 0) up++;
    else if (sign < 0) down++;
    else if (atEnds) pinned++;
  }
  return up >= 1 && down >= 1 && up + down >= 3 && (up + down) * 4 >= (side - pinned) * 3;
}

/** The input range (the smallest and largest value of any feature) and the tolerance of "equal" within it. */
export interface InputRange {
  lo: number;
  hi: number;
  /** Differences this small are round-off (float32 payloads, six printed decimals): 10⁻⁵ of the range. */
  tolerance: number;
}

export function inputRange(lows: ArrayLike<number>, widths: (i: number) => number): InputRange {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < lows.length; i++) {
    const l = lows[i] as number;
    lo = Math.min(lo, l);
    hi = Math.max(hi, l + widths(i));
  }
  const span = hi > lo ? hi - lo : 1;
  return { lo, hi, tolerance: 1e-5 * span };
}

/**
 * Whether `x` is an L∞ step from the stored input at `offset` of `stored`: on every feature where both lie inside
 * the range the difference is 0 or ±m (one m, within the tolerance, more than 10 tolerances), at least one such
 * feature moved and at least two features in all, and where one of them is at an end of the range the difference is at most m (clipping). Gives up
 * at the first feature that disagrees, which for two natural inputs is within the first few that differ.
 */
export function isLinfStep(x: ArrayLike<number>, stored: Float32Array, offset: number, range: InputRange, out: LinfStep): boolean {
  const m = stepMagnitude(x, stored, offset, range.lo + range.tolerance, range.hi - range.tolerance, range.tolerance);
  if (m === 0) return false;
  // A match is rare in natural traffic: count what the note quotes in a second pass.
  let stepped = 0;
  let clipped = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs((x[i] as number) - (stored[offset + i] as number));
    if (d <= range.tolerance) continue;
    if (Math.abs(d - m) <= range.tolerance) stepped++;
    else clipped++;
  }
  out.magnitude = m;
  out.stepped = stepped;
  out.clipped = clipped;
  out.striped = isStriped(x, stored, offset, range, stepped);
  return true;
}

/**
 * The step's magnitude, or 0 if it is none: scalars only and no second pass, as it runs against every recent input
 * of the client for every query. Two natural digits part within ~6 features (4.3 when the most varied are read
 * first, which was slower for the indirection).
 */
function stepMagnitude(x: ArrayLike<number>, stored: Float32Array, offset: number, low: number, high: number, tolerance: number): number {
  let m = 0;
  let largestClipped = 0;
  let changed = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i] as number;
    const b = stored[offset + i] as number;
    // Math.abs, not a branch on the larger of the two (mispredicted half the time; see linf-screen.ts).
    const d = Math.abs(a - b);
    if (d <= tolerance) continue;
    changed++;
    if (a <= low || a >= high || b <= low || b >= high) {
      if (m > 0 && d > m + tolerance) return 0;
      if (d > largestClipped) largestClipped = d;
    } else if (m === 0) {
      if (d <= 10 * tolerance || d < largestClipped - tolerance) return 0;
      m = d;
    } else if (d - m > tolerance || m - d > tolerance) return 0;
  }
  // One feature changed is what a person editing one field of a form sends again (re-submitted applications): no
  // magnitude to agree on. A one-pixel search step (SimBA) leaves Blacklight's windows nearly whole, so it is seen there.
  return changed < 2 || largestClipped > m + tolerance ? 0 : m;
}

/**
 * A client's last `capacity` inputs in 32 bits (round-off ~10⁻⁸ of a pixel, far inside the tolerance), one flat
 * array grown by doubling from four rows to its capacity: a client that sends three queries holds four rows. Beside
 * it, the `screen`'s features of every row in a small block of their own (linf-screen.ts), which rule most rows out
 * without reading them.
 */
export class RecentInputs {
  private data = new Float32Array(0);
  private keys = new Float32Array(0);
  private count = 0;
  private next = 0;
  private dimension = 0;

  constructor(
    readonly capacity: number,
    private readonly screen: Int32Array = new Int32Array(0),
  ) {}

  /** Numbers held (rows × features), for the bound on memory. */
  get held(): number {
    return this.data.length;
  }

  /** The most recent stored input that `x` is an L∞ step from (newest first), into `out`; false if none. */
  stepFrom(x: ArrayLike<number>, range: InputRange, out: LinfStep): boolean {
    return this.stepOrEdit(x, range, out, undefined) === STEP;
  }

  /** The most recent stored input that `x` is a sparse edit of (sparse-edits.ts), into `out`; false if none (or if it is an L∞ step). */
  editFrom(x: ArrayLike<number>, range: InputRange, out: SparseEdit): boolean {
    return this.stepOrEdit(x, range, emptyStep(), out) === EDIT;
  }

  /**
   * The most recent stored input that `x` is an L∞ step from (`STEP`, into `step`), else, when `edit` is given and x
   * has `MIN_FEATURES` features or more, the most recent one it is a sparse edit of (`EDIT`, into `edit`); `NONE`.
   * One pass over the screen's block finds the rows that may be either (`screenRow`); an edit's source is looked for
   * among the last `EDIT_SOURCES` queries only.
   */
  stepOrEdit(x: ArrayLike<number>, range: InputRange, step: LinfStep, edit: SparseEdit | undefined): number {
    if (x.length !== this.dimension) return NONE;
    const { lo, hi, tolerance } = range;
    const low = lo + tolerance;
    const high = hi - tolerance;
    const d = this.dimension;
    // The query's screened values strictly inside the range: a clipped one says nothing of any row.
    const p = this.screen.length;
    let n = 0;
    for (let j = 0; j < p; j++) {
      const a = x[this.screen[j] as number] as number;
      if (a > low && a < high) {
        screenAt[n] = j;
        screenValues[n++] = a;
      }
    }
    const edits = edit !== undefined && d >= MIN_FEATURES;
    let candidates = 0;
    let slot = this.next;
    for (let k = 1; k <= this.count; k++) {
      // Both read on every step back: the wrap's read, first made when a client's inputs had filled the ring, threw
      // away the compiled function, to be compiled again.
      const last = this.capacity - 1;
      const back = slot - 1;
      slot = slot === 0 ? last : back;
      // An edit is looked for among the last few queries only: an attack's copies of one image come one after another
      // (PixelAttack's population, 128 a request), and screening all 32 rows for both cost 0.4 µs an event on the bench.
      const may = n < 2 ? MAY_STEP : edits && k <= EDIT_SOURCES ? screenRow(screenAt, screenValues, n, this.keys, slot * p, low, high, tolerance) : mayStep(screenAt, screenValues, n, this.keys, slot * p, low, high, tolerance) ? MAY_STEP : 0;
      if ((may & MAY_EDIT) !== 0) editRows[candidates++] = k;
      if ((may & MAY_STEP) === 0) continue;
      if (stepMagnitude(x, this.data, slot * d, low, high, tolerance) > 0) {
        step.ago = k;
        return isLinfStep(x, this.data, slot * d, range, step) ? STEP : NONE;
      }
    }
    if (!edits) return NONE;
    // No screen to speak of (fewer than four features told the warm-up's inputs apart): eight of the query's own
    // informative features, spread over it, are read in each row instead. With a screen, a query with fewer than four
    // of its features informative is not tested: reading every row for it cost 0.5 µs an event on the bench.
    const own = p < 4 ? informativeProbe(x, low, high) : 0;
    if (n < 4 && own < 4) return NONE;
    const probing = n < 4;
    for (let c = 0, k = 1; probing ? k <= Math.min(this.count, EDIT_SOURCES) : c < candidates; c++, k++) {
      const ago = probing ? k : (editRows[c] as number);
      const at = (this.next - ago + this.capacity) % this.capacity;
      if (probing && !mayEdit(probeValues, probeAt, own, this.data, at * d, low, high, tolerance)) continue;
      if (isSparseEdit(x, this.data, at * d, range, edit)) {
        edit.ago = ago;
        return EDIT;
      }
    }
    return NONE;
  }

  /** Keeps `x`, in place of the oldest when full. */
  add(x: ArrayLike<number>): void {
    const p = this.screen.length;
    if (x.length !== this.dimension) {
      this.dimension = x.length;
      const rows = Math.min(4, this.capacity);
      this.data = new Float32Array(rows * x.length);
      this.keys = new Float32Array(rows * p);
      this.count = 0;
      this.next = 0;
    }
    const rows = this.data.length / this.dimension;
    if (this.next >= rows && rows < this.capacity) {
      const grown = new Float32Array(Math.min(this.capacity, rows * 2) * this.dimension);
      grown.set(this.data);
      this.data = grown;
      const keys = new Float32Array(Math.min(this.capacity, rows * 2) * p);
      keys.set(this.keys);
      this.keys = keys;
    }
    this.data.set(x, this.next * this.dimension);
    for (let j = 0; j < p; j++) this.keys[this.next * p + j] = x[this.screen[j] as number] as number;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }
}

/** Up to eight informative features of `x` (inside the range), one from each eighth of it, into `probeAt`/`probeValues`; how many. */
function informativeProbe(x: ArrayLike<number>, low: number, high: number): number {
  const stride = Math.max(1, Math.floor(x.length / SCREENED));
  let m = 0;
  for (let start = 0; start < x.length && m < SCREENED; start += stride) {
    for (let i = start; i < Math.min(x.length, start + stride); i++) {
      const a = x[i] as number;
      if (a > low && a < high) {
        probeAt[m] = i;
        probeValues[m++] = a;
        break;
      }
    }
  }
  return m;
}

/** What `stepOrEdit` found. */
export const NONE = 0;
export const STEP = 1;
export const EDIT = 2;

/** The queries an edit's source is looked for among (the last few, newest first). */
export const EDIT_SOURCES = 4;
/** How many queries back each row was that the screen left as a possible edit source (newest first). */
const editRows = new Int32Array(EDIT_SOURCES);

/** The query's own informative features read in each row when the screen's say too little (`stepOrEdit`). */
const probeAt = new Int32Array(SCREENED);
const probeValues = new Float64Array(SCREENED);

/** The query's unclipped screened values and their positions in the screen (reused: the hot path allocates nothing). */
const screenAt = new Int32Array(SCREENED);
const screenValues = new Float64Array(SCREENED);
