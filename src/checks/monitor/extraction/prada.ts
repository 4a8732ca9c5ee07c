import { shapiroWilkSorted } from '../../../monitor/stats/shapiro-wilk.ts';
import type { SortedWindow } from '../../../monitor/stats/sorted-window.ts';

/** Count, mean and M2 of a stream (Welford), for PRADA's growing-set threshold per class. */
export function welford(stats: { n: number; mean: number; m2: number }, v: number): void {
  stats.n++;
  const delta = v - stats.mean;
  stats.mean += delta / stats.n;
  stats.m2 += delta * (v - stats.mean);
}

/**
 * W after PRADA's trimming of outliers beyond `trim` standard deviations. The values kept are a run of the
 * sorted window (|v − mean| grows away from the mean on either side), so the test reads that run in place.
 */
export function testW(distances: SortedWindow, trim: number): number | undefined {
  const sorted = distances.sorted();
  let lo = 0;
  let hi = sorted.length;
  if (trim > 0) {
    // Indexed loops over the ring (the same sums): \`for…of\` boxed a number per value, 4 KB of garbage per test.
    const values = distances.ring;
    const n = distances.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += values[i] as number;
    const mean = total / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;
    const limit = trim * Math.sqrt(squares / n);
    while (lo < hi && !(Math.abs((sorted[lo] as number) - mean) <= limit)) lo++;
    while (hi > lo && !(Math.abs((sorted[hi - 1] as number) - mean) <= limit)) hi--;
  }
  if (hi - lo < 12) return undefined;
  return shapiroWilkSorted(sorted.subarray(lo, hi)).w;
}

