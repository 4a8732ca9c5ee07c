import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { exactHash, smallestDistinct } from './fingerprint.ts';
import { mix32 } from '../../../util/hash-mix.ts';

/** What the fingerprint did before: sort every hash, keep the first `top` distinct ones. */
function reference(values: Uint32Array, top: number): number[] {
  const sorted = Uint32Array.from(values).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length && out.length < top; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i] as number);
  return out;
}

describe('smallestDistinct: the fingerprint keeps the smallest distinct hashes, ascending', () => {
  it.each([
    { name: '57 hashes of 30 bits, 20 kept (64 features, windows of 8)', length: 57, top: 20, distinct: 2 ** 30 },
    { name: 'many repeats: fewer distinct hashes than kept', length: 57, top: 20, distinct: 12 },
    { name: 'repeats around the cut-off', length: 200, top: 20, distinct: 40 },
    { name: 'fewer hashes than kept', length: 5, top: 20, distinct: 2 ** 30 },
    { name: 'a few more hashes than kept (insertion: 16 over at most)', length: 36, top: 20, distinct: 2 ** 30 },
    { name: 'the first count past that (buckets)', length: 37, top: 20, distinct: 50 },
    { name: 'hashes 0 and 2³⁰ − 1 only', length: 30, top: 4, distinct: 2, scale: 2 ** 30 - 1 },
    { name: 'full 32-bit values (the buckets follow the values’ span)', length: 57, top: 20, distinct: 2 ** 32 },
    { name: 'small values (a span of a few bits)', length: 57, top: 20, distinct: 9 },
    { name: 'one value', length: 1, top: 20, distinct: 2 ** 30 },
  ])('$name', ({ length, top, distinct, scale }) => {
    const rng = createRng(7);
    for (let round = 0; round < 300; round++) {
      const values = Uint32Array.from({ length }, () => rng.int(distinct) * (scale ?? 1));
      const out = new Uint32Array(top);
      const k = smallestDistinct(values, out, distinct * (scale ?? 1) <= 2 ** 30 ? 30 : 32);
      expect(Array.from(out.subarray(0, k))).toEqual(reference(values, top));
    }
  });

  it('descending and already sorted inputs', () => {
    const out = new Uint32Array(4);
    expect(Array.from(out.subarray(0, smallestDistinct(Uint32Array.from([9, 8, 8, 7, 6, 5, 5, 4]), out)))).toEqual([4, 5, 6, 7]);
    expect(Array.from(out.subarray(0, smallestDistinct(Uint32Array.from([1, 1, 2, 3, 3, 4, 5]), out)))).toEqual([1, 2, 3, 4]);
  });
});

/** exactHash as first written: two multiplies by the FNV prime a feature. */
function plainExactHash(x: Float64Array): number {
  let h = 2166136261 | 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    h = Math.imul(h ^ (v * 1e6) | 0, 16777619);
    h = Math.imul(h ^ ((v * 1e-3) | 0), 16777619);
  }
  return mix32(h) >>> 2;
}

describe('exactHash: one multiply by the prime squared where a feature is below a thousand gives the same hash', () => {
  it.each([
    { name: 'pixels in [0, 1]', draw: (u: number) => u },
    { name: 'features around ±1000 (either branch)', draw: (u: number) => (u - 0.5) * 2400 },
    { name: 'large and negative features (amounts, offsets)', draw: (u: number) => (u - 0.3) * 1e9 },
    { name: 'beyond 32 bits after scaling', draw: (u: number) => (u - 0.5) * 1e13 },
  ])('$name', ({ draw }) => {
    const rng = createRng(11);
    for (let round = 0; round < 500; round++) {
      const x = Float64Array.from({ length: 1 + rng.int(70) }, () => draw(rng.next()));
      expect(exactHash(x)).toBe(plainExactHash(x));
    }
  });
});
