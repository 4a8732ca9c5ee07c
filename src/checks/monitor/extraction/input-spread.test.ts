import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToSpread, populationSpread, spreadCount, spreadOf, spreadSums } from './input-spread.ts';

/** The mean squared distance from the mean, computed directly. */
function direct(points: number[][]): number {
  const k = (points[0] as number[]).length;
  const mean = Array.from({ length: k }, (_, j) => points.reduce((s, p) => s + (p[j] as number), 0) / points.length);
  return points.reduce((s, p) => s + p.reduce((t, v, j) => t + (v - (mean[j] as number)) ** 2, 0), 0) / points.length;
}

const point = fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 8, maxLength: 8 });

describe('input spread: the trace of the projections’ covariance from running sums', () => {
  it('is the mean squared distance from the mean, for any points', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 60 }), (points) => {
        const sums = spreadSums(8);
        for (const p of points) addToSpread(sums, Float64Array.from(p));
        expect(spreadCount(sums)).toBe(points.length);
        expect(spreadOf(sums)).toBeCloseTo(direct(points), 6);
      }),
    );
  });

  it('leaves out a projection that is not a finite number, and is 0 before any', () => {
    const sums = spreadSums(2);
    expect(spreadOf(sums)).toBe(0);
    addToSpread(sums, Float64Array.from([0, 0]));
    addToSpread(sums, Float64Array.from([Number.NaN, 1]));
    addToSpread(sums, Float64Array.from([Infinity, 1]));
    addToSpread(sums, Float64Array.from([2, 0]));
    expect(spreadCount(sums)).toBe(2);
    expect(spreadOf(sums)).toBe(1);
  });

  it('takes the population’s spread from at most so many inputs of each client: one client cannot widen it', () => {
    const tight = Array.from({ length: 20 }, (_, i) => Float64Array.from([i % 2, 0]));
    const wide = Array.from({ length: 100 }, (_, i) => Float64Array.from([100 * (i % 2), 0]));
    const clients = [...tight.map((_, i) => `natural-${i % 4}`), ...wide.map(() => 'extractor')];
    const capped = populationSpread([...tight, ...wide], clients, 5, (x) => x);
    // 20 + 5 inputs: the extractor's five (0, 100, 0, 100, 0) among the naturals' twenty 0s and 1s.
    const expected = direct([...tight, ...wide.slice(0, 5)].map((p) => [...p]));
    expect(capped).toBeCloseTo(expected, 9);
    expect(populationSpread([...tight, ...wide], clients, 100, (x) => x)).toBeGreaterThan(3 * capped);
  });
});
