/**
 * An orthonormal projection onto the leading principal directions of a warm-up sample, for exact nearest-
 * neighbour search with a cheap pre-filter. For orthonormal rows P, ‖P(x − y)‖ ≤ ‖x − y‖: the distance between
 * two projections (k numbers, k ≪ d) is a lower bound of the true distance, so a candidate whose bound already
 * exceeds the best distance found is skipped without changing which one is nearest. The principal directions
 * make the bound tight (most of the spread of natural inputs lies along them); any orthonormal rows keep it valid.
 */
export class Projection {
  /** k rows of `dimension` numbers, row-major. */
  private readonly rows: Float64Array;

  private constructor(
    readonly dimension: number,
    readonly k: number,
    rows: Float64Array,
  ) {
    this.rows = rows;
  }

  /** Leading directions of `sample` (centred) by power iteration with deflation, then Gram–Schmidt. */
  static fit(sample: readonly Float64Array[], k = 8, iterations = 12): Projection | undefined {
    const first = sample[0];
    if (!first || sample.length < 2) return undefined;
    const d = first.length;
    const rank = Math.min(k, d);
    const mean = new Float64Array(d);
    for (const x of sample) for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (x[i] as number) / sample.length;
    const times = scatterTimes(sample, mean);
    const rows = new Float64Array(rank * d);
    const v = new Float64Array(d);
    const next = new Float64Array(d);
    let seed = 0x2545f491;
    for (let r = 0; r < rank; r++) {
      for (let i = 0; i < d; i++) {
        seed = (Math.imul(seed, 1103515245) + 12345) | 0;
        v[i] = ((seed >>> 8) & 0xffff) / 0x10000 - 0.5;
      }
      for (let it = 0; it < iterations; it++) {
        times(v, next);
        v.set(next);
        orthonormalise(v, rows, r, d);
      }
      orthonormalise(v, rows, r, d);
      rows.set(v, r * d);
    }
    return new Projection(d, rank, rows);
  }

  /** The k coordinates of x (read from `from` on), written into `out` (from `at` on). */
  project<Out extends Float64Array | Float32Array>(x: Float64Array | Float32Array, out: Out, from = 0, at = 0): Out {
    const d = this.dimension;
    const rows = this.rows;
    const k = this.k;
    let r = 0;
    // Four rows per pass over x: each feature is read once for four sums, each sum still added in feature order
    // (the same numbers as one row at a time).
    for (; r + 4 <= k; r += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      const o0 = r * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      for (let i = 0; i < d; i++) {
        const v = x[from + i] as number;
        s0 += (rows[o0 + i] as number) * v;
        s1 += (rows[o1 + i] as number) * v;
        s2 += (rows[o2 + i] as number) * v;
        s3 += (rows[o3 + i] as number) * v;
      }
      out[at + r] = s0;
      out[at + r + 1] = s1;
      out[at + r + 2] = s2;
      out[at + r + 3] = s3;
    }
    for (; r < k; r++) {
      let s = 0;
      const o = r * d;
      for (let i = 0; i < d; i++) s += (rows[o + i] as number) * (x[from + i] as number);
      out[at + r] = s;
    }
    return out;
  }
}

/**
 * v ↦ Σ (x − mean)(x − mean)ᵀ v over the sample, written into `out`. For inputs no longer than the sample is large,
 * the scatter matrix is formed once and each step is d² products (the fit ran ~50 ms of CPU per detector at
 * warm-up, two passes over the sample per step); for longer ones (images), two passes over the centred sample per
 * step, as a d × d matrix would be larger than the sample.
 */
function scatterTimes(sample: readonly Float64Array[], mean: Float64Array): (v: Float64Array, out: Float64Array) => void {
  const d = mean.length;
  const centred = sample.map((x) => {
    const c = new Float64Array(d);
    for (let i = 0; i < d; i++) c[i] = (x[i] as number) - (mean[i] as number);
    return c;
  });
  if (d > sample.length) {
    return (v, out) => {
      out.fill(0);
      for (const x of centred) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += (x[i] as number) * (v[i] as number);
        for (let i = 0; i < d; i++) out[i] = (out[i] as number) + dot * (x[i] as number);
      }
    };
  }
  const scatter = new Float64Array(d * d);
  for (const c of centred) {
    for (let i = 0; i < d; i++) {
      const ci = c[i] as number;
      if (ci === 0) continue;
      const o = i * d;
      for (let j = i; j < d; j++) scatter[o + j] = (scatter[o + j] as number) + ci * (c[j] as number);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) scatter[i * d + j] = scatter[j * d + i] as number;
  return (v, out) => {
    for (let i = 0; i < d; i++) {
      let dot = 0;
      const o = i * d;
      for (let j = 0; j < d; j++) dot += (scatter[o + j] as number) * (v[j] as number);
      out[i] = dot;
    }
  };
}

/** Removes from v its components along rows 0..r−1 (twice, for round-off) and scales it to length 1; zero if nothing is left (a zero row keeps the bound valid). */
function orthonormalise(v: Float64Array, rows: Float64Array, r: number, d: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let q = 0; q < r; q++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += (v[i] as number) * (rows[q * d + i] as number);
      for (let i = 0; i < d; i++) v[i] = (v[i] as number) - dot * (rows[q * d + i] as number);
    }
  }
  let norm = 0;
  for (let i = 0; i < d; i++) norm += (v[i] as number) * (v[i] as number);
  norm = Math.sqrt(norm);
  if (!(norm > 1e-9)) v.fill(0);
  else for (let i = 0; i < d; i++) v[i] = (v[i] as number) / norm;
}
