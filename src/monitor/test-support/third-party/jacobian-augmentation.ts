import type { Dataset } from '../../../ml/dataset.ts';
import { predictProba, type Network } from '../../../ml/network.ts';
import type { Vector } from '../../../ml/vector.ts';
import { trainVictim } from '../../../ml/victims.ts';
import type { ToolSession } from './session.ts';

/**
 * Papernot et al.'s Jacobian-based dataset augmentation (JbDA), as PRADA's code runs it against a victim: a
 * small natural seed set is labelled by the victim, a substitute is trained, and each round every point x adds
 * x + λ·sign(∂F_y(x)/∂x) on the substitute (y the victim's label), doubling the set; each round's new points are
 * sent in batches. λ = 0.1 of the pixel range, flipping sign every `tau` rounds (Papernot's periodic step).
 * With feature ranges other than [0, 1] (a tabular victim), the substitute learns on each feature scaled to its
 * range and λ is 0.1 of each range, as an attacker normalising its own training data would.
 */
export function jacobianAugmentation(session: ToolSession, seeds: readonly Vector[], rounds = 6, lambda = 0.1, tau = 3): void {
  const b = session.bounds;
  const toUnit = (x: Vector): Vector => (b ? Float64Array.from(x, (v, i) => (v - (b.lo[i] as number)) / ((b.hi[i] as number) - (b.lo[i] as number) || 1)) : x);
  const fromUnit = (z: Float64Array): Vector => (b ? z.map((v, i) => (b.lo[i] as number) + v * ((b.hi[i] as number) - (b.lo[i] as number))) : z);
  let set: Vector[] = seeds.map(toUnit);
  let labels = session.labels(seeds);
  for (let round = 0; round < rounds && !session.exhausted; round++) {
    const substitute = trainVictim('logistic-regression', { x: set, y: labels } as Dataset, { epochs: 20, seed: round + 1 });
    const sign = Math.floor(round / tau) % 2 === 0 ? 1 : -1;
    const fresh = set.map((x, i) => toUnit(session.clip(fromUnit(step(substitute, x, labels[i] as number, sign * lambda)))));
    const answered = session.labels(fresh.map(fromUnit));
    set = [...set, ...fresh.slice(0, answered.length)];
    labels = [...labels, ...answered];
  }
}

/** x + λ·sign of the gradient of the substitute's probability of class y (softmax regression: p_y(W_y − Σ p_k W_k)). */
function step(net: Network, x: Vector, y: number, lambda: number): Float64Array {
  const layer = net.layers[0];
  if (!layer) return Float64Array.from(x);
  const p = predictProba(net, x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let mean = 0;
    for (let k = 0; k < layer.outputs; k++) mean += (p[k] as number) * (layer.weights[k * layer.inputs + i] as number);
    const g = (p[y] as number) * ((layer.weights[y * layer.inputs + i] as number) - mean);
    out[i] = (x[i] as number) + lambda * Math.sign(g);
  }
  return out;
}
