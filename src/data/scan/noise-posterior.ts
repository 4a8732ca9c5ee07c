/**
 * The probability that each row's given label is wrong, by Bayes' rule under confident learning's noise model
 * (the noise depends on the true class only): P(true t | x, given g) ∝ P(given g | true t) · p(t | x), with
 * P(given | true) from `noiseTransition` and p(t | x) out-of-fold probabilities. Uniform noise of a few percent
 * makes P(given g | true t) small for every t ≠ g, so a row is only suspect when the models all but rule its
 * label out; a targeted flip makes one cell large, and rows of that cell need less evidence. On clean data the
 * joint's stray off-diagonal mass (rows where classes overlap) is small, and so is every row's posterior.
 */
export function wrongLabelPosterior(probs: Float64Array, labels: Int32Array, k: number, joint: Float64Array): Float64Array {
  const given = noiseTransition(joint, k);
  return Float64Array.from(labels, (g, i) => {
    let evidence = 0;
    for (let t = 0; t < k; t++) evidence += (given[g * k + t] as number) * (probs[i * k + t] as number);
    return evidence > 0 ? 1 - ((given[g * k + g] as number) * (probs[i * k + g] as number)) / evidence : 0;
  });
}

/**
 * P(given g | true t), `given × true`: the calibrated confident joint normalised per true class, with each
 * off-diagonal cell at least the true class's noise spread evenly over the other labels, then renormalised.
 * A class's noise rate is estimated from all its rows, a single cell from a handful: uniform flips of 5% among
 * ten classes put under one row in each cell, counting rounds them to 0, 1 or 2, and a cell counted 0 would
 * make a flip into it impossible by Bayes' rule, whatever the models say. A cell counted above the even spread
 * (a targeted flip) keeps its count; a class with no estimated noise gets none.
 */
export function noiseTransition(joint: Float64Array, k: number): Float64Array {
  const trueCount = new Float64Array(k);
  for (let g = 0; g < k; g++) for (let t = 0; t < k; t++) trueCount[t] = (trueCount[t] as number) + (joint[g * k + t] as number);
  const given = Float64Array.from(joint, (v, cell) => v / Math.max(1e-12, trueCount[cell % k] as number));
  if (k < 2) return given;
  for (let t = 0; t < k; t++) {
    if ((trueCount[t] as number) <= 0) continue;
    const even = (1 - (given[t * k + t] as number)) / (k - 1);
    let sum = 0;
    for (let g = 0; g < k; g++) {
      if (g !== t) given[g * k + t] = Math.max(given[g * k + t] as number, even);
      sum += given[g * k + t] as number;
    }
    for (let g = 0; g < k; g++) given[g * k + t] = (given[g * k + t] as number) / sum;
  }
  return given;
}
