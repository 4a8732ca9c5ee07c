import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { axpy, gaussian, norm, type ToolSession } from './session.ts';

/**
 * ART's SignOPTAttack defaults (Cheng et al. 2020; `art.attacks.evasion.SignOPTAttack`), run untargeted
 * (`targeted=False`; ART's own default is `True`, but `max_iter`/`query_limit` are documented as untargeted
 * values). `batch_size=64` is the session's `batchSize`.
 */
export const SIGN_OPT_DEFAULTS = { epsilon: 0.001, numTrial: 100, maxIter: 1000, queryLimit: 20_000, k: 200, alpha: 0.2, beta: 0.001 };

/** A unit direction θ from the original and g(θ), the distance along it at which the label changes. */
interface Boundary {
  theta: Vector;
  g: number;
}

/**
 * How ART's SignOPTAttack queries (label-only). `generate` predicts all the inputs twice (the labels, then
 * `preds`), in `batchSize` batches. Then, input by input, every probe goes one at a time through
 * `_is_label` (`predict` of a single row, clipped to `clip_values`): `numTrial` Gaussian directions θ, each
 * probed at x0 + θ; for an adversarial one, a probe at the best g so far (rejecting the direction if that is
 * still the original class), then a bisection on [0, λ] down to 1e-3. Each iteration: `k` sign probes at
 * x0 + g·(θ + εu)/‖θ + εu‖ (ε = `epsilon`), then a step-size search: α doubles while the step
 * θ − α·ĝ shortens g, else shrinks ×¼ (up to 15 tries each); each candidate's g is found by stepping λ by
 * 1 % outward (or inward) from the current g until the label flips, then bisecting to `beta`/500. When α falls
 * below 1e-4 it is reset to 1 and β cut tenfold (stop below 1e-8). Per input, stops past `queryLimit`.
 * Finally `compute_success` predicts the adversarials, then the originals, in batches.
 * Simplified: the query limit counts the queries actually sent (ART's counter skips a few); the
 * targeted branch (a pool `x_init` of target-class images) is not modelled.
 */
export function artSignOPT(session: ToolSession, inputs: readonly Vector[], rng: Rng, options: Partial<typeof SIGN_OPT_DEFAULTS> = {}): void {
  const o = { ...SIGN_OPT_DEFAULTS, ...options };
  session.labels(inputs);
  const labels = session.labels(inputs);
  const adversarials = inputs.map((x, i) => (session.exhausted ? x : signOptOne(session, x, labels[i] ?? -1, rng, o)));
  session.labels(adversarials);
  session.labels(inputs);
}

/** ART's `_attack` on one input of label `y0`: the adversarial x0 + g·θ (clipped), or x0 with no initial direction. */
export function signOptOne(session: ToolSession, x0: Vector, y0: number, rng: Rng, o: typeof SIGN_OPT_DEFAULTS): Vector {
  const start = session.queries;
  const initial = initialDirection(session, x0, y0, rng, o.numTrial);
  if (!initial) return x0;
  let current: Boundary = initial;
  let alpha = o.alpha;
  let beta = o.beta;
  for (let i = 0; i < o.maxIter && !session.exhausted; i++) {
    const grad = signGradient(session, x0, y0, current, o.epsilon, o.k, rng);
    let best: Boundary = current;
    for (let t = 0; t < 15; t++) {
      const candidate = localBoundary(session, x0, y0, step(current.theta, alpha, grad), best.g, beta / 500);
      alpha *= 2;
      if (candidate.g >= best.g) break;
      best = candidate;
    }
    if (best.g >= current.g) {
      for (let t = 0; t < 15; t++) {
        alpha *= 0.25;
        const candidate = localBoundary(session, x0, y0, step(current.theta, alpha, grad), best.g, beta / 500);
        if (candidate.g < current.g) {
          best = candidate;
          break;
        }
      }
    }
    if (alpha < 1e-4) {
      alpha = 1;
      beta *= 0.1;
      if (beta < 1e-8) break;
    }
    current = best;
    if (session.queries - start > o.queryLimit) break;
  }
  return session.clip(axpy(x0, current.g, current.theta));
}

/** Whether the victim still gives the original label at x0 + λ·θ (one single-row request). */
function keepsLabel(session: ToolSession, x0: Vector, y0: number, theta: Vector, lambda: number): boolean {
  return session.label(axpy(x0, lambda, theta)) === y0;
}

/** ART's initial search: the shortest boundary distance over `numTrial` Gaussian directions that flip the label. */
function initialDirection(session: ToolSession, x0: Vector, y0: number, rng: Rng, numTrial: number): Boundary | undefined {
  let best: Boundary | undefined;
  for (let t = 0; t < numTrial && !session.exhausted; t++) {
    const raw = gaussian(x0.length, rng);
    if (keepsLabel(session, x0, y0, raw, 1)) continue;
    const length = norm(raw);
    const theta = raw.map((v) => v / length);
    const g = coarseBoundary(session, x0, y0, theta, length, best?.g ?? Infinity);
    if (g < (best?.g ?? Infinity)) best = { theta, g };
  }
  return best;
}

/** ART's `_fine_grained_binary_search`, untargeted: beat the best distance so far, then bisect to 1e-3. */
function coarseBoundary(session: ToolSession, x0: Vector, y0: number, theta: Vector, length: number, bestSoFar: number): number {
  if (length > bestSoFar && keepsLabel(session, x0, y0, theta, bestSoFar)) return Infinity;
  return bisect(session, x0, y0, theta, 0, Math.min(length, bestSoFar), 1e-3);
}

/** ART's `_fine_grained_binary_search_local`: 1 % steps out (or in) from λ to bracket the boundary, then bisect. */
function localBoundary(session: ToolSession, x0: Vector, y0: number, theta: Vector, lambda: number, tol: number): Boundary {
  let lo: number;
  let hi: number;
  if (keepsLabel(session, x0, y0, theta, lambda)) {
    lo = lambda;
    hi = lambda * 1.01;
    while (keepsLabel(session, x0, y0, theta, hi)) {
      hi *= 1.01;
      if (hi > 20) return { theta, g: Infinity };
    }
  } else {
    hi = lambda;
    lo = lambda * 0.99;
    while (!session.exhausted && !keepsLabel(session, x0, y0, theta, lo)) lo *= 0.99;
  }
  return { theta, g: bisect(session, x0, y0, theta, lo, hi, tol) };
}

/** Bisection on λ ∈ [lo, hi] (lo keeps the label, hi flips it) down to `tol`, one query per step. */
function bisect(session: ToolSession, x0: Vector, y0: number, theta: Vector, lo: number, hi: number, tol: number): number {
  while (hi - lo > tol && !session.exhausted) {
    const mid = (lo + hi) / 2;
    if (keepsLabel(session, x0, y0, theta, mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** ART's `_sign_grad`: the mean of ±u over `k` unit Gaussian u, + where x0 + g·(θ + εu)/‖·‖ keeps the label. */
function signGradient(session: ToolSession, x0: Vector, y0: number, at: Boundary, epsilon: number, k: number, rng: Rng): Float64Array {
  const grad = new Float64Array(x0.length);
  for (let q = 0; q < k && !session.exhausted; q++) {
    const u = unit(gaussian(x0.length, rng));
    const sign = keepsLabel(session, x0, y0, unit(axpy(at.theta, epsilon, u)), at.g) ? 1 : -1;
    for (let j = 0; j < grad.length; j++) grad[j] = (grad[j] as number) + (sign * (u[j] as number)) / k;
  }
  return grad;
}

/** The next direction: (θ − α·ĝ)/‖θ − α·ĝ‖. */
function step(theta: Vector, alpha: number, grad: Vector): Vector {
  return unit(axpy(theta, -alpha, grad));
}

function unit(v: Vector): Float64Array {
  const n = norm(v) || 1;
  return v.map((x) => x / n);
}
