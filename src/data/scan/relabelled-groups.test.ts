import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../ml/matrix.ts';
import { createRng } from '../../ml/rng.ts';
import { relabelledGroups } from './relabelled-groups.ts';

/**
 * Two unit-variance blobs in 10 dimensions, 6 apart along the first axis, 300 rows each (class 0 first);
 * `extra` adds rows of class 0 around a given centre with a given spread.
 */
function blobs(seed: number, extra?: { rows: number; centre: number[]; spread: number }): { x: Matrix; y: Int32Array } {
  const rng = createRng(seed);
  const d = 10;
  const points: number[][] = [];
  const labels: number[] = [];
  for (const c of [0, 1]) {
    for (let i = 0; i < 300; i++) {
      points.push(Array.from({ length: d }, (_, j) => (j === 0 ? 6 * c : 0) + rng.normal()));
      labels.push(c);
    }
  }
  for (let i = 0; i < (extra?.rows ?? 0); i++) {
    points.push(Array.from({ length: d }, (_, j) => (extra?.centre[j] ?? 0) + (extra?.spread ?? 1) * rng.normal()));
    labels.push(0);
  }
  return { x: { rows: points.length, cols: d, data: Float32Array.from(points.flat()) }, y: Int32Array.from(labels) };
}

describe('relabelledGroups', () => {
  it('boundary flips: the 30% of class 0 nearest class 1, relabelled 1, are found as one group', () => {
    const { x, y } = blobs(3);
    const edge = Array.from({ length: 300 }, (_, i) => i).sort((a, b) => (x.data[b * 10] as number) - (x.data[a * 10] as number)).slice(0, 90);
    for (const i of edge) y[i] = 1;
    const groups = relabelledGroups(x, y, 2);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ given: 1, likely: 0 });
    const flagged = new Set(groups[0]?.rows);
    const hits = edge.filter((i) => flagged.has(i)).length;
    expect(hits / edge.length).toBeGreaterThanOrEqual(0.9);
    expect(hits / flagged.size).toBeGreaterThanOrEqual(0.95);
  });

  it.each([
    { name: 'clean blobs: no group', extra: undefined },
    // A genuine sub-style of class 0 beside class 1 but apart from it (a gap): its outside neighbours are 1s,
    // as for a relabelled group, but it does not touch class 1's cloud.
    { name: 'a separate tight sub-mode of class 0 beside class 1: no group', extra: { rows: 40, centre: [6, 5], spread: 0.3 } },
  ])('$name', ({ extra }) => {
    const { x, y } = blobs(4, extra);
    expect(relabelledGroups(x, y, 2)).toEqual([]);
  });
});
