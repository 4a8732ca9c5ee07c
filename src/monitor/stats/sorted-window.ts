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
    this.ring = new Float64Array(size);
    this.ordered = new Float64Array(size);
  }

  push(v: number): void {
    if (this.length < this.size) {
      this.ring[this.length] = v;
      this.insert(v, this.length);
      this.length++;
      return;
    }
    const old = this.ring[this.next] as number;
    this.ring[this.next] = v;
    // Stored on every push of a full window, as RankRing's: a store first run at the window's first turn (after the
    // 100,000th event of the bench) threw away extraction's compiled measure.
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
    // The new value takes the leaving one's place and moves to where it belongs: only the values between the two
    // positions shift, by one (removing, then inserting, shifted everything after each position).
    const ordered = this.ordered;
    const at = lowerBound(ordered, this.size, old);
    if (v >= old) {
      // After every value ≤ v that follows the leaving one.
      let lo = at + 1;
      let hi = this.size;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((ordered[mid] as number) <= v) lo = mid + 1;
        else hi = mid;
      }
      ordered.copyWithin(at, at + 1, lo);
      ordered[lo - 1] = v;
    } else {
      // Before every value > v that precedes the leaving one.
      let lo = 0;
      let hi = at;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((ordered[mid] as number) <= v) lo = mid + 1;
        else hi = mid;
      }
      ordered.copyWithin(lo + 1, lo, at);
      ordered[lo] = v;
    }
  }

  /** The values in ascending order (a view: valid until the next push). */
  sorted(): Float64Array {
    return this.ordered.subarray(0, this.length);
  }

  /** The values in ring order (a view, as `ring` is kept). */
  values(): Float64Array {
    return this.ring.subarray(0, this.length);
  }

  private insert(v: number, count: number): void {
    let lo = 0;
    let hi = count;
    // After any equal values: the sorted copy is the same multiset whatever the position among ties.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    this.ordered.copyWithin(lo + 1, lo, count);
    this.ordered[lo] = v;
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
