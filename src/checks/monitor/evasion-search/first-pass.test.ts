import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distance2 } from '../../../monitor/numeric/vector.ts';
import { DataBox } from './data-box.ts';
import { exactHash, quantise } from './fingerprint.ts';
import { emptyFirstPass, firstPass } from './first-pass.ts';

const value = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -2000, max: 2000 }).map((k) => k / 16), fc.constantFrom(0, 999.9999, 1000, -1000.5, 1e300));

describe('firstPass: one pass gives the numbers it replaces', () => {
  it('exactHash, DataBox.outside, distance2, the quantised features and a copy, bit for bit, with and without a box and a previous input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((d) => fc.tuple(fc.array(value, { minLength: d, maxLength: d }), fc.array(fc.array(value, { minLength: d, maxLength: d }), { minLength: 3, maxLength: 6 }), fc.option(fc.array(value, { minLength: d, maxLength: d })))),
        ([input, sample, previous]) => {
          const x = Float64Array.from(input);
          const box = DataBox.learn(sample.map((s, i) => ({ client: `c${i}`, x: Float64Array.from(s) })));
          const last = previous === null ? undefined : Float64Array.from(previous);
          const out = emptyFirstPass();
          const lo = Float64Array.from(sample[0] ?? [], (v) => (Number.isFinite(v) ? v : 0));
          const inverse = Float64Array.from(sample[1] ?? [], (v) => (Number.isFinite(v) ? 1 / (1 + Math.abs(v)) : 1));
          const quant = { lo, inverse, levels: 5, out: new Int32Array(x.length) };
          const copy = new Float64Array(x.length);
          firstPass(x, box, last, quant, copy, out);
          // As fingerprint.ts's quantised() writes them: Math.floor's result stored in an Int32Array.
          expect(Array.from(quant.out)).toEqual(Array.from(Int32Array.from(x, (v, i) => quantise(v, lo[i] as number, inverse[i] as number, 5))));
          expect(Array.from(copy).map(String)).toEqual(Array.from(x).map(String));
          expect(out.hash).toBe(exactHash(x));
          expect(out.outside).toBe(box ? box.outside(x) : 0);
          if (last) expect(Object.is(out.step2, distance2(x, last))).toBe(true);
          else expect(out.step2).toBe(0);
        },
      ),
      { numRuns: 3_000, seed: 15 },
    );
  });
});
