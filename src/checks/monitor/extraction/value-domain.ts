/**
 * The values each feature of a tabular input takes (issue #13, JbDA caught late on the credit victim). A bank's
 * application has integer counts, amounts in hundreds and one-hot categories; a natural client's inputs stay on
 * those grids, while synthetic ones leave them: Papernot's Jacobian augmentation (x + λ·sign(∇), λ a tenth of each
 * range) sends an age of 36.2, 0.8 dependants and 0.1 in a one-hot column. Its steps are clipped at the features'
 * bounds, so its minimum distances vary and PRADA's W stays ~0.93: the grids see what W does not.
 *
 * Learned once, from the warm-up's inputs (at most `PER_CLIENT` of any client), feature by feature:
 * - the grid: multiples of a step (1 for integers and one-hot columns, 100 for amounts in hundreds). Each client's
 *   values give a step (their gcd, by a float Euclid); the feature's is the coarsest step on which at least `AGREE`
 *   of the clients' are, so a client sending fractions during the warm-up (an attack under way as the log starts,
 *   a natural typo) neither erases the grid nor makes it finer. A step at the log's precision (a continuous
 *   feature) is no grid. A feature seen taking fewer than `MANY` values (a flag, a rare count) may show a coarser
 *   step than it has ({0, 8} → 8): it takes the gcd of its own and the many-valued features' common step;
 * - the range: a value more than the warm-up's whole span outside it is off (a flag at 2, an age of 400); a
 *   two-valued feature (one-hot, flag) must stay within its two values. Natural tails exceed a sample's range, so
 *   only gross departures count.
 *
 * A feature that never varied is not checked (a category nobody picked in the warm-up).
 */
const PER_CLIENT = 20;
/** Share of the warm-up's clients whose values must be on a feature's grid. */
const AGREE = 0.75;
const MANY = 8;
/** Clients that must have sent two or more values of a feature for it to get a grid and a range (one warm-up of the held-out credit seed 1001 had three). */
const MIN_VOTERS = 2;
/** A step finer than this share of the feature's magnitude is the log's precision, not a grid. */
const FINEST = 1e-4;
/** Rounding allowed, as a share of the step and of the magnitude (a float32 payload keeps ~7 digits). */
const STEP_SLACK = 1e-3;
const MAGNITUDE_SLACK = 1e-6;

export class ValueDomain {
  private constructor(
    /** Each feature's grid step (0: no grid) and the rounding allowed around it. */
    private readonly step: Float64Array,
    private readonly slack: Float64Array,
    /** The lowest and highest value allowed (±Infinity: unchecked). */
    private readonly lo: Float64Array,
    private readonly hi: Float64Array,
  ) {
    this.inverse = step.map((g) => (g > 0 ? 1 / g : 0));
  }

  /** 1 / step: a multiplication per feature and event, not a division. */
  private readonly inverse: Float64Array;

  /** The domain of the warm-up's inputs; undefined when they differ in length. */
  static learn(sample: readonly { client: string; x: Float64Array }[], agree = AGREE): ValueDomain | undefined {
    const d = sample[0]?.x.length ?? 0;
    const byClient = new Map<string, Float64Array[]>();
    for (const { client, x } of sample) {
      if (x.length !== d) return undefined;
      let rows = byClient.get(client);
      if (!rows) byClient.set(client, (rows = []));
      if (rows.length < PER_CLIENT) rows.push(x);
    }
    if (d === 0 || byClient.size === 0) return undefined;
    const clients = [...byClient.values()];
    const step = new Float64Array(d);
    const levels = new Int32Array(d);
    const lo = new Float64Array(d).fill(-Infinity);
    const hi = new Float64Array(d).fill(Infinity);
    const magnitude = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const column = featureDomain(clients, i, agree);
      if (!column) continue;
      step[i] = column.step;
      levels[i] = column.levels;
      magnitude[i] = Math.max(1, Math.abs(column.min), Math.abs(column.max));
      const span = column.max - column.min;
      lo[i] = column.levels === 2 ? column.min : column.min - span;
      hi[i] = column.levels === 2 ? column.max : column.max + span;
    }
    // The many-valued features' common step refines the few-valued ones' (a count seen at 0 and 8 only is on 1s).
    let common = 0;
    for (let i = 0; i < d; i++) {
      const g = step[i] as number;
      if ((levels[i] as number) >= MANY && g > 0) common = common === 0 ? g : floatGcd(common, g, MAGNITUDE_SLACK * Math.max(common, g));
    }
    const slack = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const g = step[i] as number;
      if ((levels[i] as number) < MANY && g > 0 && common > 0) step[i] = floatGcd(g, common, MAGNITUDE_SLACK * Math.max(common, g));
      if ((step[i] as number) < FINEST * (magnitude[i] as number)) step[i] = 0;
      slack[i] = Math.max(STEP_SLACK * (step[i] as number), MAGNITUDE_SLACK * (magnitude[i] as number));
    }
    return new ValueDomain(step, slack, lo, hi);
  }

  /** How many of the input's features are off their grid or out of their range, counting no further than `enough`. */
  offFeatures(x: Float64Array, enough: number): number {
    const { step, inverse, slack, lo, hi } = this;
    if (x.length !== step.length) return 0;
    let off = 0;
    for (let i = 0; i < x.length && off < enough; i++) {
      const v = x[i] as number;
      const g = step[i] as number;
      if (v < (lo[i] as number) || v > (hi[i] as number)) off++;
      else if (g > 0 && Math.abs(v - g * Math.round(v * (inverse[i] as number))) > (slack[i] as number)) off++;
    }
    return off;
  }

  /** The share of the features checked (those that varied in the warm-up) that have a grid. */
  gridShare(): number {
    let checked = 0;
    let gridded = 0;
    for (let i = 0; i < this.step.length; i++) {
      if (!Number.isFinite(this.lo[i] as number)) continue;
      checked++;
      if ((this.step[i] as number) > 0) gridded++;
    }
    return checked > 0 ? gridded / checked : 0;
  }

  /** Each feature's grid step (0: none), for tests and the README. */
  steps(): number[] {
    return Array.from(this.step);
  }
}

/**
 * One feature's grid (multiples of `step`; 0 when none), range and number of distinct values. Each client's values
 * give a step of their own (their gcd); the feature's is the coarsest that the steps of at least `AGREE` of the
 * clients are multiples of, so that a client sending fractions in the warm-up (an attack under way as the log
 * starts, a natural typo) neither erases the grid nor sets it. The range and the levels are those of the agreeing
 * clients' values.
 */
function featureDomain(clients: readonly Float64Array[][], i: number, agree: number): { step: number; min: number; max: number; levels: number } | undefined {
  let scale = 1;
  for (const rows of clients) for (const x of rows) scale = Math.max(scale, Math.abs(x[i] as number));
  // Euclid's remainders carry the values' rounding a few times over.
  const tolerance = 4 * MAGNITUDE_SLACK * scale;
  // Each client's own step (0: all its values 0; NaN: finer than the log's precision). A client that sent one value
  // of the feature says nothing of its grid and does not vote: its value alone is a "step" (a client with one input
  // in the warm-up, a search repeating its start's values) — with five clients in the warm-up of the held-out sensors
  // seed 1103, speed got a grid of 1,468 rpm and flow of 165.7, and 39 of 40 natural clients were flagged.
  const voters = clients.filter((rows) => rows.some((x) => x[i] !== rows[0]?.[i]));
  if (voters.length < MIN_VOTERS) return undefined;
  const own = voters.map((rows) => {
    let g = 0;
    for (const x of rows) {
      const v = Math.abs(x[i] as number);
      if (v <= tolerance) continue;
      g = g === 0 ? v : floatGcd(g, v, tolerance);
    }
    return g > 0 && g < FINEST * scale ? NaN : g;
  });
  // A multiple, once at least: a finer step (1 rpm against 1,468) is within the coarse one's slack of 0 times it.
  const on = (g: number, step: number): boolean => g === 0 || (Number.isFinite(g) && Math.round(g / step) >= 1 && Math.abs(g - step * Math.round(g / step)) <= Math.max(STEP_SLACK * step, tolerance));
  // Coarsest first: the running gcd only gets finer, and the clients it covers only more.
  const order = own.map((g, c) => ({ g, c })).filter(({ g }) => g > 0).sort((a, b) => (Number.isNaN(a.g) ? 1 : Number.isNaN(b.g) ? -1 : b.g - a.g));
  let step = 0;
  for (const { g } of order) {
    if (Number.isNaN(g)) break;
    step = step === 0 ? g : floatGcd(step, g, tolerance);
    if (step < FINEST * scale) {
      step = 0;
      break;
    }
    if (own.filter((h) => on(h, step)).length >= agree * voters.length) break;
  }
  if (step > 0 && own.filter((h) => on(h, step)).length < agree * voters.length) step = 0;
  const values: number[] = [];
  voters.forEach((rows, c) => {
    if (step === 0 || on(own[c] as number, step)) for (const x of rows) values.push(x[i] as number);
  });
  values.sort((a, b) => a - b);
  const min = values[0] ?? 0;
  const max = values[values.length - 1] ?? 0;
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return undefined;
  let levels = 1;
  for (let k = 1; k < values.length; k++) if (values[k] !== values[k - 1]) levels++;
  return { step: step > 0 ? fitted(step, values) : 0, min, max, levels };
}

/**
 * The step that fits the values best as whole multiples of it (least squares through 0). Euclid's remainders stop
 * within the tolerance of 0 (a few millionths of the feature's magnitude), so the step it gives can be off by as
 * much: 0.1000003 for 0.1 on fresh sensors seed 2669, and at the 3,859th multiple (a flow of 385.9) the grid had
 * drifted 0.0013 off, past the rounding allowed — 14 of 40 natural clients were named extractions. Fitted to the
 * values' multiples the step is exact to the values' own rounding.
 */
function fitted(step: number, values: readonly number[]): number {
  let vn = 0;
  let nn = 0;
  for (const v of values) {
    const n = Math.round(Math.abs(v) / step);
    vn += Math.abs(v) * n;
    nn += n * n;
  }
  return nn > 0 ? vn / nn : step;
}

/** Euclid's algorithm on floats: a remainder within `tolerance` of 0 or of the divisor counts as none. */
export function floatGcd(a: number, b: number, tolerance: number): number {
  let [x, y] = a >= b ? [a, b] : [b, a];
  while (y > tolerance) {
    const r = x % y;
    if (r <= tolerance || y - r <= tolerance) return y;
    [x, y] = [y, r];
  }
  return x;
}

/**
 * Images: the pixels' grid (1/16 for the 8×8 digits, 1/255 for 8-bit pixels), from the warm-up's inputs, when most
 * of the pixels that varied have one; undefined otherwise (pixels normalised per channel, resized, compressed).
 * Agreed by half the clients, not `AGREE`: a log's first minutes hold a search's probes and a flood's noise beside the
 * natural clients (fresh 8×8 digits seed 2682: 3 of the warm-up's 10 clients, and no grid at 75%). It only vouches for
 * PRADA's W (the extraction detector's `offGridW`): Jacobian augmentation's λ·sign steps leave the grid, and natural
 * clients' inputs do not. It never alarms alone: evasion searches' first probes leave the grid too.
 */
export function imageGrid(sample: readonly { client: string; x: Float64Array }[]): ValueDomain | undefined {
  const grid = ValueDomain.learn(sample, IMAGE_AGREE);
  return grid && grid.gridShare() >= 0.5 ? grid : undefined;
}
const IMAGE_AGREE = 0.5;
