import { normalCdf, normalQuantile } from './normal.ts';

/**
 * The Shapiro–Wilk W test of normality with Royston's (1995, algorithm AS R94) approximations for the
 * coefficients and the p-value, for 3 ≤ n ≤ 5000. PRADA flags a client whose minimum-distance
 * distribution is not normal (W below a threshold). No npm package implements it; the formulas are the
 * published ones.
 */
export interface ShapiroWilk {
  w: number;
  /** Upper-tail p-value of Royston's normalising transform; NaN below n = 4. */
  p: number;
}

const C1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
const C2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];

const poly = (c: readonly number[], x: number): number => c.reduceRight((acc, k) => acc * x + k, 0);

/**
 * Coefficients a₁…a_{n/2} (positive, for the largest-minus-smallest differences); cached per n, up to 2²⁰ of them in
 * all (8 MB). Clients' windows fill at different paces, so tests come with hundreds of different n: a cache of 64
 * sizes was cleared over and over, and each miss costs n/2 normal quantiles.
 */
const cache = new Map<number, Float64Array>();
const CACHED = 1 << 20;
let cached = 0;
function coefficients(n: number): Float64Array {
  const known = cache.get(n);
  if (known) return known;
  const half = Math.floor(n / 2);
  const a = new Float64Array(half);
  if (n === 3) {
    a[0] = Math.SQRT1_2;
  } else {
    const m = new Float64Array(half);
    let summ2 = 0;
    for (let i = 0; i < half; i++) {
      m[i] = normalQuantile((i + 1 - 0.375) / (n + 0.25));
      summ2 += (m[i] as number) ** 2;
    }
    summ2 *= 2;
    const ssumm2 = Math.sqrt(summ2);
    const rsn = 1 / Math.sqrt(n);
    const a1 = poly(C1, rsn) - (m[0] as number) / ssumm2;
    let first: number;
    let fac: number;
    if (n > 5) {
      first = 2;
      const a2 = -(m[1] as number) / ssumm2 + poly(C2, rsn);
      fac = Math.sqrt((summ2 - 2 * (m[0] as number) ** 2 - 2 * (m[1] as number) ** 2) / (1 - 2 * a1 ** 2 - 2 * a2 ** 2));
      a[1] = a2;
    } else {
      first = 1;
      fac = Math.sqrt((summ2 - 2 * (m[0] as number) ** 2) / (1 - 2 * a1 ** 2));
    }
    a[0] = a1;
    for (let i = first; i < half; i++) a[i] = -(m[i] as number) / fac;
  }
  if (cached + half > CACHED) {
    cache.clear();
    cached = 0;
  }
  cache.set(n, a);
  cached += half;
  return a;
}

/** W and its p-value for a sample (not modified). Identical values give W = 1 (nothing to test). */
export function shapiroWilk(sample: ArrayLike<number>): ShapiroWilk {
  const n = sample.length;
  if (n < 3) throw new RangeError(`Shapiro-Wilk needs at least 3 values, got ${n}`);
  return shapiroWilkSorted(Float64Array.from(sample).sort());
}

/** The same for a sample already in ascending order (a sorted window), without copying or sorting it. */
export function shapiroWilkSorted(x: Float64Array): ShapiroWilk {
  const n = x.length;
  if (n < 3) throw new RangeError(`Shapiro-Wilk needs at least 3 values, got ${n}`);
  // Indexed loops (the same sums, in the same order): \`reduce\` and \`for…of\` here boxed a number per value.
  let total = 0;
  for (let i = 0; i < n; i++) total += x[i] as number;
  const mean = total / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((x[i] as number) - mean) ** 2;
  if (ss === 0) return { w: 1, p: 1 };
  const a = coefficients(Math.min(n, 5000));
  let b = 0;
  for (let i = 0; i < a.length; i++) b += (a[i] as number) * ((x[n - 1 - i] as number) - (x[i] as number));
  const w = Math.min(1, (b * b) / ss);
  return { w, p: pValue(w, n) };
}

function pValue(w: number, n: number): number {
  if (n === 3) return Math.max(0, Math.min(1, (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.asin(Math.sqrt(0.75)))));
  if (n < 4) return Number.NaN;
  const y = Math.log(1 - w);
  if (n <= 11) {
    const gamma = -2.273 + 0.459 * n;
    if (y >= gamma) return 0;
    const mu = 0.544 - 0.39978 * n + 0.025054 * n ** 2 - 0.0006714 * n ** 3;
    const sigma = Math.exp(1.3822 - 0.77857 * n + 0.062767 * n ** 2 - 0.0020322 * n ** 3);
    return 1 - normalCdf((-Math.log(gamma - y) - mu) / sigma);
  }
  const ln = Math.log(n);
  const mu = -1.5861 - 0.31082 * ln - 0.083751 * ln ** 2 + 0.0038915 * ln ** 3;
  const sigma = Math.exp(-0.4803 - 0.082676 * ln + 0.0030302 * ln ** 2);
  return 1 - normalCdf((y - mu) / sigma);
}
