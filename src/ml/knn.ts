import type { Matrix } from './matrix.ts';

/** The `k` nearest neighbours of every query row: indices and Euclidean distances, nearest first. */
export interface Neighbours {
  k: number;
  index: Int32Array;
  distance: Float32Array;
}

/**
 * Brute-force k nearest neighbours of each row of `queries` among the rows of `base` (both already
 * scaled), by ‖a‖² + ‖b‖² − 2a·b. With `self` the query set is the base set and a row is not its own
 * neighbour (leave-one-out). Quadratic: callers cap the rows (a scan uses it up to tens of thousands).
 */
export function nearestNeighbours(queries: Matrix, base: Matrix, k: number, self = false): Neighbours {
  const { cols } = base;
  const kk = Math.min(k, base.rows - (self ? 1 : 0));
  const index = new Int32Array(queries.rows * kk).fill(-1);
  const distance = new Float32Array(queries.rows * kk).fill(Infinity);
  const normsOf = (m: Matrix): Float64Array => {
    const out = new Float64Array(m.rows);
    for (let r = 0; r < m.rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += (m.data[r * cols + c] as number) ** 2;
      out[r] = s;
    }
    return out;
  };
  const qn = normsOf(queries);
  const bn = self ? qn : normsOf(base);
  const q = queries.data;
  const b = base.data;
  for (let i = 0; i < queries.rows; i++) {
    const qo = i * cols;
    const slot = i * kk;
    let worst = Infinity;
    for (let j = 0; j < base.rows; j++) {
      if (self && j === i) continue;
      const bo = j * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += (q[qo + c] as number) * (b[bo + c] as number);
      const d2 = (qn[i] as number) + (bn[j] as number) - 2 * dot;
      if (d2 >= worst) continue;
      // Insert into the sorted list of the k best so far.
      let p = kk - 1;
      while (p > 0 && (distance[slot + p - 1] as number) > d2) {
        distance[slot + p] = distance[slot + p - 1] as number;
        index[slot + p] = index[slot + p - 1] as number;
        p--;
      }
      distance[slot + p] = d2;
      index[slot + p] = j;
      worst = distance[slot + kk - 1] as number;
    }
    for (let p = 0; p < kk; p++) distance[slot + p] = Math.sqrt(Math.max(0, distance[slot + p] as number));
  }
  return { k: kk, index, distance };
}

/**
 * Class probabilities from neighbours' labels, each vote weighted 1 / (1 + distance / scale), smoothed by
 * `alpha` per class so no probability is exactly 0 or 1. Written into `out` at `row × classes`.
 */
export function knnProbabilities(nb: Neighbours, labels: Int32Array, classes: number, scale: number, alpha: number, out: Float64Array): void {
  const rows = nb.index.length / nb.k;
  for (let i = 0; i < rows; i++) {
    const o = i * classes;
    for (let c = 0; c < classes; c++) out[o + c] = alpha;
    let total = classes * alpha;
    for (let p = 0; p < nb.k; p++) {
      const j = nb.index[i * nb.k + p] as number;
      if (j < 0) continue;
      const w = 1 / (1 + (nb.distance[i * nb.k + p] as number) / scale);
      const c = labels[j] as number;
      out[o + c] = (out[o + c] as number) + w;
      total += w;
    }
    for (let c = 0; c < classes; c++) out[o + c] = (out[o + c] as number) / total;
  }
}
