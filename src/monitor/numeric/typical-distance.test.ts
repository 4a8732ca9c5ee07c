import { describe, expect, it } from 'vitest';
import { createRng } from '../../ml/rng.ts';
import { CrossClientDistance, WarmupDistances } from './typical-distance.ts';

const rng = createRng(7);
const fresh = (): Float64Array => Float64Array.from({ length: 64 }, () => rng.next());

describe('CrossClientDistance: the typical distance between inputs, no one client setting it', () => {
  it('is the natural distance though a search sent most of the warm-up in bursts of near-duplicates', () => {
    const typical = new CrossClientDistance();
    const probed = fresh();
    for (let burst = 0; burst < 5; burst++) {
      for (let i = 0; i < 30; i++) typical.observe('probe', Float64Array.from(probed, (v) => v + 0.001 * rng.normal()));
      for (let i = 0; i < 10; i++) typical.observe(`natural-${i % 3}`, fresh());
    }
    // Uniform inputs of 64 features lie √(64/6) ≈ 3.27 apart; the probes' consecutive pairs ~0.01.
    expect(typical.median()).toBeGreaterThan(2.9);
    expect(typical.median()).toBeLessThan(3.6);
  });

  it.each([
    { name: 'one client only', clients: 1, expected: false },
    { name: 'two clients taking turns', clients: 2, expected: true },
  ])('falls back (undefined) with too few pairs of different clients: $name', ({ clients, expected }) => {
    const typical = new CrossClientDistance();
    for (let i = 0; i < 200; i++) typical.observe(`c${i % clients}`, fresh());
    expect(typical.median() !== undefined).toBe(expected);
  });
});

describe('WarmupDistances: how far apart, and how near, natural inputs of different clients are', () => {
  it('is the natural nearest distance though one search sent most of the warm-up in one batch', () => {
    const nearest = new WarmupDistances();
    const probed = fresh();
    for (let i = 0; i < 130; i++) nearest.observe('probe', Float64Array.from(probed, (v) => v + 0.001 * rng.normal()));
    for (let i = 0; i < 70; i++) nearest.observe(`natural-${i % 10}`, fresh());
    // Uniform inputs of 64 features lie √(64/6) ≈ 3.27 apart; the nearest of ~70 others a little nearer, the probes ~0.01.
    const m = nearest.medians();
    expect(m?.nearest).toBeGreaterThan(2.2);
    expect(m?.nearest).toBeLessThan(3.3);
    expect(m?.pair).toBeGreaterThan(2.9);
    expect(m?.pair).toBeLessThan(3.6);
  });

  it('is the nearer kind when inputs come in two kinds far apart (not a pair of different kinds)', () => {
    const nearest = new WarmupDistances();
    for (let i = 0; i < 200; i++) {
      const x = fresh();
      if (i % 2 === 0) x[0] = (x[0] as number) + 100;
      nearest.observe(`c${i % 20}`, x);
    }
    const m = nearest.medians();
    expect(m?.nearest).toBeLessThan(3.3);
    expect(m?.pair).toBeGreaterThan(50);
  });

  it('falls back (undefined) with one client only, and measures once', () => {
    const one = new WarmupDistances();
    for (let i = 0; i < 50; i++) one.observe('c', fresh());
    expect(one.medians()).toBeUndefined();
    const two = new WarmupDistances();
    for (let i = 0; i < 50; i++) two.observe(`c${i % 5}`, fresh());
    expect(two.medians()).toBeDefined();
    expect(two.medians()).toBeUndefined();
  });
});
