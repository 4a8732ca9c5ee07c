/**
 * The probability that each row's given label is wrong, by Bayes' rule under confident learning's noise model
 * (the noise depends on the true class only): P(true t | x, given g) ∝ P(given g | true t) · p(t | x), with
 * P(given | true) the calibrated confident joint normalised per true class and p(t | x) out-of-fold
 * probabilities. Uniform noise of a few percent makes P(given g | true t) small for every t ≠ g, so a row is
 * only suspect when the models all but rule its label out; a targeted flip makes one cell large, and rows of
 * that cell need less evidence. On clean data the joint's stray off-diagonal mass (rows where classes overlap)
 * is small, and so is every row's posterior.
 */
export function wrongLabelPosterior(probs: Float64Array, labels: Int32Array, k: number, joint: Float64Array): Float64Array {
  const trueCount = new Float64Array(k);
  for (let g = 0; g < k; g++) for (let t = 0; t < k; t++) trueCount[t] = (trueCount[t] as number) + (joint[g * k + t] as number);
  const given = Float64Array.from(joint, (v, cell) => v / Math.max(1e-12, trueCount[cell % k] as number));
  return Float64Array.from(labels, (g, i) => {
    let evidence = 0;
    for (let t = 0; t < k; t++) evidence += (given[g * k + t] as number) * (probs[i * k + t] as number);
    return evidence > 0 ? 1 - ((given[g * k + g] as number) * (probs[i * k + g] as number)) / evidence : 0;
  });
}
