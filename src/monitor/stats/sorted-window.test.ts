import { describe, expect, it } from 'vitest';
import { createRng } from '../../ml/rng.ts';
import { SortedWindow } from './sorted-window.ts';

describe('SortedWindow: the last values of a stream, in ring order and sorted', () => {
  const rng = createRng(5);
  it.each([
    { name: 'fewer values than the window', size: 10, values: [3, 1, 2] },
    { name: 'a wrapped window of distinct values', size: 7, values: Array.from({ length: 40 }, () => rng.next()) },
    { name: 'many ties and zeros (exact repeats give distance 0)', size: 16, values: Array.from({ length: 200 }, () => rng.int(4) * 0.5) },
    { name: 'a window of one', size: 1, values: [5, 4, 3] },
  ])('$name', ({ size, values }) => {
    const window = new SortedWindow(size);
    const kept: number[] = [];
    for (const v of values) {
      window.push(v);
      kept.push(v);
      if (kept.length > size) kept.shift();
      expect(Array.from(window.sorted())).toEqual([...kept].sort((a, b) => a - b));
      expect(window.length).toBe(kept.length);
    }
    expect(Array.from(window.values()).sort((a, b) => a - b)).toEqual([...kept].sort((a, b) => a - b));
  });
});
