import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../ml/rng.ts';
import { ascending, kthSmallest, kthSmallestNearTop } from './select.ts';

const shuffled = (n: number, seed: number, distinct: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.int(distinct) / 4);
};

describe('kthSmallest', () => {
  it.each([
    ['one value', [7], 0],
    ['two values, the larger', [3, 1], 1],
    ['sorted', [1, 2, 3, 4, 5, 6, 7, 8, 9], 4],
    ['reversed', [9, 8, 7, 6, 5, 4, 3, 2, 1], 0],
    ['all equal', [2, 2, 2, 2, 2], 3],
    ['negatives and duplicates', [0, -1, 5, -1, 3, 3, 0, 2], 6],
    ['the 99th percentile of a reservoir, with many ties', shuffled(2048, 1, 40), Math.floor(0.99 * 2048)],
    ['the upper median of 20', shuffled(20, 2, 1000), 10],
    ['the largest of 1,000', shuffled(1000, 3, 1e6), 999],
  ])('%s: what sorting gives', (_, values, k) => {
    const sorted = Float64Array.from(values).sort();
    expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
  });

  it('agrees with sorting at every rank', () => {
    const values = shuffled(301, 4, 50);
    const sorted = Float64Array.from(values).sort();
    for (let k = 0; k < values.length; k++) expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
  });
});

describe('kthSmallestNearTop', () => {
  it('gives what quickselect gives at every rank it keeps, with ties, negatives and zeros of both signs', () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 5 }).map((v) => v / 4), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300, size: 'max' }), fc.nat(), (values, r) => {
        const n = values.length;
        const m = 1 + (r % Math.min(n, 64));
        const k = n - m;
        // === as the order has it: -0 and 0 are one rank, and quickselect too may give either.
        expect(kthSmallestNearTop(values, n, k, new Float64Array(64)) === kthSmallest(Float64Array.from(values), k)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('the 99th percentile of a reservoir, as flooding takes it', () => {
    for (const [seed, distinct] of [[1, 40], [5, 1], [6, 1e6]] as const) {
      const values = shuffled(2048, seed, distinct);
      const k = Math.floor(0.99 * 2048);
      expect(kthSmallestNearTop(values, 2048, k, new Float64Array(64))).toBe(Float64Array.from(values).sort()[k]);
    }
  });
});

describe('ascending: a comparator sort’s order, sorted natively', () => {
  it('gives the order the comparator gives (−0 never passed; NaN as the comparator leaves it)', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }).filter((v) => !Object.is(v, -0)), fc.constantFrom(Infinity, -Infinity, Number.NaN));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200, size: 'max' }), (values) => {
        const expected = [...values].sort((a, b) => a - b);
        const sorted = Array.from(ascending(Float64Array.from(values)));
        expect(sorted.length).toBe(expected.length);
        sorted.forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
      }),
      { numRuns: 1000 },
    );
  });
});
