import { createNetwork, train, type Network } from './network.ts';
import type { Dataset } from './dataset.ts';

/** The two victim models of the tests and the benchmark, trained by our own code (issue: "Fixtures built by the tests"). */
export type VictimKind = 'mlp' | 'logistic-regression';

export interface VictimOptions {
  /** Fewer epochs make test fixtures quick; the benchmark trains to convergence. */
  epochs?: number;
  seed?: number;
  hidden?: number;
}

export function trainVictim(kind: VictimKind, data: Dataset, options: VictimOptions = {}): Network {
  const features = data.x[0]?.length ?? 0;
  const classes = Math.max(...data.y) + 1;
  const seed = options.seed ?? 1;
  if (kind === 'mlp') {
    const net = createNetwork([features, options.hidden ?? 64, classes], seed);
    return train(net, data.x, data.y, { epochs: options.epochs ?? 150, learningRate: 0.003, batchSize: 64, l2: 1e-4, seed });
  }
  const net = createNetwork([features, classes], seed);
  // sklearn's default C = 1 penalises ½‖W‖² against the summed loss; per sample that is 1/n.
  return train(net, data.x, data.y, { epochs: options.epochs ?? 200, learningRate: 0.01, batchSize: 128, l2: 1 / data.x.length, seed });
}
