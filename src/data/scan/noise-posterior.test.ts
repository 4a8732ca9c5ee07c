import { describe, expect, it } from 'vitest';
import { noiseTransition, wrongLabelPosterior } from './noise-posterior.ts';

describe('wrongLabelPosterior: Bayes under the confident joint (given × true)', () => {
  // Two classes of 100 rows; one row at a time, labelled `given`, with out-of-fold probabilities `probs`.
  it.each([
    { name: 'clean joint: no label is suspect, however unsure the models', joint: [100, 0, 0, 100], given: 0, probs: [0.1, 0.9], want: 0 },
    { name: 'uniform 10% noise, models 0.9 for the other class: a coin toss', joint: [90, 10, 10, 90], given: 0, probs: [0.1, 0.9], want: 0.5 },
    { name: 'uniform 10% noise, models 0.98 for the other class: likely wrong', joint: [90, 10, 10, 90], given: 0, probs: [0.02, 0.98], want: 1 - 0.018 / 0.116 },
    { name: 'targeted (40 of class 0 given 1), 0.6 for class 0: more likely right', joint: [60, 0, 40, 100], given: 1, probs: [0.6, 0.4], want: 1 - 0.4 / 0.64 },
    { name: 'targeted, 0.8 for class 0: likely wrong', joint: [60, 0, 40, 100], given: 1, probs: [0.8, 0.2], want: 1 - 0.2 / 0.52 },
    { name: 'targeted, but the row is in the untouched class: not suspect', joint: [60, 0, 40, 100], given: 0, probs: [0.2, 0.8], want: 0 },
  ])('$name', ({ joint, given, probs, want }) => {
    const posterior = wrongLabelPosterior(Float64Array.from(probs), Int32Array.of(given), 2, Float64Array.from(joint));
    expect(posterior[0]).toBeCloseTo(want, 6);
  });
});

describe('noiseTransition: P(given | true), a sparse cell never below its true class noise spread evenly', () => {
  // Three classes of 100 rows, given × true. Column t is P(given · | true t).
  const column = (joint: number[], t: number): number[] => {
    const given = noiseTransition(Float64Array.from(joint), 3);
    return [0, 1, 2].map((g) => given[g * 3 + t] as number);
  };
  it.each([
    // Class 0 loses 6 rows, all counted as given 1 by chance: cell (2, 0) counted 0 is raised to 3/100, then the column renormalised.
    { name: 'uniform noise counted into one cell: the empty cell gets the even share', joint: [94, 0, 0, 6, 100, 0, 0, 0, 100], t: 0, want: [0.94 / 1.03, 0.06 / 1.03, 0.03 / 1.03] },
    { name: 'a targeted cell above the even share keeps its count', joint: [60, 0, 0, 40, 100, 0, 0, 0, 100], t: 0, want: [0.6 / 1.2, 0.4 / 1.2, 0.2 / 1.2] },
    { name: 'a class with no estimated noise gets none', joint: [94, 0, 0, 6, 100, 0, 0, 0, 100], t: 1, want: [0, 1, 0] },
  ])('$name', ({ joint, t, want }) => {
    column(joint, t).forEach((v, g) => expect(v).toBeCloseTo(want[g] as number, 6));
  });

  it('a flip into a cell confident learning counted empty is still found', () => {
    // 10% noise of class 0 all counted as given 1; a row given 2 that the models call 0 at 0.99. By the raw
    // joint its posterior would be 0: P(given 2 | true 0) counted 0.
    const joint = Float64Array.from([90, 0, 0, 10, 100, 0, 0, 0, 100]);
    const posterior = wrongLabelPosterior(Float64Array.from([0.99, 0, 0.01]), Int32Array.of(2), 3, joint);
    expect(posterior[0]).toBeGreaterThan(0.8);
  });
});
