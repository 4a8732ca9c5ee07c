import { CoarseProjections } from './coarse-projections.ts';
import type { Projection } from './projection.ts';
import { byteUnit, copyBytes, copySingle, finer, fromBytes, prefetch, type Rows, sameFormat } from './row-formats.ts';
import { sortByBound } from './bound-order.ts';

let bounds = new Float64Array(128);
let order = new Int32Array(128);
let projecting = new Float64Array(8);
let decoded = new Float64Array(64);
const zeros = new Float64Array(8);
const empty = new Int16Array(0);

/**
 * Up to `capacity` stored inputs in numbered slots, with their labels and (once a projection exists) their
 * projections. Inputs are copied into one flat array (grown by doubling up to the capacity), projections
 * into another: the search reads contiguous memory, not an object per input, and the events the inputs came
 * from are not held (so the collector frees them young). An input whose length differs from the first one's
 * is kept apart, as its own copy.
 *
 * Rows are held in bytes while every number stored is a whole number of one unit from 0 to 255 (pixels on a grid of
 * 1/16 or 1/256), else in 32 bits while every number is exactly a float32 (integers up to 2²⁴), else in 64 bits
 * (row-formats.ts): the same numbers in an eighth or half the memory, so every distance is the same, to the last bit,
 * as from 64-bit rows. The first number that does not fit widens the rows for good: rounding rows would need the exact
 * rows too to answer exactly, more memory than now, not less. A search reads a few rows, seldom in cache: a byte row of
 * 64 pixels is one cache line where a 32-bit one was four (0.96× the CPU of extraction and membership probing together
 * on the bench, 0.97× all four detectors': two trees fed alternately in one process, both orders, four times each).
 */
export class PointSet {
  private data: Rows = new Uint8Array(0);
  /** What a byte of `data` is worth (a power of two) while the rows are bytes; 0 before the first row; 1 for floats. */
  private unit = 0;
  /** Length of every input in `data` (the first input's); −1 before the first. */
  private stride = -1;
  /**
   * Slots the arrays have room for: grown by doubling (from 8) up to the capacity as slots are set, so a client that
   * sent a few queries holds a few rows and projections, not `capacity` of them.
   */
  private room = 0;
  private lengths = new Int32Array(0);
  private readonly odd: (Float64Array | undefined)[] = [];
  /** How many slots hold an input of another length (in `odd`): while none does, a search reads neither `odd` nor `lengths`. */
  private oddRows = 0;
  /** Each slot's label as a small number (−1: none), from `ids`: the search compares numbers, not strings. */
  private labels = new Int32Array(0);
  private readonly ids = new Map<string, number>();
  /** Projections in 16 bits (coarse-projections.ts), once the first is stored. */
  private proj: CoarseProjections | undefined;
  /** Whether a slot was set without its projection (the next search with a projection computes the missing ones). */
  private stale = false;
  /** Per slot: 0 not projected yet, 1 projected, 2 no bound (its projection is not a finite number: always measured). */
  private projected = new Uint8Array(0);
  /** Slots marked 2 in `projected`: while none is, the bound loop does not read `projected`. */
  private unbounded = 0;
  size = 0;

  constructor(readonly capacity: number) {}

  /** Bytes of the typed arrays held (rows, projections, per-slot numbers). */
  bytes(): number {
    return this.data.byteLength + (this.proj?.q.byteLength ?? 0) + this.lengths.byteLength + this.labels.byteLength + this.projected.byteLength;
  }

  /** The number of a label (new labels get the next one; the map is cleared, and numbers restart, when it outgrows the slots). */
  private idOf(label: string | undefined, add: boolean): number {
    if (label === undefined) return -1;
    const known = this.ids.get(label);
    if (known !== undefined || !add) return known ?? -2;
    if (this.ids.size >= 4 * this.capacity) this.renumber();
    const id = this.ids.size;
    this.ids.set(label, id);
    return id;
  }

  private renumber(): void {
    const names = new Map<number, string>();
    for (const [name, id] of this.ids) names.set(id, name);
    this.ids.clear();
    for (let i = 0; i < this.size; i++) {
      const name = names.get(this.labels[i] as number);
      if (name === undefined) continue;
      let id = this.ids.get(name);
      if (id === undefined) this.ids.set(name, (id = this.ids.size));
      this.labels[i] = id;
    }
  }

  /** Stores a copy of x (and its label, its projection px when known) in `slot` (< capacity; slot = size appends). */
  set(slot: number, x: Float64Array, label: string | undefined, px: Float64Array | undefined): void {
    if (this.stride < 0) this.stride = x.length;
    if (slot >= this.room) this.grow(slot + 1);
    this.lengths[slot] = x.length;
    if (this.oddRows > 0 && this.odd[slot]) this.oddRows--;
    if (x.length === this.stride) {
      this.store(x, slot * this.stride);
      if (this.oddRows > 0 || this.odd.length > slot) this.odd[slot] = undefined;
    } else {
      this.odd[slot] = Float64Array.from(x);
      this.oddRows++;
    }
    this.labels[slot] = this.idOf(label, true);
    if (slot >= this.size) this.size = slot + 1;
    // Read only when some slot has no bound: the slot's byte is seldom in cache, and a read waits for it (a write does not).
    if (this.unbounded > 0 && this.projected[slot] === 2) this.unbounded--;
    this.projected[slot] = 0;
    if (px) this.mark(slot, this.ensure(px.length).store(slot, px));
    else this.stale = true;
  }

  /** Copies x into the rows from `o` on, checked in one pass; the first number that does not fit widens the rows, and the row. */
  private store(x: Float64Array, o: number): void {
    if (this.data instanceof Uint8Array) {
      if (this.unit === 0) this.unit = byteUnit(x);
      if (this.unit > 0 && copyBytes(x, this.data, o, this.unit)) return;
      // A row on a finer grid than the rows so far (the first one's pixels all 0 or 1) may still fit a finer unit.
      const unit = Math.min(this.unit, byteUnit(x));
      if (unit > 0 && finer(this.data, this.unit / unit) && copyBytes(x, this.data, o, (this.unit = unit))) return;
      // Before the first row (unit 0: it does not fit) every byte is 0, whatever the unit.
      this.data = fromBytes(this.data, this.unit);
    }
    this.unit = 1;
    if (this.data instanceof Float32Array && copySingle(x, this.data, o)) return;
    if (this.data instanceof Float32Array) this.data = Float64Array.from(this.data);
    this.data.set(x, o);
  }

  private grow(slots: number): void {
    let n = Math.max(8, this.room);
    while (n < slots) n *= 2;
    n = Math.min(n, this.capacity);
    const data = sameFormat(this.data, n * this.stride);
    data.set(this.data);
    this.data = data;
    this.proj?.grow(n);
    this.lengths = widened(this.lengths, new Int32Array(n));
    this.labels = widened(this.labels, new Int32Array(n));
    this.projected = widened(this.projected, new Uint8Array(n));
    this.room = n;
  }

  /** The projections' store for k coordinates (the first projection sets k; every later one has the same). */
  private ensure(k: number): CoarseProjections {
    if (this.proj?.k === k) return this.proj;
    this.proj = new CoarseProjections(k);
    this.proj.grow(this.room);
    this.projected.fill(0);
    this.unbounded = 0;
    this.stale = true;
    return this.proj;
  }

  private mark(slot: number, stored: boolean): void {
    this.projected[slot] = stored ? 1 : 2;
    if (!stored) this.unbounded++;
  }

  /** Projects the stored inputs set without their projection. */
  private catchUp(projection: Projection, proj: CoarseProjections): void {
    if (projecting.length < proj.k) projecting = new Float64Array(proj.k);
    for (let i = 0; i < this.size; i++) {
      if (this.projected[i] !== 0) continue;
      const odd = this.oddRows > 0 ? this.odd[i] : undefined;
      if (odd) projection.project(odd, projecting);
      else if (this.data instanceof Uint8Array) projection.project(this.decode(i), projecting);
      else projection.project(this.data, projecting, i * this.stride);
      this.mark(i, proj.store(i, projecting));
    }
    this.stale = false;
  }

  /** The byte row of `slot` as numbers (in a shared array: the next call overwrites it). */
  private decode(slot: number): Float64Array {
    const d = this.stride;
    // Exactly the row's length: a projection of more features reads NaN past it (no bound), not another row's stale numbers.
    if (decoded.length !== d) decoded = new Float64Array(d);
    for (let f = 0; f < d; f++) decoded[f] = (this.data[slot * d + f] as number) * this.unit;
    return decoded;
  }

  /** The largest bound (squared) that cannot rule out an input at squared distance `best`, stored round-off allowed for. */
  private reach(best: number): number {
    if (best === Infinity) return Infinity;
    const r = Math.sqrt(best * (1 + 1e-9) + 1e-12) + (this.proj?.slack() ?? 0) + 1e-30;
    return r * r * (1 + 1e-12);
  }

  /**
   * The stored input nearest x (squared distance), among those of x's length and, when `label` is given, of that
   * label: the first slot on a tie, exactly as a full scan finds it. With a projection (px: x projected), the
   * input with the smallest projected bound is measured first and any other only if its bound does not already
   * rule it out; the distance itself gives up past the best so far. Index −1 when none qualifies.
   *
   * `within` (squared) limits the search to inputs at most that far: a caller that ignores anything farther
   * (membership probing's copies lie within a radius) lets the bounds rule out nearly every input at once.
   */
  nearest(x: Float64Array, projection: Projection | undefined, px: Float64Array | undefined, label?: string, within = Infinity): { index: number; best: number } {
    const n = this.size;
    if (bounds.length < n) bounds = new Float64Array(n * 2);
    const lbs = bounds;
    const k = projection && px ? projection.k : 0;
    const proj = k > 0 ? this.ensure(k) : undefined;
    if (proj && this.stale) this.catchUp(projection as Projection, proj);
    const projected = this.projected;
    const unbounded = this.unbounded > 0;
    const coarse = proj ? proj.q : empty;
    const step = proj ? proj.step : 0;
    const stride = this.stride;
    const length = x.length;
    const lengths = this.lengths;
    const labels = this.labels;
    const want = label === undefined ? -1 : this.idOf(label, false);
    // A bound past `limit` rules its input out whatever else is found: its sum stops there (halfway, then at the end).
    const limit = this.reach(within);
    const half = k >> 1;
    // The usual 8 directions get an unrolled bound with the query's coordinates in locals (px is not read again for
    // every stored input): the same terms summed in the same order, so the same bounds; 0–13% less CPU for all four
    // detectors (two trees fed alternately in one process: docs/benchmarks/monitor.md, issue #13's seventh pass).
    const q = k === 8 ? (px as Float64Array) : zeros;
    const p0 = q[0] as number;
    const p1 = q[1] as number;
    const p2 = q[2] as number;
    const p3 = q[3] as number;
    const p4 = q[4] as number;
    const p5 = q[5] as number;
    const p6 = q[6] as number;
    const p7 = q[7] as number;
    let first = -1;
    // Without odd inputs every stored input has the first one's length: one test for all of them.
    const mixed = this.oddRows > 0;
    if (!mixed && length !== stride) return { index: -1, best: Infinity };
    for (let i = 0; i < n; i++) {
      if ((mixed && lengths[i] !== length) || (want !== -1 && labels[i] !== want)) {
        lbs[i] = Infinity;
        continue;
      }
      let lb = 0;
      // A slot without a bound (its projection is not a number) keeps 0: it is always measured.
      if (k > 0 && !(unbounded && projected[i] === 2)) {
        const o = i * k;
        if (k === 8) {
          let d = p0 - (coarse[o] as number) * step;
          lb = d * d;
          d = p1 - (coarse[o + 1] as number) * step;
          lb += d * d;
          d = p2 - (coarse[o + 2] as number) * step;
          lb += d * d;
          d = p3 - (coarse[o + 3] as number) * step;
          lb += d * d;
          if (lb > limit) {
            lbs[i] = Infinity;
            continue;
          }
          d = p4 - (coarse[o + 4] as number) * step;
          lb += d * d;
          d = p5 - (coarse[o + 5] as number) * step;
          lb += d * d;
          d = p6 - (coarse[o + 6] as number) * step;
          lb += d * d;
          d = p7 - (coarse[o + 7] as number) * step;
          lb += d * d;
        } else {
          for (let j = 0; j < half; j++) {
            const d = ((px as Float64Array)[j] as number) - (coarse[o + j] as number) * step;
            lb += d * d;
          }
          if (lb > limit) {
            lbs[i] = Infinity;
            continue;
          }
          for (let j = half; j < k; j++) {
            const d = ((px as Float64Array)[j] as number) - (coarse[o + j] as number) * step;
            lb += d * d;
          }
        }
      }
      lbs[i] = lb;
      if (first < 0 || lb < (lbs[first] as number)) first = i;
    }
    if (first < 0 || (lbs[first] as number) > limit) return { index: -1, best: Infinity };
    // Tried and not kept (issue #13, measured as above): adding (‖r_x‖ − ‖r_y‖)², r the part the projection leaves out,
    // to the bound spared 8% of extraction's rows and 18% of membership's but cost 1.06× their CPU; touching the
    // rows of the bound loop's best so far, 1.02–1.05×; summing only the final nearest in feature order (1.5 ordered
    // sums a search to 1.0), and copying the projections' array and step into the set, within the machine's swing.
    // Also (2026-12-06, both orders): each label's projections side by side (a search for one label read ~8 of their 16
    // lines and no labels), 1.00 for all four detectors over four runs, with 1.1% fewer instructions but 6.8% more L1
    // misses replaying the bench's PointSet calls under cachegrind; as an object per label, 1.06× (membership 1.12×);
    // listing the slots within the limit rather than reading all n bounds again, 1.02 (1.8% fewer instructions); with
    // that, one number per cache line of the projections and labels read first, 0.985 (extraction and membership).
    // Until an input is found, `best` is the limit, which an input may equal.
    let index = -1;
    let best = within;
    const d0 = this.distance2(x, first, best);
    if (d0 <= best) {
      best = d0;
      index = first;
    }
    let reach = this.reach(best);
    // The rest that the first one's distance does not rule out, in ascending order of bound: the nearest tend to come
    // first, each one found lowers the reach, and the walk ends at the first bound past it (8% fewer distances).
    if (order.length < n) order = new Int32Array(n * 2);
    let m = 0;
    for (let i = 0; i < n; i++) if (i !== first && (lbs[i] as number) <= reach) order[m++] = i;
    sortByBound(order, m, lbs);
    prefetch(this.data, stride, order, m);
    for (let c = 0; c < m; c++) {
      const i = order[c] as number;
      if ((lbs[i] as number) > reach) break;
      const d = this.distance2(x, i, best);
      if (index < 0 ? d <= best : d < best || (d === best && i < index)) {
        best = d;
        index = i;
        reach = this.reach(best);
      }
    }
    return index < 0 ? { index: -1, best: Infinity } : { index, best };
  }

  /**
   * Squared distance from x to the input in `slot`, or any value above `bound` once it is known to exceed it.
   *
   * The sum in feature order is one chain of additions, each waiting for the last. Four running sums (features
   * i mod 4) do not wait on each other: they decide first, and rule the input out as soon as they pass the bound;
   * only an input they cannot rule out is summed again in feature order, so a distance that can win or tie is the
   * same number, to the last bit, as before (2–6% less CPU per search, `bench/monitor-nearest-alternate.ts`). Summing n
   * non-negative terms, either way is within about n units in the last place (2⁻⁵³ each) of the exact sum, so four
   * sums above bound·(1 + n·10⁻¹⁵) mean the ordered sum is above the bound too: no input that could be nearest is
   * ruled out (nearest.test.ts holds ties and near-ties to a full scan's answer).
   */
  private distance2(x: Float64Array, slot: number, bound: number): number {
    const odd = this.oddRows > 0 ? this.odd[slot] : undefined;
    const b = odd ?? this.data;
    const o = odd ? 0 : slot * this.stride;
    // Each stored number is b[o + i]·u exactly (u a power of two; 1 for rows of floats, for which nothing changes).
    const u = odd ? 1 : this.unit;
    const n = x.length;
    if (bound === Infinity) return ordered(x, b, o, u);
    const limit = bound * (1 + n * 1e-15);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const d0 = (x[i] as number) - (b[o + i] as number) * u;
      const d1 = (x[i + 1] as number) - (b[o + i + 1] as number) * u;
      const d2 = (x[i + 2] as number) - (b[o + i + 2] as number) * u;
      const d3 = (x[i + 3] as number) - (b[o + i + 3] as number) * u;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
      // Every 16 features (two cache lines of the stored input).
      if ((i & 12) === 12 && s0 + s1 + s2 + s3 > limit) return s0 + s1 + s2 + s3;
    }
    for (; i < n; i++) {
      const d = (x[i] as number) - (b[o + i] as number) * u;
      s0 += d * d;
    }
    if (s0 + s1 + s2 + s3 > limit) return s0 + s1 + s2 + s3;
    return ordered(x, b, o, u);
  }
}

/** Squared distance from x to the row of `b` at `o` (numbers b[o + i]·u), summed in feature order. */
function ordered(x: Float64Array, b: Rows, o: number, u: number): number {
  let s = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (b[o + i] as number) * u;
    s += d * d;
  }
  return s;
}

/** `to` with `from`'s numbers at its start. */
function widened<T extends Float32Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
