/**
 * The last `size` values of a stream, in arrival order (a ring) and sorted, both kept up to date one value
 * at a time: a binary search and a shift of part of one typed array per value, where sorting the window
 * again for every test would cost n log n. Tests of the distribution (Shapiro–Wilk) read the sorted copy.
 */
export class SortedWindow {
  /** The values in ring order (slot order, not arrival order once the ring has wrapped). */
  readonly ring: Float64Array;
  private readonly ordered: Float64Array;
  private next = 0;
  length = 0;

  constructor(readonly size: number) {
    // Slots not yet filled hold +Infinity, in both: a push while the window fills replaces one (the first in order),
    // so filling and turning are one path. Two paths put code first run at the window's first turn (a client's 400th
    // distance, after the bench's 100,000th event), which threw away extraction's compiled measure (~30 ms again).
    this.ring = new Float64Array(size).fill(Infinity);
    this.ordered = new Float64Array(size).fill(Infinity);
  }

  push(v: number): void {
    const size = this.size;
    const old = this.ring[this.next] as number;
    this.ring[this.next] = v;
    const after = this.next + 1;
    this.next = after === size ? 0 : after;
    const grown = this.length + 1;
    this.length = grown > size ? size : grown;
    // The new value takes the leaving one's place and moves to where it belongs: only the values between the two
    // positions shift, by one (removing, then inserting, shifted everything after each position). Every statement
    // runs on every push, whichever side the new value goes (the choices below are of values, not of code).
    const ordered = this.ordered;
    const at = lowerBound(ordered, size, old);
    const upper = v >= old;
    const behind = at + 1;
    // Up: after every value ≤ v that follows the leaving one. Down: before every value > v that precedes it.
    let lo = upper ? behind : 0;
    let hi = upper ? size : at;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ordered[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    const before = lo - 1;
    const past = lo + 1;
    ordered.copyWithin(upper ? at : past, upper ? behind : lo, upper ? lo : at);
    ordered[upper ? before : lo] = v;
  }

  /** The values in ascending order (a view: valid until the next push). */
  sorted(): Float64Array {
    return this.ordered.subarray(0, this.length);
  }

  /** The values in ring order (a view, as `ring` is kept). */
  values(): Float64Array {
    return this.ring.subarray(0, this.length);
  }
}

function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
