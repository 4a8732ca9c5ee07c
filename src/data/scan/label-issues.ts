import type { Neighbours } from '../../ml/knn.ts';
import type { Matrix, Scaling } from '../../ml/matrix.ts';
import { concentratedCellIssues, confidentLearning, pruneByClass } from './confident-learning.ts';
import { wrongLabelPosterior } from './noise-posterior.ts';
import { outOfFoldProbabilities, type OutOfFoldOptions } from './out-of-fold.ts';

/**
 * A candidate is kept when its posterior of a wrong label exceeds the estimated noise rate (the features make a
 * wrong label likelier than for a row picked at random) and this floor. Chosen on seeds 1, 2, 3 and 31.
 */
export const POSTERIOR_FLOOR = 0.15;

export interface LabelIssues {
  /** Rows whose given label is likely wrong, ascending. */
  issues: number[];
  /** Out-of-fold probabilities (row × class) for scores and reasons: a round-1 issue's from round 1, the rest from the last round. */
  probs: Float64Array;
  /** Confident learning's estimate of the share of wrong labels (the larger of the two rounds'). */
  noiseRate: number;
  rounds: 1 | 2;
}

/**
 * Confident learning in two rounds. Models trained on poisoned labels learn part of the poison: when 40% of
 * a class is relabelled, its region is predicted 60/40 and confident learning finds about half of the flips
 * (recall 0.57–0.75 on targeted flips). So when round 1 finds label noise (at least 0.5% of rows and 5 rows),
 * round 2 recomputes the out-of-fold probabilities with round 1's rows left out of training and of the
 * neighbours' votes, and runs confident learning again, this time also taking every row of a concentrated
 * off-diagonal cell (`concentratedCellIssues`); the issues are both rounds'. (Taking those cells in round 1
 * too, on models still trained on the flips, cost precision where the two classes overlap: 0.73 → 0.49 on one
 * held-out overlapping mixture; in round 2 it stays at 0.62.) Clean data rarely reaches round 2, and there
 * changes nothing: the models barely move.
 *
 * A round's candidates are those of prune by noise rate and of prune by class (`pruneByClass`: noise spread
 * thinly over many cells is counted per given label, not per cell). Both rounds' rows are candidates; the
 * issues are those whose posterior of a wrong label
 * (`wrongLabelPosterior`, from the last round's probabilities and joint) exceeds max(POSTERIOR_FLOOR, the
 * estimated noise rate). Prune by noise rate takes as many rows as the joint's cells say, and where classes
 * overlap the joint counts rows that truly look like another class (1.5% of a clean overlapping mixture);
 * the posterior asks whether the label is likelier wrong than right given how much noise there is.
 */
export function findLabelIssues(x: Matrix, y: Int32Array, k: number, scaling: Scaling, neighbours: Neighbours | undefined, options: OutOfFoldOptions): LabelIssues {
  const first = round(x, y, k, scaling, neighbours, options, false);
  if (first.issues.length < Math.max(5, 0.005 * y.length)) return { ...first, issues: likelyWrong(first.issues, first, y, k, first.noiseRate), rounds: 1 };
  const exclude = new Uint8Array(y.length);
  for (const i of first.issues) exclude[i] = 1;
  // Keep only the first round's issue rows, so two full probability arrays (80 MB each at 1M rows × 10 classes) never coexist.
  const firstRows = first.issues.map((i) => first.probs.slice(i * k, (i + 1) * k));
  const { issues: firstIssues, noiseRate: firstNoise } = first;
  first.probs = new Float64Array(0);
  const second = round(x, y, k, scaling, neighbours, { ...options, exclude }, true);
  const noiseRate = Math.max(firstNoise, second.noiseRate);
  const issues = likelyWrong([...firstIssues, ...second.issues], second, y, k, noiseRate);
  const probs = second.probs;
  firstIssues.forEach((i, j) => probs.set(firstRows[j] as Float64Array, i * k));
  return { issues, probs, noiseRate, rounds: 2 };
}

/** The candidates whose posterior of a wrong label, under this round's probabilities and joint, clears the bar. */
function likelyWrong(candidates: readonly number[], last: { probs: Float64Array; joint: Float64Array }, y: Int32Array, k: number, noiseRate: number): number[] {
  const posterior = wrongLabelPosterior(last.probs, y, k, last.joint);
  const bar = Math.max(POSTERIOR_FLOOR, noiseRate);
  return sorted(candidates.filter((i) => (posterior[i] as number) > bar));
}

function round(x: Matrix, y: Int32Array, k: number, scaling: Scaling, neighbours: Neighbours | undefined, options: OutOfFoldOptions, cells: boolean): { issues: number[]; probs: Float64Array; joint: Float64Array; noiseRate: number } {
  const probs = outOfFoldProbabilities(x, y, k, scaling, neighbours, options);
  const cl = confidentLearning(probs, y, k);
  const issues = sorted([...cl.issues, ...pruneByClass(probs, y, k, cl.joint), ...(cells ? concentratedCellIssues(probs, y, k, cl.joint) : [])]);
  return { issues, probs, joint: cl.joint, noiseRate: cl.noiseRate };
}

function sorted(rows: readonly number[]): number[] {
  return [...new Set(rows)].sort((a, b) => a - b);
}
