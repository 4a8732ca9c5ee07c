import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAY_EDIT, MAY_STEP, mayStep, SCREENED, screenFeatures, screenRow } from './linf-screen.ts';
import { mayEdit } from './sparse-edits.ts';
import { emptyStep, inputRange, isLinfStep, RecentInputs, type InputRange } from './linf-steps.ts';

/**
 * Pairs built to sit on the test's edges: a stored row with values at the range's ends, just inside them and
 * anywhere between, and a query that moves some features by ±m, some by m plus a few tolerances (either side of the
 * 1- and 3-tolerance limits), clips some to the ends and leaves the rest within round-off.
 */
/** A share of the range strictly inside it (fast-check's doubles favour the ends, which are clipped). */
const inside = fc.integer({ min: 1, max: 999 }).map((k) => k / 1000);

const pairOf = (dimension: number, lo: number, span: number) =>
  fc
    .record({
      m: fc.oneof(fc.double({ min: 0, max: 0.05, noNaN: true }), fc.constantFrom(0, 1e-5, 1.1e-4, 0.0625)),
      seed: fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), inside, fc.integer({ min: 0, max: 9 }), fc.integer({ min: -7, max: 7 }), fc.boolean(), inside), { minLength: dimension, maxLength: dimension }),
    })
    .map(({ m, seed }) => {
      const range = inputRange(new Float64Array(dimension).fill(lo), () => span);
      const t = range.tolerance;
      const hi = lo + span;
      const stored = new Float64Array(dimension);
      const x = new Float64Array(dimension);
      seed.forEach(([where, u, move, off, sign, v], i) => {
        // 0–3: at an end or a tolerance inside it, 4: just inside, 5–9: anywhere between.
        const b = where <= 4 ? ([lo, hi, lo + t, hi - t, lo + 1.5 * t][where] as number) : lo + u * span;
        stored[i] = b;
        const step = (sign ? 1 : -1) * (m * span + (off * t) / 2);
        // 0–1: unchanged (round-off), 2–4: ±m give or take a few tolerances, 5: clipped to an end, 6–7: ±m, 8–9: anything.
        x[i] = move <= 1 ? b + (off * t) / 8 : move <= 4 ? b + step : move === 5 ? (sign ? hi : lo) : move <= 7 ? b + (sign ? m * span : -m * span) : lo + v * span;
      });
      return { range, stored: Float32Array.from(stored), x };
    });

const shape = fc.record({
  dimension: fc.integer({ min: 2, max: 12 }),
  lo: fc.constantFrom(0, -1, 250),
  span: fc.constantFrom(1, 16, 1e-3),
});
const screenOf = (dimension: number) => fc.uniqueArray(fc.integer({ min: 0, max: dimension - 1 }), { minLength: 2, maxLength: Math.min(SCREENED, dimension) }).map((f) => Int32Array.from(f));
const pair = shape.chain(({ dimension, lo, span }) => fc.tuple(pairOf(dimension, lo, span), screenOf(dimension)).map(([p, screen]) => ({ ...p, screen })));

/** What RecentInputs hands the screen for one stored row: the query's unclipped screened values and the row's keys. */
function screenInputs(x: Float64Array, stored: Float32Array, screen: Int32Array, range: InputRange) {
  const low = range.lo + range.tolerance;
  const high = range.hi - range.tolerance;
  const at = new Int32Array(screen.length);
  const values = new Float64Array(screen.length);
  let n = 0;
  screen.forEach((f, j) => {
    const a = x[f] as number;
    if (a > low && a < high) {
      at[n] = j;
      values[n++] = a;
    }
  });
  return { at, values, n, keys: Float32Array.from(screen, (f) => stored[f] as number), low, high };
}

function screened(x: Float64Array, stored: Float32Array, screen: Int32Array, range: InputRange): boolean {
  const { at, values, n, keys, low, high } = screenInputs(x, stored, screen, range);
  return n < 2 || mayStep(at, values, n, keys, 0, low, high, range.tolerance);
}

describe('mayStep: a necessary condition of an L∞ step', () => {
  it('never rules out a pair the full test takes as a step (generated edge cases)', () => {
    let steps = 0;
    let ruledOut = 0;
    fc.assert(
      fc.property(pair, ({ range, stored, x, screen }) => {
        const step = isLinfStep(x, stored, 0, range, emptyStep());
        const may = screened(x, stored, screen, range);
        if (step) steps++;
        if (!may) ruledOut++;
        expect(!step || may).toBe(true);
      }),
      { numRuns: 20_000, seed: 13 },
    );
    // The cases reach both sides: steps the screen passes, and pairs it rules out.
    expect(steps).toBeGreaterThan(500);
    expect(ruledOut).toBeGreaterThan(2000);
  });

  it('rules out two magnitudes on screened features, not one magnitude with clipped or unchanged ones', () => {
    const range = inputRange(new Float64Array(4), () => 1);
    const stored = Float32Array.from([0.5, 0.5, 0.5, 0]);
    expect(screened(Float64Array.from([0.6, 0.3, 0.5, 0]), stored, Int32Array.from([0, 1, 2, 3]), range)).toBe(false);
    expect(screened(Float64Array.from([0.6, 0.4, 0.5, 0.9]), stored, Int32Array.from([0, 1, 2, 3]), range)).toBe(true);
  });
});

describe('screenRow: mayStep and mayEdit in one pass', () => {
  it('gives both answers as the two functions do (generated edge cases)', () => {
    let edits = 0;
    fc.assert(
      fc.property(pair, ({ range, stored, x, screen }) => {
        const { at, values, n, keys, low, high } = screenInputs(x, stored, screen, range);
        const bits = screenRow(at, values, n, keys, 0, low, high, range.tolerance);
        const edit = mayEdit(values, at, n, keys, 0, low, high, range.tolerance);
        if (edit) edits++;
        expect((bits & MAY_STEP) !== 0).toBe(mayStep(at, values, n, keys, 0, low, high, range.tolerance));
        expect((bits & MAY_EDIT) !== 0).toBe(edit);
      }),
      { numRuns: 20_000, seed: 15 },
    );
    expect(edits).toBeGreaterThan(500);
  });
});

describe('RecentInputs with a screen', () => {
  it('finds the same step source, or none, as without one', () => {
    const client = shape.chain(({ dimension, lo, span }) => fc.tuple(pairOf(dimension, lo, span), fc.array(pairOf(dimension, lo, span), { minLength: 1, maxLength: 40 }), screenOf(dimension)));
    fc.assert(
      fc.property(client, ([{ range, x }, rows, screen]) => {
        const plain = new RecentInputs(32);
        const fast = new RecentInputs(32, screen);
        for (const row of rows) {
          // Each stored row, and the query's own generated partner, so that some of them are steps.
          plain.add(row.stored);
          fast.add(row.stored);
          plain.add(row.x);
          fast.add(row.x);
        }
        const a = emptyStep();
        const b = emptyStep();
        expect(fast.stepFrom(x, range, b)).toBe(plain.stepFrom(x, range, a));
        expect(b).toEqual(a);
      }),
      { numRuns: 2_000, seed: 14 },
    );
  });
});

describe('screenFeatures', () => {
  it('picks the features most often unclipped and changed between consecutive inputs; none with fewer than two', () => {
    const range = inputRange(new Float64Array(4), () => 1);
    const sample = [
      [0, 0.2, 0.5, 1],
      [0, 0.3, 0.5, 0.4],
      [0, 0.4, 0.6, 0.3],
      [0, 0.1, 0.6, 0.2],
    ].map((r) => Float64Array.from(r));
    expect(Array.from(screenFeatures(sample, range))).toEqual([1, 3, 2]);
    expect(Array.from(screenFeatures(sample.map((r) => Float64Array.from([r[0] as number, r[1] as number, 0.5, 0])), range))).toEqual([]);
  });
});
