import type { Rng } from '../../../ml/rng.ts';
import type { Vector } from '../../../ml/vector.ts';
import { axpy, gaussian, norm, type ToolSession } from './session.ts';

/** ART's BoundaryAttack defaults (Brendel et al. 2018; `art.attacks.evasion.BoundaryAttack`). */
export const BOUNDARY_DEFAULTS = { delta: 0.01, epsilon: 0.01, stepAdapt: 0.667, maxIter: 5000, numTrial: 25, sampleSize: 20, initSize: 100 };

/**
 * How ART's BoundaryAttack queries, input by input (untargeted, label-only): uniform-noise images until one is
 * misclassified, then per iteration up to `numTrial` batches of `sampleSize` orthogonal perturbations of the
 * current point (δ of its distance to the original, on the sphere around it), then batches of steps of ε of
 * that distance towards the original; δ and ε adapt by `stepAdapt` to the share of candidates still adversarial.
 */
export function artBoundaryAttack(session: ToolSession, inputs: readonly Vector[], rng: Rng, options: Partial<typeof BOUNDARY_DEFAULTS> = {}): void {
  const o = { ...BOUNDARY_DEFAULTS, ...options };
  for (const x of inputs) {
    if (session.exhausted) return;
    const y = session.label(x);
    let current: Vector | undefined;
    for (let t = 0; t < o.initSize && !current && !session.exhausted; t++) {
      const r = session.uniform(x.length, rng);
      if (session.label(r) !== y) current = r;
    }
    if (!current) continue;
    let delta = o.delta;
    let epsilon = o.epsilon;
    for (let i = 0; i < o.maxIter && !session.exhausted; i++) {
      let candidates: Vector[] = [];
      for (let trial = 0; trial < o.numTrial && candidates.length === 0 && !session.exhausted; trial++) {
        const proposals = Array.from({ length: o.sampleSize }, () => orthogonalStep(current as Vector, x, delta, rng));
        const ok = session.labels(proposals).map((l) => l !== y);
        const share = ok.filter(Boolean).length / proposals.length;
        delta = share < 0.2 ? delta * o.stepAdapt : share > 0.5 ? delta / o.stepAdapt : delta;
        candidates = proposals.filter((_, k) => ok[k]);
      }
      if (candidates.length === 0) break;
      let moved: Vector | undefined;
      for (let trial = 0; trial < o.numTrial && !moved && !session.exhausted; trial++) {
        const steps = candidates.map((c) => axpy(c, epsilon, axpy(x, -1, c)));
        const ok = session.labels(steps).map((l) => l !== y);
        const share = ok.filter(Boolean).length / steps.length;
        epsilon = share < 0.2 ? epsilon * o.stepAdapt : share > 0.5 ? epsilon / o.stepAdapt : epsilon;
        moved = steps.find((_, k) => ok[k]);
      }
      if (moved) current = moved;
    }
  }
}

/** A random step of δ·‖x − current‖ orthogonal to the direction of the original, projected back onto its sphere. */
function orthogonalStep(current: Vector, x: Vector, delta: number, rng: Rng): Vector {
  const toX = axpy(x, -1, current);
  const r = norm(toX) || 1;
  const p = gaussian(x.length, rng);
  const scale = (delta * r) / (norm(p) || 1);
  let dot = 0;
  for (let i = 0; i < p.length; i++) dot += (p[i] as number) * ((toX[i] as number) / r);
  for (let i = 0; i < p.length; i++) p[i] = ((p[i] as number) - dot * ((toX[i] as number) / r)) * scale;
  const moved = axpy(current, 1, p);
  const away = axpy(moved, -1, x);
  return axpy(x, r / (norm(away) || 1), away);
}
