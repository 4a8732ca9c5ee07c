import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { CrossClientDistance } from './typical-distance.ts';

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
