import fc from 'fast-check';
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

/** The figures as medians() computed them before it sorted natively and shared them (2026-12-06): the reference. */
function reference(clients: Float64Array[][]): { pair: number; nearest: number } | undefined {
  const nearest = clients.map((own) => own.map(() => Infinity));
  const pairs: number[] = [];
  for (let a = 0; a < clients.length; a++) {
    for (let b = a + 1; b < clients.length; b++) {
      (clients[a] as Float64Array[]).forEach((x, i) => {
        (clients[b] as Float64Array[]).forEach((y, j) => {
          if (x.length !== y.length) return;
          let s = 0;
          for (let k = 0; k < x.length; k++) s += ((x[k] as number) - (y[k] as number)) ** 2;
          const d = Math.sqrt(s);
          pairs.push(d);
          const na = nearest[a] as number[];
          const nb = nearest[b] as number[];
          if (d < (na[i] as number)) na[i] = d;
          if (d < (nb[j] as number)) nb[j] = d;
        });
      });
    }
  }
  if (pairs.length < 20) return undefined;
  const median = (values: number[]): number => values.sort((p, q) => p - q)[Math.floor(values.length / 2)] as number;
  const pair = median(pairs);
  const near = median(nearest.flat().filter((d) => d < Infinity));
  return pair > 0 && near > 0 ? { pair, nearest: near } : undefined;
}

describe('WarmupDistances.medians against the computation it replaced', () => {
  const value = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom(0, -0, 0.5, 1e200, Number.NaN), fc.double({ noNaN: true, min: -10, max: 10 }));
  const input = fc.oneof({ weight: 9, arbitrary: fc.array(value, { minLength: 3, maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 2 }) });
  const clients = fc.array(fc.array(input, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12, size: 'max' });

  it('gives the same figures, to the bit (ties, zeros, NaN and overflowing distances included), computed or shared', () => {
    fc.assert(
      fc.property(clients, (inputs) => {
        const expected = reference(inputs.map((own) => own.map((x) => Float64Array.from(x))));
        // Twice: the second detector to ask gets the first one's figures.
        for (let twice = 0; twice < 2; twice++) {
          const warm = new WarmupDistances();
          inputs.forEach((own, c) => own.forEach((x) => warm.observe(`c${c}`, Float64Array.from(x))));
          const m = warm.medians();
          expect(m === undefined).toBe(expected === undefined);
          if (m && expected) {
            expect(Object.is(m.pair, expected.pair)).toBe(true);
            expect(Object.is(m.nearest, expected.nearest)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

});
