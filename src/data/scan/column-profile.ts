import type { Matrix } from '../../ml/matrix.ts';

/** What one sorted pass over a column tells the outlier and trigger searches. */
export interface ColumnProfile {
  low: number;
  high: number;
  /** Values repeated at least `minRepeat` times but held by at most `maxShare` of the rows. */
  repeated: number[];
}

/**
 * Per column, the 1% and 99% quantiles and the values that repeat in a minority of rows (candidate
 * trigger values). One column is copied and sorted at a time, so the extra memory is one column.
 */
export function profileColumns(x: Matrix, minRepeat: number, maxShare: number): ColumnProfile[] {
  const { rows, cols, data } = x;
  const column = new Float32Array(rows);
  const profiles: ColumnProfile[] = [];
  const maxCount = Math.floor(maxShare * rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) column[r] = data[r * cols + c] as number;
    column.sort();
    const repeated: number[] = [];
    let start = 0;
    for (let r = 1; r <= rows; r++) {
      if (r < rows && column[r] === column[start]) continue;
      const count = r - start;
      if (count >= minRepeat && count <= maxCount) repeated.push(column[start] as number);
      start = r;
    }
    profiles.push({ low: quantile(column, 0.01), high: quantile(column, 0.99), repeated });
  }
  return profiles;
}

function quantile(sorted: Float32Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}
