import { ExactMemo } from './exact-memo.ts';

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
  /** With 8 rows, the same numbers feature-major (feature i's 8 at 8i): one pass over x feeds all 8 sums. */
  private readonly columns: Float64Array | undefined;
  /** The input last projected by `projectInput` (a copy) and its projection; `remembered` false until there is one. */
  private readonly lastInput: Float64Array;
  private readonly lastOutput: Float64Array;
  private remembered = false;

  private constructor(
    readonly dimension: number,
    readonly k: number,
    rows: Float64Array,
  ) {
    this.rows = rows;
    this.columns = k === 8 ? transposed(rows, k, dimension) : undefined;
    this.lastInput = new Float64Array(dimension);
    this.lastOutput = new Float64Array(k);
  }

  /**
   * Leading directions of `sample` (centred) by power iteration with deflation, then Gram–Schmidt. A sample fitted
   * moments ago (another detector's warm-up: the same numbers) gets that fit, not a second one (exact-memo.ts).
   */
  static fit(sample: readonly Float64Array[], k = 8, iterations = 12): Projection | undefined {
    const first = sample[0];
    if (!first || sample.length < 2) return undefined;
    const tag = `${k} ${iterations}`;
    const known = recent.get(sample, tag)?.deref();
    if (known) return known;
    const fitted = Projection.compute(sample, k, iterations);
    recent.set(sample, tag, new WeakRef(fitted));
    return fitted;
  }

  private static compute(sample: readonly Float64Array[], k: number, iterations: number): Projection {
    const first = sample[0] as Float64Array;
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
    return shared(new Projection(d, rank, rows));
  }

  /** Whether `other` maps every input to the same numbers (the same rows, bit for bit). */
  sameAs(other: Projection): boolean {
    if (other.dimension !== this.dimension || other.k !== this.k) return false;
    const a = this.rows;
    const b = other.rows;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }

  /**
   * `project(x, out)` for an event's input, remembering the last one: a second detector sharing this projection (the
   * same fit: `fit` hands out one object for equal rows) gets the same input's projection copied, not computed again.
   * The input is compared by value, not identity, as the monitor reuses one buffer for every line's input. Equal
   * numbers give equal projections (−0 for 0 too: every sum starts at +0, and +0 + −0 is +0); NaN never compares
   * equal, so an input holding one is projected again.
   */
  projectInput(x: Float64Array, out: Float64Array): Float64Array {
    const d = this.dimension;
    const last = this.lastInput;
    const fits = x.length === d && out.length >= this.k;
    if (this.remembered && fits) {
      let i = 0;
      while (i < d && x[i] === last[i]) i++;
      if (i === d) {
        out.set(this.lastOutput);
        return out;
      }
    }
    this.project(x, out);
    this.remembered = fits;
    if (fits) {
      last.set(x);
      for (let r = 0; r < this.k; r++) this.lastOutput[r] = out[r] as number;
    }
    return out;
  }

  /** The k coordinates of x (read from `from` on), written into `out` (from `at` on). */
  project<Out extends Float64Array | Float32Array>(x: Float64Array | Float32Array, out: Out, from = 0, at = 0): Out {
    const d = this.dimension;
    const columns = this.columns;
    if (columns) {
      eight(columns, d, x, out, from, at);
      return out;
    }
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
 * Eight sums in one pass over x (`columns` feature-major), each added in feature order: the same numbers as four rows
 * at a time, which read x twice and each row from its own place (0.55–0.7× the CPU per projection on the bench's
 * 64 pixels, measured alone).
 */
function eight(columns: Float64Array, d: number, x: Float64Array | Float32Array, out: Float64Array | Float32Array, from: number, at: number): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  for (let i = 0, o = 0; i < d; i++, o += 8) {
    const v = x[from + i] as number;
    s0 += (columns[o] as number) * v;
    s1 += (columns[o + 1] as number) * v;
    s2 += (columns[o + 2] as number) * v;
    s3 += (columns[o + 3] as number) * v;
    s4 += (columns[o + 4] as number) * v;
    s5 += (columns[o + 5] as number) * v;
    s6 += (columns[o + 6] as number) * v;
    s7 += (columns[o + 7] as number) * v;
  }
  out[at] = s0;
  out[at + 1] = s1;
  out[at + 2] = s2;
  out[at + 3] = s3;
  out[at + 4] = s4;
  out[at + 5] = s5;
  out[at + 6] = s6;
  out[at + 7] = s7;
}

function transposed(rows: Float64Array, k: number, d: number): Float64Array {
  const columns = new Float64Array(k * d);
  for (let r = 0; r < k; r++) for (let i = 0; i < d; i++) columns[i * k + r] = rows[r * d + i] as number;
  return columns;
}

/**
 * The last samples fitted: two, as extraction on tabular inputs fits its scaled inputs between the raw fits of its own
 * scale and membership probing's. Weakly: a fit no detector holds any longer is not kept for the next.
 */
const recent = new ExactMemo<WeakRef<Projection>>(2);

/**
 * Projections fitted so far and still in use. Extraction and membership probing fit theirs from the same warm-up on
 * images (FeatureScale's first 200 inputs), so the same rows: handing out the one already made lets `projectInput`
 * project each event's input once for both (one projection, ~1 µs on the bench, of the two per event).
 */
const fitted: WeakRef<Projection>[] = [];

function shared(projection: Projection): Projection {
  for (let i = fitted.length - 1; i >= 0; i--) {
    const known = (fitted[i] as WeakRef<Projection>).deref();
    if (!known) fitted.splice(i, 1);
    else if (known.sameAs(projection)) return known;
  }
  // A few at once in practice (one per detector that searches neighbours): the oldest past 16 is merely not shared.
  if (fitted.length >= 16) fitted.shift();
  fitted.push(new WeakRef(projection));
  return projection;
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
      for (const x of centred) addScaled(out, 0, dot(x, 0, v, 0, d), x, 0, d);
    };
  }
  const scatter = new Float64Array(d * d);
  for (const c of centred) {
    for (let i = 0; i < d; i++) {
      const ci = c[i] as number;
      if (ci !== 0) addScaled(scatter, i * d + i, ci, c, i, d - i);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) scatter[i * d + j] = scatter[j * d + i] as number;
  return (v, out) => {
    for (let i = 0; i < d; i++) out[i] = dot(scatter, i * d, v, 0, d);
  };
}

/*
 * The fit's loops over features, as two small functions, not loops in each caller. The fit runs once, at the warm-up's
 * end, so its loops ran in V8's interpreter, ~10-50 times slower than compiled code, until V8 compiled the whole fit
 * (on the CPU the monitor runs on). These two are called thousands of times each, so V8 compiles them (small: quickly)
 * within the first few hundred calls, and the rest of each loop runs compiled. The sums are the same numbers: added in
 * the same order, and a − d·r is a + (−d)·r exactly.
 */

/** Σ a[ao + j] · b[bo + j] over j < n, added in order of j. */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += (a[ao + j] as number) * (b[bo + j] as number);
  return s;
}

/** out[oo + j] += scale · x[xo + j] for j < n. */
function addScaled(out: Float64Array, oo: number, scale: number, x: Float64Array, xo: number, n: number): void {
  for (let j = 0; j < n; j++) out[oo + j] = (out[oo + j] as number) + scale * (x[xo + j] as number);
}

/** Removes from v its components along rows 0..r−1 (twice, for round-off) and scales it to length 1; zero if nothing is left (a zero row keeps the bound valid). */
function orthonormalise(v: Float64Array, rows: Float64Array, r: number, d: number): void {
  for (let pass = 0; pass < 2; pass++) for (let q = 0; q < r; q++) addScaled(v, 0, -dot(v, 0, rows, q * d, d), rows, q * d, d);
  const norm = Math.sqrt(dot(v, 0, v, 0, d));
  if (!(norm > 1e-9)) v.fill(0);
  else for (let i = 0; i < d; i++) v[i] = (v[i] as number) / norm;
}
