import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../ml/matrix.ts';
import { createRng } from '../../ml/rng.ts';
import { nearestNeighbours } from '../../ml/knn.ts';
import { scaledRows } from '../../ml/matrix.ts';
import { defaultGroupOptions, relabelledGroups, type RelabelledGroup } from './relabelled-groups.ts';

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

/** One group, rows labelled 1 that are truly 0, holding at least `recall` of `flipped` at precision ≥ 0.95. */
function expectOneGroup(groups: RelabelledGroup[], flipped: number[], recall: number): void {
  expect(groups.map((g) => [g.given, g.likely])).toEqual([[1, 0]]);
  const flagged = new Set(groups[0]?.rows);
  const hits = flipped.filter((i) => flagged.has(i)).length;
  expect(hits / flipped.length).toBeGreaterThanOrEqual(recall);
  expect(hits / flagged.size).toBeGreaterThanOrEqual(0.95);
}

describe('relabelledGroups', () => {
  it('boundary flips: the 30% of class 0 nearest class 1, relabelled 1, are found as one group', () => {
    const { x, y } = blobs(3);
    const edge = Array.from({ length: 300 }, (_, i) => i).sort((a, b) => (x.data[b * 10] as number) - (x.data[a * 10] as number)).slice(0, 90);
    for (const i of edge) y[i] = 1;
    expectOneGroup(relabelledGroups(x, y, 2), edge, 0.9);
  });

  it('boundary flips into a label with two styles of its own: found among 3 or 4 clusters where the 2-means splits the styles', () => {
    // Class 1 is two styles 9 apart (rows 300-449 and 450-599); class 0's 30% nearest class 1 relabelled 1.
    const rng = createRng(6);
    const d = 10;
    const points: number[][] = [];
    for (let i = 0; i < 300; i++) points.push(Array.from({ length: d }, () => rng.normal()));
    for (const style of [-4.5, 4.5]) for (let i = 0; i < 150; i++) points.push(Array.from({ length: d }, (_, j) => (j === 0 ? 6 : j === 1 ? style : 0) + rng.normal()));
    const x: Matrix = { rows: points.length, cols: d, data: Float32Array.from(points.flat()) };
    const y = Int32Array.from(points, (_, i) => (i < 300 ? 0 : 1));
    const edge = Array.from({ length: 300 }, (_, i) => i).sort((a, b) => (x.data[b * d] as number) - (x.data[a * d] as number)).slice(0, 90);
    for (const i of edge) y[i] = 1;
    expectOneGroup(relabelledGroups(x, y, 2), edge, 0.8);
  });

  it('targeted flips: of the mirrored pair, the relabelled rows are kept, not the rest of their true class', () => {
    // 40% of class 0, drawn at random, relabelled 1: the 60% left labelled 0 sit beside them too.
    const { x, y } = blobs(5);
    const rng = createRng(8);
    const flipped = Array.from({ length: 300 }, (_, i) => i).filter(() => rng.next() < 0.4);
    for (const i of flipped) y[i] = 1;
    expectOneGroup(relabelledGroups(x, y, 2), flipped, 0.8);
  });

  it('with the rows\' neighbours, clusters away from other labels go unjudged and the groups are the same', () => {
    const { x, y } = blobs(3);
    const edge = Array.from({ length: 300 }, (_, i) => i).sort((a, b) => (x.data[b * 10] as number) - (x.data[a * 10] as number)).slice(0, 90);
    for (const i of edge) y[i] = 1;
    const all = Int32Array.from({ length: x.rows }, (_, i) => i);
    const neighbours = nearestNeighbours(scaledRows(x, { mean: new Float64Array(10), inv: new Float64Array(10).fill(1) }, all), x, 10, true);
    expect(relabelledGroups(x, y, 2, defaultGroupOptions, neighbours)).toEqual(relabelledGroups(x, y, 2));
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
