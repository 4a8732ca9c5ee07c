import type { Rng } from '../ml/rng.ts';
import { blend, type Vector } from '../ml/vector.ts';
import type { Projection } from './constraints.ts';
import type { EvasionGoal } from './hop-skip-jump.ts';
import { StopAttack, type Oracle } from './oracle.ts';

/**
 * SimBA (Guo et al., arXiv:1905.07121), pixel basis: a score-based attack. Try ±ε along one random
 * coordinate at a time and keep the step when the score of the original class drops (or of the wanted
 * class rises). Each coordinate moves at most once per pass, so one pass stays within L∞ ≤ ε.
 * A short label-only binary search toward x0 then trims the distance (our addition; it costs ~8 queries).
 */
export interface SimbaParams {
  epsilon: number;
  /** Passes over the coordinates; 1 keeps the L∞ guarantee. */
  passes: number;
  /** Binary-search steps toward x0 after success. */
  refineSteps: number;
}

export const defaultSimba: SimbaParams = { epsilon: 0.2, passes: 1, refineSteps: 8 };

export async function simba(oracle: Oracle, box: Projection, goal: EvasionGoal & { scores0: Float64Array }, params: SimbaParams, rng: Rng): Promise<Vector | undefined> {
  const { x0 } = goal;
  const objective = (scores: Float64Array): number => (goal.target === undefined ? (scores[goal.original] as number) : -(scores[goal.target] as number));
  const success = (label: number): boolean => (goal.target === undefined ? label !== goal.original : label === goal.target);
  let x = x0;
  let current = objective(goal.scores0);
  let found: Vector | undefined;
  try {
    for (let pass = 0; pass < params.passes && !found; pass++) {
      const order = Array.from({ length: x0.length }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      for (const coordinate of order) {
        for (const sign of [-1, 1]) {
          const candidate = x.slice();
          candidate[coordinate] = (candidate[coordinate] as number) + sign * params.epsilon;
          const projected = box.project(candidate);
          if (projected[coordinate] === x[coordinate]) continue; // clipped away: not worth a query
          const [answer] = await oracle.predict([projected]);
          if (!answer?.scores) throw new Error('the target stopped returning scores; use hop-skip-jump for label-only targets');
          if (success(answer.label)) {
            found = projected;
            break;
          }
          const value = objective(answer.scores);
          if (value < current) {
            [x, current] = [projected, value];
            break;
          }
        }
        if (found) break;
      }
    }
    if (!found) return undefined;
    // Trim: the closest point on the segment x0 → found that still succeeds.
    let [low, high] = [0, 1];
    for (let step = 0; step < params.refineSteps; step++) {
      const mid = (low + high) / 2;
      const candidate = box.project(blend(x0, found, mid));
      const [label] = await oracle.labels([candidate]);
      if (label !== undefined && success(label)) [high, found] = [mid, candidate];
      else low = mid;
    }
  } catch (error) {
    if (!(error instanceof StopAttack)) throw error;
  }
  return found;
}
