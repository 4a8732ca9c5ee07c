import type { Matrix } from '../../ml/matrix.ts';
import type { ColumnProfile } from './column-profile.ts';
import type { Flag } from './flags.ts';

/**
 * Feature outliers: a cell beyond its column's 1–99% range by more than `threshold` times the range
 * width. The width is floored at the median width over columns, so a column that is nearly constant (a
 * corner pixel) does not turn its rare ordinary values into outliers.
 */
export function outlierFlags(x: Matrix, profiles: ColumnProfile[], features: string[], threshold: number): Flag[] {
  const widths = profiles.map((p) => p.high - p.low);
  const sorted = widths.slice().sort((a, b) => a - b);
  const floor = Math.max(sorted[sorted.length >> 1] ?? 0, 1e-9);
  const flags: Flag[] = [];
  const { rows, cols, data } = x;
  for (let r = 0; r < rows; r++) {
    let worst = 0;
    let at = -1;
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c] as number;
      const p = profiles[c] as ColumnProfile;
      const beyond = v > p.high ? v - p.high : v < p.low ? p.low - v : 0;
      if (beyond === 0) continue;
      const s = beyond / Math.max(widths[c] as number, floor);
      if (s > worst) {
        worst = s;
        at = c;
      }
    }
    if (worst > threshold) {
      const p = profiles[at] as ColumnProfile;
      flags.push({ kind: 'outlier', index: r, score: worst / (worst + threshold), reason: `${features[at]} = ${fmt(data[r * cols + at] as number)}, ${worst.toFixed(1)} range widths outside its 1–99% range [${fmt(p.low)}, ${fmt(p.high)}]` });
    }
  }
  return flags;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(4));
