/** A dense row-major matrix of float32 features: row `r` is `data[r*cols … (r+1)*cols)`. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Per-column centring and scaling applied on the fly (no standardised copy of a large matrix is made). */
export interface Scaling {
  mean: Float64Array;
  /** 1 / scale per column. */
  inv: Float64Array;
}

/**
 * Column means and a scale per column: the standard deviation, floored at a quarter of the median standard
 * deviation so that a near-constant column (a corner pixel almost always 0) does not dominate distances.
 */
export function scalingOf(m: Matrix): Scaling {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  const sq = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = data[o + c] as number;
      mean[c] = (mean[c] as number) + v;
      sq[c] = (sq[c] as number) + v * v;
    }
  }
  const std = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    mean[c] = (mean[c] as number) / Math.max(1, rows);
    std[c] = Math.sqrt(Math.max(0, (sq[c] as number) / Math.max(1, rows) - (mean[c] as number) ** 2));
  }
  const sorted = Array.from(std).sort((a, b) => a - b);
  const floor = Math.max(0.25 * (sorted[sorted.length >> 1] ?? 1), 1e-9);
  const inv = Float64Array.from(std, (s) => 1 / Math.max(s, floor));
  return { mean, inv };
}

/** Rows `indices` of `m`, scaled: a new matrix. */
export function scaledRows(m: Matrix, scaling: Scaling, indices: ArrayLike<number>): Matrix {
  const { cols } = m;
  const out = new Float32Array(indices.length * cols);
  for (let i = 0; i < indices.length; i++) {
    const src = (indices[i] as number) * cols;
    for (let c = 0; c < cols; c++) out[i * cols + c] = ((m.data[src + c] as number) - (scaling.mean[c] as number)) * (scaling.inv[c] as number);
  }
  return { data: out, rows: indices.length, cols };
}
