import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { HSJ_DEFAULTS, hopSkipJumpOne } from './hop-skip-jump.ts';
import type { ToolSession } from './session.ts';

/**
 * ART's MembershipInferenceBlackBox (input_type 'prediction') and LabelOnlyGapAttack: `fit` asks for the
 * victim's answers on known members and non-members, `infer` on the records under test — each record once, in
 * batches of the estimator's `batch_size` (128). Natural inputs, each sent once: nothing in their shape differs
 * from a batch-scoring client's.
 */
export function artMembershipBlackBox(session: ToolSession, known: readonly Vector[], targets: readonly Vector[]): void {
  session.predict(known);
  session.predict(targets);
}

/**
 * ART's LabelOnlyDecisionBoundary (Choquette-Choo et al. 2021): the distance of each record to the decision
 * boundary, measured by a HopSkipJump run on it (ART passes its keyword arguments on; a short run, `maxIter` 2,
 * as a calibration with a budget would use); members sit farther from the boundary.
 */
export function artLabelOnlyBoundary(session: ToolSession, records: readonly Vector[], rng: Rng, maxIter = 2): void {
  for (const x of records) {
    if (session.exhausted) return;
    hopSkipJumpOne(session, x, rng, { ...HSJ_DEFAULTS, maxIter });
  }
}

/**
 * A noise-robust variant of ART's MembershipInferenceBlackBox: the same fit and infer on members and non-members,
 * each record sent once with Gaussian noise of `sigma` (a share of each feature's range, here [0, 1]) added, as a
 * membership attack that perturbs its candidates would — to slip past a monitor that matches training records
 * exactly, or because the attack reads the answer's stability under noise. The session clips to the valid range.
 */
export function artNoisedMembership(session: ToolSession, known: readonly Vector[], targets: readonly Vector[], sigma: number, rng: Rng): void {
  const noised = (x: Vector): Vector => Float64Array.from(x, (v) => v + sigma * rng.normal());
  session.predict(known.map(noised));
  session.predict(targets.map(noised));
}
