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
