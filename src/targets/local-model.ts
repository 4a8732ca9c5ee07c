import type { Transport } from './guarded-target.ts';
import { predictProba, type Network } from '../ml/network.ts';
import { argmax } from '../ml/vector.ts';

/**
 * A network of ours answered in-process, like ART's `BlackBoxClassifier(predict_fn)`: what the benchmark
 * compares against, and a fast target for tests. Scores can be withheld to act as a label-only API.
 */
export function localModelTransport(net: Network, output: 'scores' | 'labels' = 'scores'): Transport {
  const first = net.layers[0];
  const last = net.layers[net.layers.length - 1];
  return {
    features: first?.inputs,
    classes: last?.outputs,
    maxBatch: 1024,
    endpoint: 'in-process model',
    send: async (inputs) => ({
      predictions: inputs.map((x) => {
        const scores = predictProba(net, x);
        return output === 'scores' ? { label: argmax(scores), scores } : { label: argmax(scores) };
      }),
    }),
    close: async () => undefined,
  };
}
