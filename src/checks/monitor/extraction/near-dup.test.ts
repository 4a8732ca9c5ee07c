import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ring } from '../../../monitor/numeric/vector.ts';
import { NEAR_DUP_WINDOW, type NearDupState, pushNearDup } from './near-dup.ts';

describe('pushNearDup: the near-duplicate flags as bits', () => {
  it('holds the length and count of 1s a ring of the last 50 flags does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 300 }), (flags) => {
        const s: NearDupState = { nearDupLow: 0, nearDupHigh: 0, nearDupAt: 0, nearDupLength: 0, nearDupCount: 0 };
        const ring = new Ring<number>(NEAR_DUP_WINDOW);
        let count = 0;
        for (const dup of flags) {
          count += dup - (ring.push(dup) ?? 0);
          pushNearDup(s, dup);
          expect([s.nearDupLength, s.nearDupCount]).toEqual([ring.length, count]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
