import { ascending, kthSmallest, kthSmallestNearTop } from '../stats/select.ts';
import { Projection } from './projection.ts';

/** The most values a one-pass upper quantile keeps (an insertion may shift them all); more go to quickselect. */
const NEAR_TOP = 64;

/** Squared L2 distance, giving up once it passes `bound` (the caller only wants the nearest). */
export function distance2(a: ArrayLike<number>, b: ArrayLike<number>, bound = Infinity): number {
  let s = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
    // Checking every 16 features keeps the test cheap and still skips most of a far vector.
    if ((i & 15) === 15 && s > bound) return s;
  }
  return s;
}

/**
 * A ring of the last `size` items: bounded memory for per-client histories (the detectors' evidence). Rings of numbers
 * are `FlagRing` and `NumberRing` below: typed arrays, whose elements kind never changes.
 */
export class Ring<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(readonly size: number) {}

  push(item: T): T | undefined {
    if (this.items.length < this.size) {
      this.items.push(item);
      return undefined;
    }
    const old = this.items[this.next];
    this.items[this.next] = item;
    // Not `% size`: an integer division per push. (One path for a filling and a full ring, `next` its length until
    // full, saved a recompilation of flooding's observe but put a change of the rings' field types after the 50,000th
    // event, where it threw away extraction's and evasion's compiled code: ~50 ms more compilation in steady state.)
    if (++this.next === this.size) this.next = 0;
    return old;
  }

  get length(): number {
    return this.items.length;
  }

  /** Items oldest first. */
  toArray(): T[] {
    return this.items.length < this.size ? [...this.items] : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }
}

/**
 * A ring of the last `size` 0/1 flags, in bytes. Not a `Ring<number>`: the rings of numbers and of objects shared
 * `Ring`'s array literal and its stores, whose feedback then changed a ring of 0s and 1s to a ring of doubles (~the
 * bench's 100,000th event), and every function inlining them was thrown away and compiled again.
 */
export class FlagRing {
  private readonly flags: Uint8Array;
  private next = 0;
  /** Flags held (up to `size`). */
  length = 0;

  constructor(readonly size: number) {
    this.flags = new Uint8Array(size);
  }

  /**
   * Adds `flag` and gives the one it replaces: 0 until the ring is full (its slots start 0). One path, every statement
   * run on every push: code first run at the ring's first wrap threw away the compiled functions inlining it.
   */
  push(flag: number): number {
    const size = this.size;
    const next = this.next;
    const old = this.flags[next] as number;
    this.flags[next] = flag;
    const after = next + 1;
    this.next = after === size ? 0 : after;
    const grown = this.length + 1;
    this.length = grown > size ? size : grown;
    return old;
  }
}

/**
 * A ring of the last `size` numbers in a typed array, one path for a filling and a full ring as FlagRing's: flooding's
 * latencies were a `Ring<number>`, whose first wrap (a client's 21st latency) was code first run after flooding's
 * observe was compiled, and threw it away.
 */
export class NumberRing {
  /** The numbers held are its first `length` slots (in arrival order until the ring wraps). */
  readonly values: Float64Array;
  private next = 0;
  length = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  push(value: number): void {
    const size = this.size;
    const next = this.next;
    this.values[next] = value;
    const after = next + 1;
    this.next = after === size ? 0 : after;
    const grown = this.length + 1;
    this.length = grown > size ? size : grown;
  }
}

/**
 * Per-feature ranges learned from the first events of the log (every client), then frozen, so an attacker
 * who arrives later cannot stretch them. Detectors that quantise or compare distances to "typical" use it.
 */
export class FeatureScale {
  private lo: Float64Array | undefined;
  private hi: Float64Array | undefined;
  private seen = 0;
  private readonly sample: Float64Array[] = [];
  /** Median distance between warm-up inputs: what "far apart" means for this model's inputs. */
  typical = 0;
  /** Leading principal directions of the warm-up inputs, for pre-filtering nearest-neighbour searches. */
  projection: Projection | undefined;

  /** `project: false` for a detector that never searches neighbours: fitting the directions costs ~50 ms of CPU at warm-up. */
  constructor(
    private readonly warmup: number,
    private readonly project = true,
  ) {}

  get ready(): boolean {
    return this.seen >= this.warmup;
  }

  get dimension(): number | undefined {
    return this.lo?.length;
  }

  observe(x: Float64Array): void {
    if (this.ready) return;
    if (!this.lo || !this.hi) {
      this.lo = Float64Array.from(x);
      this.hi = Float64Array.from(x);
    }
    if (x.length !== this.lo.length) return;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (v < (this.lo[i] as number)) this.lo[i] = v;
      if (v > (this.hi[i] as number)) this.hi[i] = v;
    }
    this.seen++;
    if (this.sample.length < 200) this.sample.push(Float64Array.from(x));
    if (this.ready) this.settle();
  }

  private settle(): void {
    const ds = new Float64Array(Math.max(0, this.sample.length - 1));
    for (let i = 1; i < this.sample.length; i++) ds[i - 1] = Math.sqrt(distance2(this.sample[i - 1] as Float64Array, this.sample[i] as Float64Array));
    this.typical = ascending(ds)[Math.floor(ds.length / 2)] ?? 1;
    if (!(this.typical > 0)) this.typical = 1;
    if (this.project) this.projection = Projection.fit(this.sample);
    this.sample.length = 0;
  }

  private inverse: Float64Array | undefined;

  /** Lower bounds of every feature (for tight loops). */
  lows(): Float64Array {
    return this.lo ?? new Float64Array(0);
  }

  /** 1 / width of every feature, computed once the scale is settled. */
  inverseWidths(): Float64Array {
    if (!this.inverse || !this.ready) this.inverse = Float64Array.from(this.lo ?? [], (_, i) => 1 / this.width(i));
    return this.inverse;
  }

  /** Lower bound and width of feature `i` (width 1 for a feature that never varied). */
  low(i: number): number {
    return this.lo?.[i] ?? 0;
  }

  width(i: number): number {
    const w = (this.hi?.[i] ?? 1) - (this.lo?.[i] ?? 0);
    return w > 0 ? w : 1;
  }
}

/** Quantiles of a bounded uniform sample of a stream (Vitter's algorithm R), for learned baselines. */
export class Reservoir {
  private readonly values: number[] = [];
  private seen = 0;
  private state = 0x9e3779b9;

  constructor(private readonly size: number) {}

  add(v: number): void {
    this.seen++;
    if (this.values.length < this.size) {
      this.values.push(v);
      return;
    }
    // xorshift32: deterministic, so a replayed log gives the same alerts.
    this.state ^= this.state << 13;
    this.state ^= this.state >>> 17;
    this.state ^= this.state << 5;
    const j = (this.state >>> 0) % this.seen;
    if (j < this.size) this.values[j] = v;
  }

  get count(): number {
    return this.values.length;
  }

  /** The sample copied into a reused typed array and the quantile selected there (no sort, no allocation). */
  private scratch: Float64Array | undefined;
  private top: Float64Array | undefined;

  quantile(q: number): number {
    const n = this.values.length;
    if (n === 0) return Number.NaN;
    const k = Math.min(n - 1, Math.floor(q * n));
    // An upper quantile (flooding's 99th percentile: 21 of 2,048) in one pass over the sample, else quickselect.
    if (n - k <= NEAR_TOP) return kthSmallestNearTop(this.values, n, k, (this.top ??= new Float64Array(NEAR_TOP)));
    if (!this.scratch || this.scratch.length < n) this.scratch = new Float64Array(this.size);
    for (let i = 0; i < n; i++) this.scratch[i] = this.values[i] as number;
    return kthSmallest(this.scratch.subarray(0, n), k);
  }
}
