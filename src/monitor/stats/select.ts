/**
 * The k-th smallest of `values` (0-based), found in place by quickselect (Hoare's partition around a median of
 * three): what sorting and reading index k gives, in linear expected time rather than n log n. The order of
 * `values` is scrambled. For finite numbers (NaN has no place in an order).
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot: sorted or reversed input costs no more than shuffled input.
    if ((values[mid] as number) < (values[lo] as number)) swap(values, mid, lo);
    if ((values[hi] as number) < (values[lo] as number)) swap(values, hi, lo);
    if ((values[hi] as number) < (values[mid] as number)) swap(values, hi, mid);
    const pivot = values[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) swap(values, i++, j--);
    }
    // Now values[lo..j] ≤ pivot ≤ values[i..hi], and anything between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/**
 * The k-th smallest of `values[0..n)` (0-based) when k is near the top, in one pass that keeps the `n - k` largest
 * seen in `top` (at least that long), smallest first: the value quickselect gives (up to the sign of a zero: either
 * may give 0 where the other gives −0), without copying the values. A 99th percentile of 2,048 keeps 21, and after
 * the first few hundred values most cost one comparison; quickselect copied all 2,048 and partitioned them two or
 * three times. For numbers that are not NaN, k < n.
 */
export function kthSmallestNearTop(values: ArrayLike<number>, n: number, k: number, top: Float64Array): number {
  const m = n - k;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (kept < m) {
      let at = kept++;
      while (at > 0 && (top[at - 1] as number) > v) {
        top[at] = top[at - 1] as number;
        at--;
      }
      top[at] = v;
    } else if (v > (top[0] as number)) {
      // v displaces the smallest kept: an equal value would change no order statistic, so it is passed over.
      let at = 0;
      while (at + 1 < m && (top[at + 1] as number) < v) {
        top[at] = top[at + 1] as number;
        at++;
      }
      top[at] = v;
    }
  }
  return top[0] as number;
}

/**
 * `values` in ascending order, as `Array.prototype.sort((a, b) => a - b)` puts numbers that are neither NaN nor −0: by
 * the typed array's own sort, in place, not by a comparator called from JavaScript for each comparison (a median of the
 * warm-up's ~5,000 distances, once per run and so in V8's slowest tiers). −0 sorts before 0 here, where the comparator
 * keeps their order: callers pass neither (distances are square roots of sums from +0). With a NaN (which the comparator
 * leaves anywhere) the comparator's order is returned, in a copy, so the figure read from it is what it always was.
 */
export function ascending(values: Float64Array): ArrayLike<number> {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i] as number)) return Array.from(values).sort((a, b) => a - b);
  return values.sort();
}
