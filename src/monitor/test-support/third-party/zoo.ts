import type { Vector } from '../../../ml/vector.ts';
import type { ToolSession } from './session.ts';

/** ART's ZooAttack defaults (Chen et al. 2017; `art.attacks.evasion.ZooAttack`). */
export const ZOO_DEFAULTS = { maxIter: 10, learningRate: 0.01, nbParallel: 128, variableH: 1e-4 };

/**
 * How ART's ZooAttack queries (score-based), input by input: each iteration estimates the loss's derivative
 * along `nbParallel` coordinates by symmetric finite differences, x ± h·e_i (h = `variableH`), all sent as one
 * batch with the current point, then moves those coordinates by Adam-like steps of `learningRate`.
 * Coordinates are drawn in turn (ART samples by importance; the order does not change the queries' shape).
 */
export function artZoo(session: ToolSession, inputs: readonly Vector[], options: Partial<typeof ZOO_DEFAULTS> = {}): void {
  const o = { ...ZOO_DEFAULTS, ...options };
  for (const x of inputs) {
    if (session.exhausted) return;
    const y = session.label(x);
    const current = Float64Array.from(x);
    const d = x.length;
    const parallel = Math.min(o.nbParallel, d);
    let next = 0;
    for (let i = 0; i < o.maxIter && !session.exhausted; i++) {
      const coords = Array.from({ length: parallel }, (_, k) => (next + k) % d);
      next = (next + parallel) % d;
      const batch: Vector[] = [Float64Array.from(current)];
      for (const c of coords) {
        for (const sign of [1, -1]) {
          const probe = Float64Array.from(current);
          probe[c] = (probe[c] as number) + sign * o.variableH;
          batch.push(probe);
        }
      }
      const answers = session.predict(batch);
      coords.forEach((c, k) => {
        const up = answers[1 + 2 * k]?.[y] ?? 0;
        const down = answers[2 + 2 * k]?.[y] ?? 0;
        const grad = (up - down) / (2 * o.variableH);
        current[c] = session.clamp(c, (current[c] as number) - o.learningRate * Math.sign(grad));
      });
    }
  }
}
