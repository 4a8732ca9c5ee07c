import type { Dataset } from '../../../ml/dataset.ts';
import type { Network } from '../../../ml/network.ts';
import { trainVictim } from '../../../ml/victims.ts';

/**
 * How a tabular model is served: an MLP trained on standardised features, its scaler folded into the first layer
 * (W'ᵢ = Wᵢ/σᵢ, b' = b − Σ Wᵢμᵢ/σᵢ), so the API takes, and its log holds, the raw values (amounts in currency,
 * temperatures in °C).
 */
export function standardisedMlp(train: Dataset): Network {
  const d = train.x[0]?.length ?? 0;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const x of train.x) for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (x[i] as number) / train.x.length;
  for (const x of train.x) for (let i = 0; i < d; i++) sd[i] = (sd[i] as number) + ((x[i] as number) - (mean[i] as number)) ** 2 / train.x.length;
  for (let i = 0; i < d; i++) sd[i] = Math.sqrt(sd[i] as number) || 1;
  const standard = train.x.map((x) => x.map((v, i) => (v - (mean[i] as number)) / (sd[i] as number)));
  const net = trainVictim('mlp', { x: standard, y: train.y }, { hidden: 16, epochs: 40, seed: 1 });
  const first = net.layers[0];
  if (!first) return net;
  for (let o = 0; o < first.outputs; o++) {
    let shift = 0;
    for (let i = 0; i < d; i++) {
      const w = (first.weights[o * d + i] as number) / (sd[i] as number);
      first.weights[o * d + i] = w;
      shift += w * (mean[i] as number);
    }
    first.bias[o] = (first.bias[o] as number) - shift;
  }
  return net;
}
