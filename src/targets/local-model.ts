import type { Transport } from './guarded-target.ts';
import { logitsBatch, softmaxInPlace, type Network } from '../ml/network.ts';
import type { Prediction } from './prediction-target.ts';

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
    // The whole call in one batched forward pass, as a served model would run it.
    send: async (inputs) => {
      const classes = last?.outputs ?? 0;
      const logits = logitsBatch(net, inputs);
      const predictions: Prediction[] = new Array<Prediction>(inputs.length);
      for (let r = 0; r < inputs.length; r++) {
        const row = r * classes;
        let label = 0;
        for (let k = 1; k < classes; k++) if ((logits[row + k] as number) > (logits[row + label] as number)) label = k;
        if (output === 'labels') predictions[r] = { label };
        else {
          const scores = logits.slice(row, row + classes);
          softmaxInPlace(scores);
          predictions[r] = { label, scores };
        }
      }
      return { predictions };
    },
    close: async () => undefined,
  };
}
