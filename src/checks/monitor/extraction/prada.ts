import { shapiroWilkSorted } from '../../../monitor/stats/shapiro-wilk.ts';
import type { SortedWindow } from '../../../monitor/stats/sorted-window.ts';
import { robustSpread } from '../../../monitor/stats/robust.ts';

/** A client's figures for one label: answers so far; count, mean and M2 of the minimum distances (Welford). */
export interface ClassFigures {
  answers: number;
  n: number;
  mean: number;
  m2: number;
}

/**
 * Made by `new`, not as an object literal: V8 tracks a literal's allocation site and, once most of its objects outlive
 * a few collections, allocates them in the old space and throws away the compiled code that inlines it (~20,000
 * events into the bench). Objects made by `new` have no allocation site.
 */
class Figures implements ClassFigures {
  answers = 0;
  n = 0;
  mean = 0;
  m2 = 0;
}

/** The client's figures for a label, made when it is first seen: one lookup per query, where counts and distances took three. */
export function classOf(byClass: Map<string, ClassFigures>, label: string): ClassFigures {
  let figures = byClass.get(label);
  if (figures === undefined) byClass.set(label, (figures = new Figures()));
  return figures;
}

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


/** Clients with a W before the population's δ is used (as the population's boundary share waits for 5). */
export const POPULATION_CLIENTS = 5;
/** Minimum distances of a client before its W is a vote (a W test's own minimum is 12). */
export const VOTE_DISTANCES = 20;

/**
 * PRADA's δ, or lower where the population's own W says natural clients sit lower: the median of `ws` (each client's
 * latest W) less `deviations` robust standard deviations (1.4826 × the median absolute deviation), when at least
 * `minClients` clients give one. On tabular data the minimum distances of natural inputs are not normal — a pump's
 * readings, correlated through a few causes (load, speed, wear), have a low intrinsic dimension, and its nearest
 * distances are right-skewed — so its natural clients' W sat at 0.81–0.86 where PRADA's δ is 0.87 (2 of 40 flagged on
 * each held-out sensors seed, 1101–1103), while their population's median was 0.92–0.94.
 */
export function populationThreshold(ws: number[], delta: number, deviations: number, minClients: number, figure = populationFigure(ws, deviations, minClients)): number {
  // `figure` given: the caller's `populationFigure` of the same `ws`, which sorted them.
  if (figure === undefined) return delta;
  // With fewer than twice `minClients` voters their spread is itself uncertain: five natural digits clients at W
  // 0.89–0.99 put δ at 0.765 (fresh 8×8 digits seed 2677), and JbDA, its W 0.80–0.86 where it is caught on other seeds,
  // ran under it to its 271st query of 800 (290th on 2682). Until then δ falls only when two voters sit below it: natural
  // clients low, not the spread of a few high ones (one below could be the extraction itself, not yet flagged).
  if (ws.length < 2 * minClients && (ws[1] as number) >= delta) return delta;
  return Math.min(delta, figure);
}

/** The population's own figure: the median of `ws` less `deviations` robust standard deviations (`ws` sorted in place); undefined with fewer than `minClients`. */
export function populationFigure(ws: number[], deviations: number, minClients: number): number | undefined {
  if (deviations <= 0 || ws.length < minClients) return undefined;
  const { median, sd } = robustSpread(ws.sort((a, b) => a - b));
  return median - deviations * sd;
}
