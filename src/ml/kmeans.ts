import type { Matrix } from './matrix.ts';
import { createRng } from './rng.ts';

export interface KMeansOptions {
  /** Clusters wanted. */
  k: number;
  /** Seeds k-means++ (ignored with `init`). */
  seed?: number;
  /** Runs from different k-means++ starts; the one with the least within-cluster sum of squares is kept. */
  restarts?: number;
  /** Starting centres (row indices of the matrix) instead of k-means++: one run. */
  init?: readonly number[];
  iterations?: number;
}

/**
 * k-means (Lloyd) on the rows `rows` of `x`: the cluster (0 … k − 1) of each of them, in their order. Started by
 * k-means++ (Arthur & Vassilvitskii 2007: each next centre a row drawn with probability ∝ its squared distance
 * to the nearest centre so far), best of `restarts`, or from given rows. A cluster left empty keeps its centre.
 */
export function kMeans(x: Matrix, rows: readonly number[], options: KMeansOptions): Uint8Array {
  const { k, restarts = 1, iterations = 50 } = options;
  if (options.init) return lloyd(x, rows, options.init.map((r) => rowOf(x, r)), iterations).assign;
  const rng = createRng(options.seed ?? 1);
  let best: { assign: Uint8Array; inertia: number } | undefined;
  for (let run = 0; run < restarts; run++) {
    const centres = [rowOf(x, rows[rng.int(rows.length)] as number)];
    const nearest = Float64Array.from(rows, (r) => squaredDistance(x, r, centres[0] as Float64Array));
    while (centres.length < Math.min(k, rows.length)) {
      let total = 0;
      for (const d of nearest) total += d;
      let u = rng.next() * total;
      let pick = rows.length - 1;
      for (let i = 0; i < rows.length; i++) {
        u -= nearest[i] as number;
        if (u < 0) {
          pick = i;
          break;
        }
      }
      const centre = rowOf(x, rows[pick] as number);
      centres.push(centre);
      rows.forEach((r, i) => (nearest[i] = Math.min(nearest[i] as number, squaredDistance(x, r, centre))));
    }
    const result = lloyd(x, rows, centres, iterations);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best?.assign ?? new Uint8Array(rows.length);
}

function lloyd(x: Matrix, rows: readonly number[], centres: Float64Array[], iterations: number): { assign: Uint8Array; inertia: number } {
  const d = x.cols;
  const assign = new Uint8Array(rows.length);
  let inertia = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const sums = centres.map(() => new Float64Array(d));
    const counts = new Float64Array(centres.length);
    let moved = false;
    inertia = 0;
    rows.forEach((r, i) => {
      let to = 0;
      let best = Infinity;
      centres.forEach((c, j) => {
        const dist = squaredDistance(x, r, c);
        if (dist < best) [best, to] = [dist, j];
      });
      if (to !== assign[i]) moved = true;
      assign[i] = to;
      inertia += best;
      counts[to]! += 1;
      const sum = sums[to] as Float64Array;
      for (let f = 0; f < d; f++) sum[f]! += x.data[r * d + f] as number;
    });
    centres.forEach((c, j) => {
      if ((counts[j] as number) > 0) for (let f = 0; f < d; f++) c[f] = (sums[j]![f] as number) / (counts[j] as number);
    });
    if (!moved && iteration > 0) break;
  }
  return { assign, inertia };
}

function rowOf(x: Matrix, r: number): Float64Array {
  return Float64Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols));
}

function squaredDistance(x: Matrix, r: number, centre: Float64Array): number {
  let s = 0;
  const o = r * x.cols;
  for (let f = 0; f < x.cols; f++) s += ((x.data[o + f] as number) - (centre[f] as number)) ** 2;
  return s;
}
