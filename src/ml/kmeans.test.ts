import { describe, expect, it } from 'vitest';
import { kMeans } from './kmeans.ts';
import type { Matrix } from './matrix.ts';
import { createRng } from './rng.ts';

/** Blobs of unit variance in 5 dimensions, `per` rows each, centred `apart` along successive axes. */
function blobs(count: number, per: number, apart: number, seed: number): Matrix {
  const rng = createRng(seed);
  const d = 5;
  const data = new Float32Array(count * per * d);
  for (let b = 0; b < count; b++) for (let i = 0; i < per; i++) for (let c = 0; c < d; c++) data[(b * per + i) * d + c] = (c === b % d ? apart : 0) + rng.normal();
  return { data, rows: count * per, cols: d };
}

/** Whether each blob went whole into a cluster of its own. */
function purity(assign: Uint8Array, per: number): boolean {
  const blobs = assign.length / per;
  const seen = new Set<number>();
  for (let b = 0; b < blobs; b++) {
    const first = assign[b * per] as number;
    if (seen.has(first)) return false;
    seen.add(first);
    for (let i = 0; i < per; i++) if (assign[b * per + i] !== first) return false;
  }
  return true;
}

describe('kMeans', () => {
  it.each([
    { name: 'k-means++ from one start', count: 3, options: { k: 3, seed: 4 } },
    { name: 'k-means++, best of three starts', count: 4, options: { k: 4, seed: 9, restarts: 3 } },
  ])('$name: well-separated blobs come out one cluster each', ({ count, options }) => {
    const x = blobs(count, 60, 12, 2);
    const rows = Array.from({ length: x.rows }, (_, i) => i);
    expect(purity(kMeans(x, rows, options), 60)).toBe(true);
  });

  it('from given starting rows: clusters are numbered in their order, on a subset of the rows', () => {
    const x = blobs(2, 50, 10, 3);
    const rows = Array.from({ length: 60 }, (_, i) => i + 20); // 30 rows of blob 0, 30 of blob 1
    const assign = kMeans(x, rows, { k: 2, init: [75, 25] });
    expect([...assign.subarray(0, 30)].every((c) => c === 1)).toBe(true);
    expect([...assign.subarray(30)].every((c) => c === 0)).toBe(true);
  });

  it('is the same for the same seed', () => {
    const x = blobs(3, 40, 2, 5); // overlapping: the split depends on the start
    const rows = Array.from({ length: x.rows }, (_, i) => i);
    expect(kMeans(x, rows, { k: 3, seed: 7 })).toEqual(kMeans(x, rows, { k: 3, seed: 7 }));
  });
});
