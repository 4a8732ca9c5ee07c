/**
 * How far a query lies outside the ranges the features take in the data (issue #13, held-out sensors victim: ART's
 * BoundaryAttack caught at its 500th–760th query of 1,500). A boundary attack starts from a point drawn uniformly
 * from the features' bounds — on a pump's readings a speed of 250 rpm where pumps turn at 1,450 or 2,950, a power
 * factor at its clip of 0.5 or 1 — and walks towards the original in steps of a share (δ, ε: 1% to start) of its
 * distance to it, isotropic in raw units. Those steps are tens of units where natural readings are ~40 apart, so
 * they are not tiny against the data's spacing; they are tiny against how far out the walk is (its distance to the
 * data: ~1,300). HopSkipJump's gradient probes are likewise spread over 1/d of its distance to the original
 * (√2/d apart: 0.12 of it on 12 features), at a boundary point outside the data when its start was.
 *
 * The distance to the data is bounded below, at O(d) an event and with no search over stored inputs, by the L2
 * distance to the box of the features' ranges among the warm-up's inputs. Natural inputs lie in it or just past its
 * edges (a tail beyond the warm-up's sample): their steps were 5 times their distance outside it or more on the
 * sensors victim (seeds 1101–1103), where the searches' were 0.01–0.3 of theirs. A wider box only makes the test
 * more cautious (a query counts as nearer the data than it is), so the box errs wide: each side is the second most
 * extreme client's (at most `PER_CLIENT` inputs of any client), so that one client's queries — a search under way
 * as the log starts, which sent 131 of the first 200 events on seed 1102 — cannot stretch it.
 */
const PER_CLIENT = 20;
/**
 * Of each client's warm-up inputs, the first this many are kept as the data's sample (`anyWithin`): as the typical
 * distance takes them (typical-distance.ts), so a search sending most of the warm-up leaves few of its probes there.
 */
const SAMPLE_PER_CLIENT = 8;
/** Clients that must have sent inputs in the warm-up for the box to be learned. */
const MIN_CLIENTS = 3;

export class DataBox {
  private constructor(
    readonly lo: Float64Array,
    readonly hi: Float64Array,
    /** The warm-up's inputs kept (`SAMPLE_PER_CLIENT` of a client), one after another. */
    private readonly sample: Float64Array,
  ) {}

  /** The box of the warm-up's inputs (in log order); undefined with fewer than `MIN_CLIENTS` clients or inputs of different lengths. */
  static learn(sample: readonly { client: string; x: Float64Array }[]): DataBox | undefined {
    const d = sample[0]?.x.length ?? 0;
    const byClient = new Map<string, { n: number; lo: Float64Array; hi: Float64Array }>();
    const kept: Float64Array[] = [];
    for (const { client, x } of sample) {
      if (x.length !== d) return undefined;
      let own = byClient.get(client);
      if (!own) byClient.set(client, (own = { n: 0, lo: Float64Array.from(x), hi: Float64Array.from(x) }));
      if (own.n < SAMPLE_PER_CLIENT) kept.push(x);
      if (own.n++ >= PER_CLIENT) continue;
      for (let i = 0; i < d; i++) {
        const v = x[i] as number;
        if (v < (own.lo[i] as number)) own.lo[i] = v;
        if (v > (own.hi[i] as number)) own.hi[i] = v;
      }
    }
    if (d === 0 || byClient.size < MIN_CLIENTS) return undefined;
    const clients = [...byClient.values()];
    const lo = new Float64Array(d);
    const hi = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      lo[i] = secondMost(clients.map((c) => c.lo[i] as number), 1);
      hi[i] = secondMost(clients.map((c) => c.hi[i] as number), -1);
    }
    const flat = new Float64Array(kept.length * d);
    kept.forEach((x, k) => flat.set(x, k * d));
    return new DataBox(lo, hi, flat);
  }

  /**
   * Whether some input of the warm-up's sample lies within `r` of x: a query no natural input comes near is far from
   * the data, however near the box (a noise start just outside it, its steps 0.14–0.46 of its distance outside on fresh
   * sensors seeds 2641 and 2662, but 0.05 of its distance to the nearest reading). Stops at the first within `r`, and
   * gives up on an input once its partial sum is past r²: a natural query, whose step (and so r) is large, ends at one
   * of the first inputs, a search's probe reads them all.
   */
  anyWithin(x: Float64Array, r: number): boolean {
    const d = this.lo.length;
    if (x.length !== d || d === 0) return true;
    const sample = this.sample;
    const r2 = r * r;
    for (let o = 0; o < sample.length; o += d) {
      let s = 0;
      let i = 0;
      for (; i < d && s <= r2; i++) {
        const v = (x[i] as number) - (sample[o + i] as number);
        s += v * v;
      }
      if (i === d && s <= r2) return true;
    }
    return false;
  }

  /** The L2 distance from `x` to the box (0 inside it; 0 for an input of another length). */
  outside(x: Float64Array): number {
    const { lo, hi } = this;
    if (x.length !== lo.length) return 0;
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      const below = (lo[i] as number) - v;
      const above = v - (hi[i] as number);
      const o = below > 0 ? below : above > 0 ? above : 0;
      s += o * o;
    }
    return Math.sqrt(s);
  }
}

/**
 * The second value in ascending order of sign × value (the most extreme one left out), as a stable sort puts it: the first of the
 * values that tie the first, else the first of the next. One pass, where sorting each feature's ~64 values with a
 * comparator called from JavaScript, once per run and so in V8's slowest tiers, cost ~10 ms at the bench's warm-up.
 * With a NaN, which an order comparing by subtraction leaves anywhere, they are sorted as before.
 */
export function secondMost(values: number[], sign: 1 | -1): number {
  if (values.some(Number.isNaN)) return values.sort((a, b) => sign * (a - b))[1] as number;
  let first = 0;
  for (let i = 1; i < values.length; i++) if (sign * ((values[i] as number) - (values[first] as number)) < 0) first = i;
  let second = first === 0 ? 1 : 0;
  for (let i = second + 1; i < values.length; i++) if (i !== first && sign * ((values[i] as number) - (values[second] as number)) < 0) second = i;
  return values[second] as number;
}
