import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { axpy, gaussian, mix, norm, type ToolSession } from './session.ts';

/** ART's HopSkipJump defaults (Chen et al. 2020; `art.attacks.evasion.HopSkipJump`): L2, untargeted. */
export const HSJ_DEFAULTS = { maxIter: 50, maxEval: 10_000, initEval: 100, initSize: 100 };

/**
 * How ART's HopSkipJump queries, input by input: uniform-noise images until one is misclassified (one query
 * each), a binary search on the line to the original (one query per step, to θ = d^−1.5), then per iteration a
 * batch of `initEval·√(i+1)` probes at δ around the boundary point (sent in `batchSize` batches), a geometric
 * step-size search and another binary search. Label-only.
 */
export function artHopSkipJump(session: ToolSession, inputs: readonly Vector[], rng: Rng, options: Partial<typeof HSJ_DEFAULTS> = {}): void {
  const o = { ...HSJ_DEFAULTS, ...options };
  for (const x of inputs) {
    if (session.exhausted) return;
    hopSkipJumpOne(session, x, rng, o);
  }
}

export function hopSkipJumpOne(session: ToolSession, x: Vector, rng: Rng, o: typeof HSJ_DEFAULTS): void {
  const d = x.length;
  const theta = d ** -1.5;
  const y = session.label(x);
  let adv: Vector | undefined;
  for (let t = 0; t < o.initSize && !adv && !session.exhausted; t++) {
    const r = session.uniform(d, rng);
    if (session.label(r) !== y) adv = r;
  }
  if (!adv) return;
  let current = boundary(session, x, adv, y, theta);
  let dist = norm(axpy(current, -1, x));
  for (let i = 0; i < o.maxIter && !session.exhausted; i++) {
    const delta = i === 0 ? 0.1 : Math.sqrt(d) * theta * dist;
    const evals = Math.min(Math.floor(o.initEval * Math.sqrt(i + 1)), o.maxEval);
    const noise = Array.from({ length: evals }, () => {
      const u = gaussian(d, rng);
      const n = norm(u);
      return u.map((v) => v / n);
    });
    const answers = session.labels(noise.map((u) => session.clip(axpy(current, delta, u))));
    const grad = new Float64Array(d);
    const sign = answers.map((l) => (l !== y ? 1 : -1));
    const mean = sign.reduce((a, b) => a + b, 0) / Math.max(sign.length, 1);
    noise.forEach((u, k) => {
      for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + ((sign[k] as number) - mean) * (u[j] as number);
    });
    const g = norm(grad) || 1;
    let epsilon = (2 * dist) / Math.sqrt(i + 1);
    let next = session.clip(axpy(current, epsilon / g, grad));
    while (!session.exhausted && session.label(next) === y && epsilon > 1e-6) {
      epsilon /= 2;
      next = session.clip(axpy(current, epsilon / g, grad));
    }
    current = boundary(session, x, next, y, theta);
    dist = norm(axpy(current, -1, x));
  }
}

/** ART's L2 binary search between the original and an adversarial point, one query per step, down to θ. */
export function boundary(session: ToolSession, x: Vector, adv: Vector, y: number, theta: number): Vector {
  let lo = 0;
  let hi = 1;
  while (hi - lo > theta && !session.exhausted) {
    const mid = (lo + hi) / 2;
    if (session.label(mix(x, adv, mid)) !== y) hi = mid;
    else lo = mid;
  }
  return mix(x, adv, hi);
}
