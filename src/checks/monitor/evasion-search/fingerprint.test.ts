import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { exactHash, fingerprintOf, smallestDistinct } from './fingerprint.ts';
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

  it('values in the last bucket only, fewer distinct than kept: the walk ends there', () => {
    // 40 values (the buckets' path) of three distinct ones, all in bucket 63 of 30 bits: the walk for more must stop.
    const values = Uint32Array.from({ length: 40 }, (_, i) => 2 ** 30 - 1 - (i % 3));
    const out = new Uint32Array(20);
    expect(Array.from(out.subarray(0, smallestDistinct(values, out, 30)))).toEqual(reference(values, 20));
  });

  it('descending and already sorted inputs', () => {
    const out = new Uint32Array(4);
    expect(Array.from(out.subarray(0, smallestDistinct(Uint32Array.from([9, 8, 8, 7, 6, 5, 5, 4]), out)))).toEqual([4, 5, 6, 7]);
    expect(Array.from(out.subarray(0, smallestDistinct(Uint32Array.from([1, 1, 2, 3, 3, 4, 5]), out)))).toEqual([1, 2, 3, 4]);
  });
});

describe('fingerprintOf: the smallest distinct hashes of every window, each hashed on its own', () => {
  /** Each window's polynomial hash computed afresh (no rolling), salted and mixed, then sorted. */
  function windows(q: Int32Array, n: number, window: number, salt: number, top: number): number[] {
    const w = Math.min(window, n);
    const hashes = new Uint32Array(n - w + 1);
    for (let start = 0; start + w <= n; start++) {
      let h = 0;
      for (let i = start; i < start + w; i++) h = (Math.imul(h, 0x01000193) + (q[i] as number)) | 0;
      hashes[start] = mix32(h ^ salt) >>> 2;
    }
    return reference(hashes, top);
  }

  it.each([
    { name: '64 features, windows of 8, 20 kept (buckets counted as the hashes are made)', n: 64, window: 8, top: 20, levels: 5 },
    { name: 'few levels: many windows alike, fewer distinct hashes than kept', n: 64, window: 2, top: 20, levels: 2 },
    { name: '20 features, windows of 5 (insertion: 16 hashes)', n: 20, window: 5, top: 20, levels: 5 },
    { name: 'the first count past the insertion (37 hashes, 20 kept)', n: 40, window: 4, top: 20, levels: 9 },
    { name: '784 features', n: 784, window: 8, top: 50, levels: 5 },
  ])('$name', ({ n, window, top, levels }) => {
    const rng = createRng(5);
    for (let round = 0; round < 200; round++) {
      const q = Int32Array.from({ length: n }, () => rng.int(levels));
      const out = new Uint32Array(top);
      const k = fingerprintOf(q, n, window, 0x5eed, out);
      expect(Array.from(out.subarray(0, k))).toEqual(windows(q, n, window, 0x5eed, top));
    }
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
