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
  /** The warm-up mean, and its k coordinates: the residual is measured from the mean. */
  private readonly mean: Float64Array;
  private readonly meanCoords: Float64Array;
  /** Numbers `project` writes per input: the k coordinates, the residual's length, and that length's round-off allowance. */
  readonly width: number;
  private readonly meanSize: number;

  private constructor(
    readonly dimension: number,
    readonly k: number,
    rows: Float64Array,
    mean: Float64Array,
  ) {
    this.rows = rows;
    this.mean = mean;
    this.width = k + 2;
    this.meanSize = Math.sqrt(mean.reduce((s, v) => s + v * v, 0));
    this.meanCoords = new Float64Array(k);
    for (let r = 0; r < k; r++) {
      let s = 0;
      for (let i = 0; i < dimension; i++) s += (rows[r * dimension + i] as number) * (mean[i] as number);
      this.meanCoords[r] = s;
    }
  }

  /** Leading directions of `sample` (centred) by power iteration with deflation, then Gram–Schmidt. */
  static fit(sample: readonly Float64Array[], k = 12, iterations = 12): Projection | undefined {
    const first = sample[0];
    if (!first || sample.length < 2) return undefined;
    const d = first.length;
    const rank = Math.min(k, d);
    const mean = new Float64Array(d);
    for (const x of sample) for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (x[i] as number) / sample.length;
    const centred = sample.map((x) => Float64Array.from(x, (v, i) => v - (mean[i] as number)));
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
        next.fill(0);
        for (const x of centred) {
          let dot = 0;
          for (let i = 0; i < d; i++) dot += (x[i] as number) * (v[i] as number);
          for (let i = 0; i < d; i++) next[i] = (next[i] as number) + dot * (x[i] as number);
        }
        v.set(next);
        orthonormalise(v, rows, r, d);
      }
      orthonormalise(v, rows, r, d);
      rows.set(v, r * d);
    }
    return new Projection(d, rank, rows, mean);
  }

  /**
   * The k coordinates of x (read from `from` on), then the length of x's residual (x − mean less its part in the
   * projected directions) and a round-off allowance for that length: `width` numbers written into `out` (from `at`
   * on). By Pythagoras ‖x − y‖² = ‖P(x − y)‖² + ‖r_x − r_y‖² ≥ ‖Px − Py‖² + (‖r_x‖ − ‖r_y‖)², so the residual
   * lengths tighten the bound for one number each (`bound2`).
   */
  project(x: Float64Array, out: Float64Array, from = 0, at = 0): Float64Array {
    const d = this.dimension;
    const rows = this.rows;
    const mean = this.mean;
    let inPlane = 0;
    for (let r = 0; r < this.k; r++) {
      let s = 0;
      const o = r * d;
      for (let i = 0; i < d; i++) s += (rows[o + i] as number) * (x[from + i] as number);
      out[at + r] = s;
      const c = s - (this.meanCoords[r] as number);
      inPlane += c * c;
    }
    let all = 0;
    let size = 0;
    for (let i = 0; i < d; i++) {
      const v = x[from + i] as number;
      const c = v - (mean[i] as number);
      all += c * c;
      size += v * v;
    }
    // ‖r‖² = ‖x − μ‖² − ‖P(x − μ)‖² loses digits by cancellation: its error is below ~1e-13 (‖x‖ + ‖μ‖)² for
    // d ≤ 10⁴ (unit rows), so the length is within √ of that, which the allowance covers many times over.
    out[at + this.k] = Math.sqrt(Math.max(0, all - inPlane));
    out[at + this.k + 1] = 1e-5 * (Math.sqrt(size) + this.meanSize) + 1e-12;
    return out;
  }
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

/**
 * A lower bound of the squared distance between two inputs from their projections (`project`'s k coordinates,
 * residual length and allowance, at offsets `ao` and `bo`): the squared distance between the coordinates plus the
 * squared difference of the residual lengths, less both allowances.
 */
export function bound2(a: Float64Array, ao: number, b: Float64Array, bo: number, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) {
    const d = (a[ao + i] as number) - (b[bo + i] as number);
    s += d * d;
  }
  const r = Math.abs((a[ao + k] as number) - (b[bo + k] as number)) - (a[ao + k + 1] as number) - (b[bo + k + 1] as number);
  return r > 0 ? s + r * r : s;
}

/** True when a lower bound `lb` (squared) proves a candidate farther than `best` (squared), with room for round-off. */
export const beyond = (lb: number, best: number): boolean => lb > best * (1 + 1e-9) + 1e-12;
