import type { RankReference, RankRing } from './rank-cusum.ts';

// The extraction detector's two rank tests (rank-cusum.ts): answer margins and input novelty.

/** Natural inputs picked where the model is least sure: their answers' margins rank low among everyone's (rank-cusum.ts). */
export function marginRankTest(margins: RankRing, reference: RankReference, threshold: number, drift: number): { cusum: number; meanRank: number; summary: string } | undefined {
  const ranked = rankCusum(margins, reference, threshold, drift);
  if (!ranked) return undefined;
  const { cusum, meanRank } = ranked;
  return { cusum, meanRank, summary: `answers sat nearer the decision boundary than the population's: their top-two margins ranked ${meanRank.toFixed(2)} on average among everyone's over the last ${margins.length} (a CUSUM of ${cusum.toFixed(1)} ≥ ${threshold}): natural inputs chosen where the model is least sure, as an extraction picks them` };
}

/** Inputs farther out than everyone's (novelty.ts): natural inputs of another distribution. */
export function noveltyTest(novelty: RankRing, reference: RankReference, threshold: number, drift: number, nearest: boolean): { cusum: number; meanRank: number; summary: string } | undefined {
  const ranked = rankCusum(novelty, reference, threshold, drift);
  if (!ranked) return undefined;
  const { cusum, meanRank } = ranked;
  const measured = nearest ? 'from the nearest input other clients sent at warm-up' : 'from the centre of everyone’s';
  // Ranked as negated distances: 1 − rank is how far out the input lies among everyone's.
  return { cusum, meanRank: 1 - meanRank, summary: `inputs lay farther ${measured} than the population's: their distances ranked ${(1 - meanRank).toFixed(2)} on average among everyone's over the last ${novelty.length} (a CUSUM of ${cusum.toFixed(1)} ≥ ${threshold}): natural inputs of another distribution, as Copycat and KnockoffNets query` };
}

/**
 * New inputs lying off the warm-up's principal directions (novelty.ts, `residual`) beyond the population's robust
 * tail (its median plus `deviations` robust standard deviations, where a share `p0` of a natural client's lie) more
 * often than that: a tail CUSUM tuned to a share `p1` (rank-cusum.ts, `TailSteps`).
 */
export function residualTest(residuals: RankRing, reference: RankReference, threshold: number, deviations: number, p0: number, p1: number): { cusum: number; beyond: number; cut: number; summary: string } | undefined {
  if (threshold <= 0 || !ranked(residuals, reference)) return undefined;
  const tail = reference.tail(deviations, p0, p1);
  if (!tail) return undefined;
  const cusum = residuals.run(reference, 0, tail);
  if (cusum < threshold) return undefined;
  const beyond = residuals.countAbove(tail.cut);
  return { cusum, beyond, cut: tail.cut, summary: `inputs lay off the directions along which the population's vary: ${beyond} of its last ${residuals.length} new inputs lay farther off them than ${tail.cut.toFixed(3)}, the population's median plus ${deviations} robust deviations, where about ${Math.round(p0 * 100)}% of a natural client's lie (a CUSUM of ${cusum.toFixed(1)} ≥ ${threshold}): inputs of another make than the victim's, as a transfer set of another distribution (Copycat, KnockoffNets) or synthetic points (Jacobian augmentation) are` };
}

/**
 * Whether a client's inputs lie farther out than `floor` on average (their novelty mean rank, as `noveltyTest` reports
 * it), or the population is not known yet to say (then the caller's test judges alone). True with `floor` 0.
 */
export function farOut(novelty: RankRing, reference: RankReference, floor: number): boolean {
  if (floor <= 0 || !ranked(novelty, reference)) return true;
  return 1 - novelty.meanRank(reference) > floor;
}

/**
 * Whether a client's new inputs lie farther off the principal directions than `floor` on average (their residual mean
 * rank among the population's: high is far off), or the population is not known yet to say. True with `floor` 0.
 */
export function offOnAverage(residuals: RankRing, reference: RankReference, floor: number): boolean {
  if (floor <= 0 || !ranked(residuals, reference)) return true;
  return residuals.meanRank(reference) > floor;
}

/** Whether the ring holds 20 values or more and the population is known to rank them against. */
function ranked(ring: RankRing, reference: RankReference): boolean {
  if (ring.length < 20) return false;
  if (!reference.ready) reference.refresh();
  return reference.ready;
}

/**
 * A rank CUSUM over a client's last 20 or more values that reached `threshold` (0 turns the test off). Until the
 * population is known, it is looked for at every test: an extraction that starts early is judged as soon as it is.
 */
function rankCusum(ring: RankRing, reference: RankReference, threshold: number, drift: number): { cusum: number; meanRank: number } | undefined {
  if (threshold <= 0 || !ranked(ring, reference)) return undefined;
  // The mean rank only for an alarm: the CUSUM alone is carried from test to test (rank-cusum.ts).
  const cusum = ring.run(reference, drift);
  return cusum < threshold ? undefined : { cusum, meanRank: ring.meanRank(reference) };
}
