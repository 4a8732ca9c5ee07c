import { describe, expect, it } from 'vitest';
import { robustSpread } from './robust.ts';

describe('robustSpread', () => {
  it('is the (upper) median and 1.4826 × the median absolute deviation of sorted values', () => {
    expect(robustSpread([1, 2, 3, 4, 100])).toEqual({ median: 3, sd: 1.4826 * 1 });
    // Even count: the upper median, 3; deviations 2, 1, 0, 97 sorted 0, 1, 2, 97: the upper one, 2.
    expect(robustSpread([1, 2, 3, 100])).toEqual({ median: 3, sd: 1.4826 * 2 });
  });

  it('is NaN for no values', () => {
    expect(robustSpread([])).toEqual({ median: Number.NaN, sd: Number.NaN });
  });
});
