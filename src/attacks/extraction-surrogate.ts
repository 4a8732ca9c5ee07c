import { fit } from '../ml/fit.ts';
import { createNetwork, type Network } from '../ml/network.ts';
import type { Vector } from '../ml/vector.ts';
import type { Prediction } from '../targets/prediction-target.ts';

export interface SurrogateSettings {
  surrogate: 'mlp' | 'logistic-regression';
  hidden: number;
  /** Passes over 200 rows; larger training sets get proportionally fewer, so a fit costs about the same. */
  epochs: number;
  /** Share of `epochs` a selection surrogate (one that only picks the next round's queries) trains for. */
  selectionEffort: number;
  seedWeight: number;
  seed: number;
}

/**
 * Fits a surrogate to the answers so far. A `final` surrogate (the copy the attack reports) starts cold and
 * trains fully; a selection surrogate only has to rank candidates for the next round, so it continues the
 * previous one (warm start) for a fraction of the work — most of an attack's time is training.
 */
export function trainSurrogate(xs: readonly Vector[], answers: readonly Prediction[], natural: readonly boolean[], classes: number, settings: SurrogateSettings, previous: Network | undefined, final: boolean): Network {
  const features = xs[0]?.length ?? 0;
  const useScores = answers.every((a) => a.scores && a.scores.length === classes && a.scoredClasses === undefined);
  const targets = answers.map((a) => (useScores ? (a.scores as Float64Array) : a.label));
  // Natural inputs (seeds, pool) are the only ones drawn from the data's own distribution (fidelity is
  // measured there): they count `seedWeight` times, so the synthetic queries near the boundary do not drown them.
  const rows = [...xs];
  const labels = [...targets];
  for (let copy = 1; copy < settings.seedWeight; copy++) {
    xs.forEach((x, i) => {
      if (!natural[i]) return;
      rows.push(x);
      labels.push(targets[i] as number | Float64Array);
    });
  }
  const sizes = settings.surrogate === 'mlp' ? [features, settings.hidden, classes] : [features, classes];
  const warm = !final && previous !== undefined && previous.layers[previous.layers.length - 1]?.outputs === classes;
  const net = warm ? previous : createNetwork(sizes, settings.seed + 1);
  const passes = (settings.epochs * 200 * (final ? 1 : settings.selectionEffort)) / Math.max(200, rows.length);
  const epochs = Math.max(final ? 20 : 2, Math.round(passes));
  fit(net, rows, labels, { epochs, learningRate: 0.005, batchSize: 32, l2: 1e-4, seed: settings.seed });
  return net;
}
