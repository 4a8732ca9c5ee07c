import type { Projection } from './projection.ts';
import { beyond } from './projection.ts';
import { distance2 } from './vector.ts';

let bounds = new Float64Array(128);

/**
 * Up to `capacity` stored inputs in numbered slots, with their labels and (once a projection exists) their
 * projections side by side in one flat array: the pre-filter reads contiguous memory, not an object per input.
 */
export class PointSet {
  readonly xs: (Float64Array | undefined)[] = [];
  private readonly labels: (string | undefined)[] = [];
  private proj: Float64Array;
  private readonly projected: Uint8Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.proj = new Float64Array(0);
    this.projected = new Uint8Array(capacity);
  }

  /** Stores x (and its label, its projection px when known) in `slot` (< capacity; slot = size appends). */
  set(slot: number, x: Float64Array, label: string | undefined, px: Float64Array | undefined): void {
    this.xs[slot] = x;
    this.labels[slot] = label;
    if (slot >= this.size) this.size = slot + 1;
    this.projected[slot] = 0;
    if (px) {
      this.ensure(px.length);
      this.proj.set(px, slot * px.length);
      this.projected[slot] = 1;
    }
  }

  private ensure(k: number): void {
    if (this.proj.length !== this.capacity * k) this.proj = new Float64Array(this.capacity * k);
  }

  /**
   * The stored input nearest x (squared distance), among those of x's length and, when `label` is given, of that
   * label: the first slot on a tie, exactly as a full scan finds it. With a projection (px: x projected), the
   * input with the smallest projected bound is measured first and any other only if its bound does not already
   * rule it out; the distance itself gives up past the best so far. Index −1 when none qualifies.
   */
  nearest(x: Float64Array, projection: Projection | undefined, px: Float64Array | undefined, label?: string): { index: number; best: number } {
    const n = this.size;
    if (bounds.length < n) bounds = new Float64Array(n * 2);
    const k = projection && px ? projection.k : 0;
    if (k > 0) this.ensure(k);
    const proj = this.proj;
    let first = -1;
    for (let i = 0; i < n; i++) {
      const q = this.xs[i] as Float64Array;
      if (q.length !== x.length || (label !== undefined && this.labels[i] !== label)) {
        bounds[i] = Infinity;
        continue;
      }
      let lb = 0;
      if (k > 0) {
        const o = i * k;
        if (this.projected[i] === 0) {
          projection?.project(q, proj.subarray(o, o + k));
          this.projected[i] = 1;
        }
        for (let j = 0; j < k; j++) {
          const d = ((px as Float64Array)[j] as number) - (proj[o + j] as number);
          lb += d * d;
        }
      }
      bounds[i] = lb;
      if (first < 0 || lb < (bounds[first] as number)) first = i;
    }
    if (first < 0) return { index: -1, best: Infinity };
    let index = first;
    let best = distance2(x, this.xs[first] as Float64Array);
    for (let i = 0; i < n; i++) {
      const lb = bounds[i] as number;
      if (i === first || lb === Infinity || beyond(lb, best)) continue;
      const d = distance2(x, this.xs[i] as Float64Array, best);
      if (d < best || (d === best && i < index)) {
        best = d;
        index = i;
      }
    }
    return { index, best };
  }
}
