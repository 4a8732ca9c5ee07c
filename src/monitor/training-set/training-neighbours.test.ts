import { describe, expect, it } from 'vitest';
import { loadDigits, stratifiedSplit } from '../../ml/dataset.ts';
import { createRng } from '../../ml/rng.ts';
import { TrainingNeighbours } from './training-neighbours.ts';
import { trainingRecordsOf } from './training-records.ts';

const rng = createRng(4);
const noised = (x: ArrayLike<number>, sigma: number): Float64Array => Float64Array.from(x as Float64Array, (v) => Math.min(1, Math.max(0, v + sigma * rng.normal())));

/** The exact nearest distance by a full scan, each feature divided by its scale. */
function scan(rows: readonly ArrayLike<number>[], x: ArrayLike<number>, scale: ArrayLike<number>): number {
  let best = Infinity;
  for (const r of rows) {
    let s = 0;
    for (let j = 0; j < x.length; j++) s += (((x[j] as number) - (r[j] as number)) / (scale[j] as number)) ** 2;
    best = Math.min(best, s);
  }
  return Math.sqrt(best);
}

describe('training neighbours', () => {
  it('measures the exact distance to the nearest record, each feature in its range floored at the median range', () => {
    // Four features of one unit and two that barely vary: those are measured in the median's unit, not magnified.
    const ranges = [1, 1, 1, 1, 0.1, 0.05];
    const rows = Array.from({ length: 500 }, () => Float64Array.from(ranges, (r) => r * rng.next()));
    const near = new TrainingNeighbours(ranges);
    for (const x of rows) near.add(x);
    for (let i = 0; i < 50; i++) {
      const q = Float64Array.from(ranges, (r) => r * rng.next() * 1.2);
      expect(near.distance(q)).toBeCloseTo(scan(rows, q, [1, 1, 1, 1, 1, 1]), 12);
    }
    expect(near.distance([1, 2])).toBe(Infinity);
  });

  it('keeps a uniform sample of a set larger than its capacity', () => {
    const near = new TrainingNeighbours([1, 1], 100);
    for (let i = 0; i < 1000; i++) near.add([i / 1000, 0]);
    expect(near.size).toBe(100);
    // The sample spans the set: no query on the line is farther than a gap of a sample this size would leave.
    expect(Math.max(...[0.05, 0.5, 0.95].map((v) => near.distance([v, 0])))).toBeLessThan(0.1);
  });

  it('on digits: a training record noised by σ 10% of the range lies nearer its record than 95% of fresh data lies to any', async () => {
    const { train, test } = stratifiedSplit(await loadDigits(), 0.3, 1);
    const near = trainingRecordsOf(train.x).neighbours as TrainingNeighbours;
    const fresh = test.x.map((x) => near.distance(x)).sort((a, b) => a - b);
    const q05 = fresh[Math.floor(0.05 * fresh.length)] as number;
    const below = (xs: Float64Array[]): number => xs.filter((x) => near.distance(x) < q05).length / xs.length;
    expect(below(train.x.slice(0, 300).map((x) => noised(x, 0.05)))).toBe(1);
    expect(below(train.x.slice(0, 300).map((x) => noised(x, 0.1)))).toBeGreaterThan(0.6);
    // Fresh data noised as much is not nearer: the distance tells members, not noise.
    expect(below(test.x.slice(0, 300).map((x) => noised(x, 0.1)))).toBeLessThan(0.05);
  });
});
