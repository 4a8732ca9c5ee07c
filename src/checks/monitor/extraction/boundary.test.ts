import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { margin } from './boundary.ts';

/** The margin as it was computed before the indexed loop (for…of, a swap through an array literal). */
function before(scores: readonly number[]): number {
  let first = -Infinity;
  let second = -Infinity;
  for (const v of scores) {
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  return first - second;
}

describe('margin: the top score less the next', () => {
  it('is what it was, bit for bit, for any scores (ties, NaN, infinities, one or none)', () => {
    const score = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, 0.5, Number.NaN, Infinity, -Infinity));
    fc.assert(
      fc.property(fc.array(score, { maxLength: 12 }), (scores) => {
        expect(Object.is(margin(scores), before(scores))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    { scores: [0.7, 0.3], m: 0.7 - 0.3 },
    { scores: [0.2, 0.5, 0.3], m: 0.5 - 0.3 },
    { scores: [0.4, 0.4, 0.2], m: 0 },
  ])('$scores → $m', ({ scores, m }) => expect(margin(scores)).toBe(m));
});
