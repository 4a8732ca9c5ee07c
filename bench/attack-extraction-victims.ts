// The extraction benchmark's victims, shared by bench/attack-extraction.bench.ts and the KnockoffNets baseline's
// export (bench/baselines/export-victims.ts). "Tuned" victims are the ones the attack's defaults were chosen
// on; "held-out" ones (another split, another architecture) and their attack seeds were not looked at while
// tuning — they show whether the defaults carry over.
import { loadDigits, stratifiedSplit, type Dataset } from '../src/ml/dataset.ts';
import { createNetwork, train, type Network } from '../src/ml/network.ts';
import { trainVictim } from '../src/ml/victims.ts';

export interface ExtractionVictim {
  name: string;
  description: string;
  heldOut: boolean;
  /** Attack seeds: 0–4 for the tuned victims, 5–9 for the held-out ones. */
  attackSeeds: number[];
  train: Dataset;
  test: Dataset;
  net: Network;
}

export async function extractionVictims(): Promise<ExtractionVictim[]> {
  const digits = await loadDigits();
  const [split0, split1, split2] = [0, 1, 2].map((seed) => stratifiedSplit(digits, 0.3, seed)) as [ReturnType<typeof stratifiedSplit>, ReturnType<typeof stratifiedSplit>, ReturnType<typeof stratifiedSplit>];
  const tuned = [0, 1, 2, 3, 4];
  const fresh = [5, 6, 7, 8, 9];
  return [
    { name: 'mlp', description: 'MLP 64 hidden, split 0', heldOut: false, attackSeeds: tuned, ...split0, net: trainVictim('mlp', split0.train) },
    { name: 'logistic-regression', description: 'logistic regression, split 0', heldOut: false, attackSeeds: tuned, ...split0, net: trainVictim('logistic-regression', split0.train) },
    {
      name: 'deep-mlp',
      description: 'MLP 48-24 hidden, split 1',
      heldOut: true,
      attackSeeds: fresh,
      ...split1,
      net: train(createNetwork([64, 48, 24, 10], 7), split1.train.x, split1.train.y, { epochs: 120, learningRate: 0.003, batchSize: 64, l2: 1e-4, seed: 7 }),
    },
    {
      name: 'wide-mlp',
      description: 'MLP 256 hidden, split 2',
      heldOut: true,
      attackSeeds: fresh,
      ...split2,
      net: train(createNetwork([64, 256, 10], 11), split2.train.x, split2.train.y, { epochs: 60, learningRate: 0.002, batchSize: 32, l2: 1e-3, seed: 11 }),
    },
  ];
}
