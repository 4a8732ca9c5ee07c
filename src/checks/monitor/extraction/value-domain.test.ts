import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { floatGcd, imageGrid, ValueDomain } from './value-domain.ts';

// An application in miniature: age (integer), an amount in hundreds, a count seen at few values, a one-hot pair,
// and a continuous ratio. 30 clients of 5 inputs each, as a warm-up holds them.
const rng = createRng(7);
const application = (): Float64Array => {
  const own = rng.next() < 0.6;
  return Float64Array.from([18 + rng.int(60), 100 * rng.int(900), rng.next() < 0.9 ? 0 : 8 * rng.int(2), own ? 1 : 0, own ? 0 : 1, rng.next()]);
};
const warmup = (extra: { client: string; x: Float64Array }[] = []): { client: string; x: Float64Array }[] => [
  ...Array.from({ length: 150 }, (_, k) => ({ client: `c${k % 30}`, x: application() })),
  ...extra,
];
const off = (domain: ValueDomain | undefined, x: number[]): number => domain?.offFeatures(Float64Array.from(x), 9) ?? -1;

describe('ValueDomain', () => {
  it('learns integers, hundreds, a one-hot pair and no grid for a continuous feature', () => {
    const steps = ValueDomain.learn(warmup())?.steps() ?? [];
    expect(steps.slice(0, 5)).toEqual([1, 100, 1, 1, 1]);
    expect(steps[5]).toBe(0);
  });

  it.each([
    { name: 'a natural application', x: [40, 25_300, 3, 1, 0, 0.4137], off: 0 },
    { name: 'a count the warm-up never saw at 3 (its step is the integers’, not 8)', x: [40, 25_300, 3, 0, 1, 0.9], off: 0 },
    { name: 'an age of 36.2', x: [36.2, 25_300, 0, 1, 0, 0.5], off: 1 },
    { name: 'Jacobian steps: age, amount off its hundreds, 0.1 and 0.9 in the one-hot pair', x: [36.2, 25_310, 0, 0.9, 0.1, 0.5], off: 4 },
    { name: 'a one-hot column at 2 (on the integers, out of its two values)', x: [40, 25_300, 0, 2, 0, 0.5], off: 1 },
    { name: 'an age of 400 (beyond the span of the warm-up past its end)', x: [400, 25_300, 0, 1, 0, 0.5], off: 1 },
  ])('counts $off feature(s) off for $name', ({ x, off: n }) => {
    expect(off(ValueDomain.learn(warmup()), x)).toBe(n);
  });

  it('keeps the grid when a client sent fractions during the warm-up (an attack under way, a typo)', () => {
    const fractions = Array.from({ length: 40 }, () => ({ client: 'jbda', x: Float64Array.from(application(), (v, i) => (i === 5 ? v : v + 0.1 + 0.8 * rng.next())) }));
    const domain = ValueDomain.learn(warmup(fractions));
    expect(domain?.steps().slice(0, 5)).toEqual([1, 100, 1, 1, 1]);
    expect(off(domain, [36.2, 25_300, 0, 0.9, 0.1, 0.5])).toBe(3);
  });

  it('has no grid where most clients send fractions', () => {
    const noisy = Array.from({ length: 150 }, (_, k) => ({ client: `c${k % 30}`, x: Float64Array.from(application(), (v) => v + rng.next()) }));
    expect(ValueDomain.learn(noisy)?.steps().slice(0, 2)).toEqual([0, 0]);
  });

  it('stops counting at `enough`', () => {
    expect(ValueDomain.learn(warmup())?.offFeatures(Float64Array.from([36.2, 25_310, 0.5, 0.9, 0.1, 0.5]), 2)).toBe(2);
  });
});

describe('floatGcd', () => {
  it.each([
    { a: 300, b: 1200, g: 300 },
    { a: 2.5, b: 1, g: 0.5 },
    { a: 3 / 16, b: 5 / 16, g: 1 / 16 },
    // A payload's rounding (six decimals), within the tolerance.
    { a: 0.300001, b: 0.2, g: 0.1 },
  ])('gcd($a, $b) = $g', ({ a, b, g }) => {
    expect(floatGcd(a, b, 4e-6)).toBeCloseTo(g, 5);
  });
});

describe('ValueDomain with few clients in the warm-up', () => {
  it('takes whole rpm, not the 1,468 of a search repeating its start nor a one-input client’s value (held-out sensors seed 1103)', () => {
    const speed = (): Float64Array => Float64Array.from([1440 + rng.int(60), rng.next()]);
    const sample = [
      ...Array.from({ length: 60 }, (_, k) => ({ client: `natural-${k % 3}`, x: speed() })),
      ...Array.from({ length: 20 }, () => ({ client: 'search', x: Float64Array.from([1468, rng.next()]) })),
      { client: 'once', x: Float64Array.from([1458, 0.5]) },
    ];
    expect(ValueDomain.learn(sample)?.steps()[0]).toBe(1);
  });

  // Fresh sensors seed 2669: Euclid gave a flow's step as 0.1000003, and 14 of 40 natural clients were named extractions.
  it('learns one decimal up to 900 exactly, so a natural value far from 0 stays on the grid', () => {
    const local = createRng(26);
    const flow = (): number => Math.round((100 + 800 * local.next()) * 10) / 10;
    const sample = Array.from({ length: 200 }, (_, k) => ({ client: `c${k % 10}`, x: Float64Array.from([flow(), local.next()]) }));
    const domain = ValueDomain.learn(sample);
    expect(Math.abs((domain?.steps()[0] ?? 0) - 0.1)).toBeLessThan(1e-12);
    const offGrid = Array.from({ length: 2000 }, () => off(domain, [flow(), 0.5])).filter((n) => n > 0);
    expect(offGrid).toEqual([]);
  });

  it('learns no grid from one client', () => {
    const sample = Array.from({ length: 20 }, () => ({ client: 'only', x: Float64Array.from([1440 + rng.int(60), rng.next()]) }));
    expect(ValueDomain.learn(sample)?.steps()[0] ?? 0).toBe(0);
  });
});

// Images (`imageGrid`): 8×8 digits on a 1/16 grid, ten clients in the warm-up, three of them a search, a flood and a
// membership probe sending fractions (fresh digits seed 2682).
describe('imageGrid', () => {
  const own = createRng(2682);
  const digit = (): Float64Array => Float64Array.from({ length: 64 }, (_, i) => (i % 8 === 0 ? 0 : own.int(17) / 16));
  const sample = (attackers: number, make: () => Float64Array = digit): { client: string; x: Float64Array }[] =>
    Array.from({ length: 200 }, (_, k) => {
      const c = k % 10;
      return { client: `c${c}`, x: c < attackers ? Float64Array.from(make(), (v) => v + 0.01 + 0.03 * own.next()) : make() };
    });

  it('learns the pixels’ 1/16 grid with three of ten warm-up clients off it, where a tabular domain’s 75% finds none', () => {
    const grid = imageGrid(sample(3));
    expect(new Set(grid?.steps().filter((g) => g > 0))).toEqual(new Set([1 / 16]));
    expect(grid?.offFeatures(digit(), 2)).toBe(0);
    // A Jacobian step of λ = 0.1 leaves it.
    expect(grid?.offFeatures(Float64Array.from(digit(), (v) => v + 0.1), 2)).toBe(2);
    expect(ValueDomain.learn(sample(3))?.gridShare()).toBe(0);
  });

  it('is undefined for pixels off any grid (normalised, resized) and when most clients leave it', () => {
    expect(imageGrid(sample(0, () => Float64Array.from({ length: 64 }, () => own.next())))).toBeUndefined();
    expect(imageGrid(sample(6))).toBeUndefined();
  });
});
