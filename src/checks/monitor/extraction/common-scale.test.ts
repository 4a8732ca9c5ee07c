import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { featureWeights, medianStep, type CommonScale } from './common-scale.ts';

const rng = createRng(7);
/** 8×8 pixels in 0–16, the border always 0: one unit. */
const image = (): Float64Array => Float64Array.from({ length: 64 }, (_, i) => (i % 8 === 0 ? 0 : Math.round(16 * rng.next())));
/** An amount to 100,000, a count, a one-hot pair, and a column that never varies: several units. */
const application = (): Float64Array => {
  const own = rng.next() < 0.3 ? 1 : 0;
  return Float64Array.from([100 * Math.round(1000 * rng.next() ** 2), rng.int(6), own, 1 - own, 5]);
};
const images = Array.from({ length: 200 }, image);
const applications = Array.from({ length: 200 }, application);

describe('featureWeights', () => {
  it.each<[string, Float64Array[], CommonScale, boolean]>([
    ['pixels, auto: one unit, left as they are', images, 'auto', false],
    ['pixels, on', images, 'on', true],
    ['applications, auto: amounts beside counts and categories', applications, 'auto', true],
    ['applications, off', applications, 'off', false],
    ['no inputs', [], 'on', false],
  ])('%s', (_, sample, mode, scaled) => {
    expect(featureWeights(sample, mode) !== undefined).toBe(scaled);
  });

  it('divides a many-valued feature by its spread, a two-valued one by its range, and gives a constant one the median weight', () => {
    const w = featureWeights(applications, 'auto') as Float64Array;
    const sd = (i: number): number => {
      const m = applications.reduce((s, x) => s + (x[i] as number), 0) / applications.length;
      return Math.sqrt(applications.reduce((s, x) => s + ((x[i] as number) - m) ** 2, 0) / (applications.length - 1));
    };
    expect(w[0]).toBeCloseTo(1 / sd(0), 12);
    expect(w[1]).toBeCloseTo(1 / sd(1), 12);
    expect([w[2], w[3]]).toEqual([1, 1]);
    expect(w[4]).toBe([...w.subarray(0, 4)].sort((a, b) => a - b)[2]);
    // On the common scale an amount's usual variation and a count's weigh alike.
    expect((w[0] as number) * sd(0)).toBeCloseTo((w[1] as number) * sd(1), 12);
  });
});

describe('medianStep', () => {
  it.each<[string, Float64Array[], number]>([
    ['the median of consecutive distances', [[0, 0], [3, 4], [3, 5], [3, 15]].map((x) => Float64Array.from(x)), 5],
    ['1 when every input is the same', [[1, 1], [1, 1]].map((x) => Float64Array.from(x)), 1],
  ])('%s', (_, sample, expected) => {
    expect(medianStep(sample)).toBe(expected);
  });
});
