import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ring } from './vector.ts';

describe('Ring: the last `size` items', () => {
  it('gives back what a plain list of the last `size` items does, push by push, while filling and once full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.integer(), { maxLength: 60 }), (size, items) => {
        const ring = new Ring<number>(size);
        const kept: number[] = [];
        for (const item of items) {
          const outgoing = ring.outgoing();
          const slot = ring.nextSlot();
          const leaving = kept.length === size ? kept.shift() : undefined;
          expect(outgoing).toBe(leaving);
          expect(ring.push(item)).toBe(leaving);
          expect(ring.raw[slot]).toBe(item);
          kept.push(item);
          expect(ring.length).toBe(kept.length);
          expect(ring.toArray()).toEqual(kept);
        }
      }),
    );
  });
});
