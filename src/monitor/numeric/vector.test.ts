import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlagRing, NumberRing, Ring } from './vector.ts';

describe('Ring: the last `size` items', () => {
  it('gives back what a plain list of the last `size` items does, push by push, while filling and once full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.integer(), { maxLength: 60 }), (size, items) => {
        const ring = new Ring<number>(size);
        const kept: number[] = [];
        for (const item of items) {
          const leaving = kept.length === size ? kept.shift() : undefined;
          expect(ring.push(item)).toBe(leaving);
          kept.push(item);
          expect(ring.length).toBe(kept.length);
          expect(ring.toArray()).toEqual(kept);
        }
      }),
    );
  });
});

describe('FlagRing: the last `size` 0/1 flags', () => {
  it('gives back the flag a plain list of the last `size` flags drops (0 while filling) and holds its length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 60 }), (size, flags) => {
        const ring = new FlagRing(size);
        const kept: number[] = [];
        for (const flag of flags) {
          kept.push(flag);
          const dropped = kept.length > size ? (kept.shift() as number) : 0;
          expect(ring.push(flag)).toBe(dropped);
          expect(ring.length).toBe(kept.length);
        }
      }),
    );
  });
});

describe('NumberRing: the last `size` numbers', () => {
  it('holds in its first `length` values what a plain list of the last `size` numbers does (as a multiset)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.double({ noNaN: true }).map((v) => v + 0), { maxLength: 60 }), (size, numbers) => {
        const ring = new NumberRing(size);
        const kept: number[] = [];
        for (const v of numbers) {
          ring.push(v);
          kept.push(v);
          if (kept.length > size) kept.shift();
          expect(ring.length).toBe(kept.length);
          expect(Array.from(ring.values.subarray(0, ring.length)).sort((a, b) => a - b)).toEqual([...kept].sort((a, b) => a - b));
        }
      }),
    );
  });
});
