import { describe, expect, it } from 'vitest';
import { wrongLabelPosterior } from './noise-posterior.ts';

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
