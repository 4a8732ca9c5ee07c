import type { CategoryProfile } from './manifest.ts';

/**
 * Distribution shift between two recorded profiles, on their sketches.
 *
 * - Numeric columns: the population stability index over ten bins cut at the previous sample's deciles, and the
 *   two-sample Kolmogorov–Smirnov statistic D between the two samples with its asymptotic p-value
 *   (Q_KS(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), λ = (√n_e + 0.12 + 0.11/√n_e)·D, n_e = n·m/(n+m)).
 * - Categorical columns (labels, flags, codes, strings): PSI over the previous top values plus "other".
 *
 * Thresholds (documented in the README): PSI ≥ 0.25 is a shift (the usual "significant change" line), 0.1–0.25
 * moderate (shown, not evidence); KS shifts when p < 0.001 and D ≥ 0.1.
 */
export const PSI_SHIFT = 0.25;
export const PSI_MODERATE = 0.1;
export const KS_P = 0.001;
export const KS_MIN_D = 0.1;

/** Proportions below this count as this, so an empty bin does not make PSI infinite. */
const FLOOR = 1e-4;

export function psi(expected: readonly number[], actual: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] ?? 0, FLOOR);
    const a = Math.max(actual[i] ?? 0, FLOOR);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** PSI of `after` against `before`, both sorted samples, over bins at `before`'s deciles. */
export function numericPsi(before: readonly number[], after: readonly number[]): number {
  if (before.length === 0 || after.length === 0) return 0;
  const edges = [...new Set([1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => quantile(before, d / 10)))];
  return psi(binShares(before, edges), binShares(after, edges));
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** Shares of a sorted sample in the bins (−∞, e0), [e0, e1), …, [e_last, ∞). */
function binShares(sorted: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (const x of sorted) {
    while (bin < edges.length && x >= (edges[bin] as number)) bin++;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts.map((c) => c / sorted.length);
}

export function ks(before: readonly number[], after: readonly number[]): { d: number; p: number } {
  const n = before.length;
  const m = after.length;
  if (n === 0 || m === 0) return { d: 0, p: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(before[i] as number, after[j] as number);
    while (i < n && (before[i] as number) <= x) i++;
    while (j < m && (after[j] as number) <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const ne = Math.sqrt((n * m) / (n + m));
  return { d, p: qks((ne + 0.12 + 0.11 / ne) * d) };
}

function qks(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** PSI over the previous profile's top values plus "other"; missing cells are not a category (they are compared apart). */
export function categoricalPsi(before: CategoryProfile, after: CategoryProfile): number {
  const keys = before.top.map(([k]) => k);
  const share = (p: CategoryProfile): number[] => {
    const counts = new Map(p.top);
    const total = p.top.reduce((s, [, c]) => s + c, 0) + p.other;
    if (total === 0) return keys.map(() => 0).concat(0);
    const shares = keys.map((k) => (counts.get(k) ?? 0) / total);
    return shares.concat(Math.max(0, 1 - shares.reduce((s, x) => s + x, 0)));
  };
  return psi(share(before), share(after));
}
