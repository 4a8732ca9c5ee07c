import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { featureWeights, medianStep, type CommonScale } from './common-scale.ts';

const UNITS_RATIO = 10;

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

describe('featureWeights given whose inputs they are', () => {
  // Five clients sending applications; two sending uniform noise over the features' bounds (a boundary attack's start).
  const noise = (): Float64Array => Float64Array.from([100_000 * rng.next(), 50 * rng.next(), rng.next(), rng.next(), 5]);
  const natural = Array.from({ length: 125 }, application);
  const sample = [...natural, ...Array.from({ length: 50 }, noise)];
  const clients = sample.map((_, i) => (i < 125 ? `natural-${i % 5}` : `search-${i % 2}`));

  it('weighs a count as the natural clients do, where the pooled spread follows the noise', () => {
    const clean = featureWeights(natural, 'auto') as Float64Array;
    const pooled = featureWeights(sample, 'auto') as Float64Array;
    const robust = featureWeights(sample, 'auto', clients) as Float64Array;
    // The count's spread: ~14 in the noise, ~1.7 in the applications.
    expect((pooled[1] as number) / (clean[1] as number)).toBeLessThan(0.5);
    expect((robust[1] as number) / (clean[1] as number)).toBeGreaterThan(0.8);
    expect((robust[1] as number) / (clean[1] as number)).toBeLessThan(1.25);
    // Noise inside a one-hot column's range spreads no wider than the categories do: not left out, weighed by spread.
    expect([robust[2], robust[3]]).toEqual([pooled[2], pooled[3]]);
  });

  it('keeps the pooled weights when no client is outlying, or fewer than three sent three inputs', () => {
    const five = natural.map((_, i) => `natural-${i % 5}`);
    expect(Array.from(featureWeights(natural, 'auto', five) as Float64Array)).toEqual(Array.from(featureWeights(natural, 'auto') as Float64Array));
    const two = sample.map((_, i) => (i % 2 === 0 ? 'a' : 'b'));
    expect(Array.from(featureWeights(sample, 'auto', two) as Float64Array)).toEqual(Array.from(featureWeights(sample, 'auto') as Float64Array));
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

/** featureWeights as it was before it decided on the ranges first (2026-12-06): the reference. */
function reference(sample: readonly Float64Array[], mode: CommonScale): Float64Array | undefined {
  const d = sample[0]?.length ?? 0;
  if (mode === 'off' || d === 0 || sample.length < 2 || sample.some((x) => x.length !== d)) return undefined;
  const range = new Float64Array(d);
  const spread = new Float64Array(d);
  const binary = new Uint8Array(d);
  for (let i = 0; i < d; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    for (const x of sample) {
      const v = x[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
    }
    const mean = sum / sample.length;
    let squares = 0;
    let twoValued = true;
    for (const x of sample) {
      const v = x[i] as number;
      squares += (v - mean) ** 2;
      if (v !== lo && v !== hi) twoValued = false;
    }
    range[i] = hi - lo;
    spread[i] = Math.sqrt(squares / (sample.length - 1));
    binary[i] = twoValued ? 1 : 0;
  }
  const varying = Array.from(range).filter((r) => r > 0);
  if (varying.length === 0) return undefined;
  const sorted = [...varying].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  if (mode === 'auto' && (sorted[sorted.length - 1] as number) <= UNITS_RATIO * median) return undefined;
  const weights = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    if (!((range[i] as number) > 0)) continue;
    weights[i] = binary[i] ? 1 / (range[i] as number) : 1 / (spread[i] as number);
  }
  const set = Array.from(weights).filter((w) => w > 0).sort((a, b) => a - b);
  const fill = set[Math.floor(set.length / 2)] as number;
  for (let i = 0; i < d; i++) if (!((range[i] as number) > 0)) weights[i] = fill;
  return weights;
}

describe('featureWeights against the computation it replaced', () => {
  it('gives the same weights, to the bit, or none as it did', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, -0, 1e5, Number.NaN), fc.double({ noNaN: true, min: -1e6, max: 1e6 }));
    const sample = fc.integer({ min: 1, max: 6 }).chain((d) => fc.array(fc.array(value, { minLength: d, maxLength: d }), { minLength: 1, maxLength: 30 }));
    fc.assert(
      fc.property(sample, fc.constantFrom<CommonScale>('auto', 'on', 'off'), (rows, mode) => {
        const xs = rows.map((r) => Float64Array.from(r));
        const expected = reference(xs, mode);
        const weights = featureWeights(xs, mode);
        expect(weights === undefined).toBe(expected === undefined);
        if (weights && expected) expect(Array.from(weights).every((w, i) => Object.is(w, expected[i]))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
