/**
 * The median of sorted values (the upper one for an even count) and their robust standard deviation, 1.4826 × the
 * median absolute deviation (the normal's σ for normal data, and unmoved by a few outliers): what the extraction
 * detector's population δ (PRADA's W) and its residual tail (`RankReference.tail`) are cut from. NaN for none.
 */
export function robustSpread(sorted: ArrayLike<number>): { median: number; sd: number } {
  const n = sorted.length;
  if (n === 0) return { median: Number.NaN, sd: Number.NaN };
  const median = sorted[n >> 1] as number;
  const gaps = new Float64Array(n);
  for (let i = 0; i < n; i++) gaps[i] = Math.abs((sorted[i] as number) - median);
  gaps.sort();
  return { median, sd: 1.4826 * (gaps[n >> 1] as number) };
}
