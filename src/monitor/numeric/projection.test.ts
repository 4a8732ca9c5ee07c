import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../ml/rng.ts';
import { Projection } from './projection.ts';

/** A warm-up sample of `n` inputs of `dim` features (a seeded draw: each test fits its own). */
function sample(seed: number, n: number, dim: number): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: dim }, () => Math.round(rng.next() * 16) / 16));
}

/**
 * Each direction summed one at a time in feature order, as `project` did before it read the 8 directions in one pass,
 * from the fitted rows themselves (a private field, read here so that a mix-up in the feature-major copy shows).
 */
function rowAtATime(projection: Projection, x: Float64Array): Float64Array {
  const d = projection.dimension;
  const rows = (projection as unknown as { rows: Float64Array }).rows;
  return Float64Array.from({ length: projection.k }, (_, r) => {
    let s = 0;
    for (let i = 0; i < d; i++) s += (rows[r * d + i] as number) * (x[i] as number);
    return s;
  });
}

const input = (dim: number): fc.Arbitrary<Float64Array> => fc.float64Array({ minLength: dim, maxLength: dim, noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });

describe('Projection.project', () => {
  for (const dim of [64, 12, 5]) {
    it(`gives the numbers of one direction at a time, to the last bit (${dim} features)`, () => {
      const projection = Projection.fit(sample(dim, 50, dim)) as Projection;
      fc.assert(
        fc.property(input(dim), (x) => {
          expect(Array.from(projection.project(x, new Float64Array(projection.k)))).toEqual(Array.from(rowAtATime(projection, x)));
        }),
      );
    });
  }

  it('reads from an offset and writes at one (rows of a flat array, as PointSet projects them)', () => {
    const projection = Projection.fit(sample(3, 40, 16)) as Projection;
    const rows = Float32Array.from(sample(4, 3, 16).flatMap((x) => Array.from(x)));
    const out = new Float64Array(3 * projection.k);
    for (let i = 0; i < 3; i++) projection.project(rows, out, i * 16, i * projection.k);
    for (let i = 0; i < 3; i++) {
      expect(Array.from(out.subarray(i * projection.k, (i + 1) * projection.k))).toEqual(Array.from(projection.project(Float64Array.from(rows.subarray(i * 16, (i + 1) * 16)), new Float64Array(projection.k))));
    }
  });
});

describe('Projection.fit and projectInput: one projection per event for the detectors that fit the same one', () => {
  it('hands out the projection already fitted to equal rows, and another for other rows', () => {
    const a = Projection.fit(sample(5, 200, 64));
    expect(Projection.fit(sample(5, 200, 64))).toBe(a);
    expect(Projection.fit(sample(6, 200, 64))).not.toBe(a);
    expect(Projection.fit(sample(5, 200, 64), 4)).not.toBe(a);
  });

  it('gives what project gives, for inputs in one reused buffer, repeated, with −0 and NaN', () => {
    const projection = Projection.fit(sample(7, 100, 8)) as Projection;
    const values = fc.oneof(fc.constantFrom(0, -0, 1, 0.5, Number.NaN), fc.double({ min: -10, max: 10, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.array(values, { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 12 }), fc.array(fc.nat(3), { minLength: 12, maxLength: 12 }), (inputs, repeats) => {
        const buffer = new Float64Array(8);
        const out = new Float64Array(8);
        inputs.forEach((x, i) => {
          // The monitor writes each line's input into the same array: equal contents, not identity, say it is the same input.
          for (let r = 0; r <= (repeats[i] as number); r++) {
            buffer.set(x);
            expect(Array.from(projection.projectInput(buffer, out))).toEqual(Array.from(projection.project(Float64Array.from(x), new Float64Array(8))));
          }
        });
      }),
    );
  });

  it('projects an input of another length as project does, and remembers nothing from it', () => {
    const projection = Projection.fit(sample(8, 50, 8)) as Projection;
    const x = Float64Array.from({ length: 8 }, (_, i) => i / 8);
    const longer = Float64Array.from({ length: 10 }, (_, i) => i / 8);
    const out = new Float64Array(8);
    const want = Array.from(projection.project(x, new Float64Array(8)));
    expect(Array.from(projection.projectInput(x, out))).toEqual(want);
    expect(Array.from(projection.projectInput(longer, out))).toEqual(Array.from(projection.project(longer, new Float64Array(8))));
    longer[0] = 99;
    expect(Array.from(projection.projectInput(longer, out))).toEqual(Array.from(projection.project(longer, new Float64Array(8))));
    expect(Array.from(projection.projectInput(x, out))).toEqual(want);
  });
});

/**
 * The fit as it was written before its loops over features became the helpers `dot` and `addScaled` (each loop inline,
 * the scatter matrix for short inputs, two passes over the centred sample for long ones): the rows must be the same
 * numbers, bit for bit.
 */
function inlineFit(sample: readonly Float64Array[], k = 8, iterations = 12): Float64Array {
  const d = (sample[0] as Float64Array).length;
  const rank = Math.min(k, d);
  const mean = new Float64Array(d);
  for (const x of sample) for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (x[i] as number) / sample.length;
  const centred = sample.map((x) => Float64Array.from({ length: d }, (_, i) => (x[i] as number) - (mean[i] as number)));
  const scatter = new Float64Array(d * d);
  for (const c of centred)
    for (let i = 0; i < d; i++) {
      const ci = c[i] as number;
      if (ci !== 0) for (let j = i; j < d; j++) scatter[i * d + j] = (scatter[i * d + j] as number) + ci * (c[j] as number);
    }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) scatter[i * d + j] = scatter[j * d + i] as number;
  const times = (v: Float64Array, out: Float64Array): void => {
    if (d > sample.length) {
      out.fill(0);
      for (const x of centred) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += (x[i] as number) * (v[i] as number);
        for (let i = 0; i < d; i++) out[i] = (out[i] as number) + dot * (x[i] as number);
      }
    } else
      for (let i = 0; i < d; i++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += (scatter[i * d + j] as number) * (v[j] as number);
        out[i] = dot;
      }
  };
  const rows = new Float64Array(rank * d);
  const orthonormalise = (v: Float64Array, r: number): void => {
    for (let pass = 0; pass < 2; pass++)
      for (let q = 0; q < r; q++) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += (v[i] as number) * (rows[q * d + i] as number);
        for (let i = 0; i < d; i++) v[i] = (v[i] as number) - dot * (rows[q * d + i] as number);
      }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += (v[i] as number) * (v[i] as number);
    norm = Math.sqrt(norm);
    if (!(norm > 1e-9)) v.fill(0);
    else for (let i = 0; i < d; i++) v[i] = (v[i] as number) / norm;
  };
  const v = new Float64Array(d);
  const next = new Float64Array(d);
  let seed = 0x2545f491;
  for (let r = 0; r < rank; r++) {
    for (let i = 0; i < d; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      v[i] = ((seed >>> 8) & 0xffff) / 0x10000 - 0.5;
    }
    for (let it = 0; it < iterations; it++) {
      times(v, next);
      v.set(next);
      orthonormalise(v, r);
    }
    orthonormalise(v, r);
    rows.set(v, r * d);
  }
  return rows;
}

describe('Projection.fit', () => {
  // Mostly finite numbers (a third of them zeros, which the scatter skips), and in a quarter of the samples one NaN,
  // ±Infinity, 1e300 or 5e-324 somewhere.
  const value = fc.oneof(fc.constant(0), fc.constant(-0), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: -16, max: 16 }));
  const special = fc.option(fc.tuple(fc.nat(), fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e300, 5e-324)), { freq: 3 });
  it('gives the rows of the inline loops, to the last bit (short and long inputs, zeros, NaN, ±Infinity)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 13 }), fc.infiniteStream(value), special, (d, n, k, iterations, values, odd) => {
        const it = values[Symbol.iterator]();
        const fitted = Array.from({ length: n }, () => Float64Array.from({ length: d }, () => it.next().value as number));
        if (odd) (fitted[odd[0] % n] as Float64Array)[odd[0] % d] = odd[1];
        const rows = (Projection.fit(fitted, k, iterations) as unknown as { rows: Float64Array }).rows;
        const expected = inlineFit(fitted, k, iterations);
        expect(rows.length).toBe(expected.length);
        for (let i = 0; i < rows.length; i++) expect(Object.is(rows[i], expected[i]), `row value ${i}: ${rows[i]} against ${expected[i]}`).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
