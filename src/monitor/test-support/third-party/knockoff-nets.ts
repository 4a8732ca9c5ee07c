import type { Rng } from '../../../ml/rng.ts';
import type { ToolSession } from './session.ts';
import type { TransferImage } from './transfer-set.ts';

/**
 * How ART's CopycatCNN and KnockoffNets (`sampling_strategy='random'`) query (Correia-Silva et al. 2018,
 * Orekondy et al. 2019): the transfer set's images in random order without replacement, `nb_stolen` of them,
 * one per request (ART's default `batch_size_query=1`).
 */
export function knockoffRandom(session: ToolSession, transfer: readonly TransferImage[], rng: Rng): void {
  const order = transfer.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  for (const i of order) {
    if (session.exhausted) return;
    session.predict([(transfer[i] as TransferImage).x]);
  }
}

/**
 * KnockoffNets' adaptive strategy (`sampling_strategy='adaptive'`, reward 'cert'): a gradient bandit over the
 * transfer set's kinds; each query draws an image of the chosen kind, and the victim's certainty (top-two
 * margin) is the reward, so kinds the victim is sure about are preferred — against a baseline of mean reward.
 */
export function knockoffAdaptive(session: ToolSession, transfer: readonly TransferImage[], rng: Rng, learningRate = 0.1): void {
  const kinds = Math.max(...transfer.map((t) => t.kind)) + 1;
  const byKind = Array.from({ length: kinds }, (_, k) => transfer.filter((t) => t.kind === k));
  const h = new Float64Array(kinds);
  let baseline = 0;
  for (let step = 1; !session.exhausted; step++) {
    const weights = Array.from(h, (v) => Math.exp(v));
    const total = weights.reduce((a, b) => a + b, 0);
    let pick = rng.next() * total;
    let kind = 0;
    while (kind < kinds - 1 && (pick -= weights[kind] as number) > 0) kind++;
    const pool = byKind[kind] as TransferImage[];
    if (pool.length === 0) continue;
    const p = session.predict([(pool[rng.int(pool.length)] as TransferImage).x])[0];
    if (!p) return;
    const sorted = Array.from(p).sort((a, b) => b - a);
    const reward = (sorted[0] as number) - (sorted[1] as number);
    baseline += (reward - baseline) / step;
    for (let k = 0; k < kinds; k++) {
      const share = (weights[k] as number) / total;
      h[k] = (h[k] as number) + learningRate * (reward - baseline) * ((k === kind ? 1 : 0) - share);
    }
  }
}
