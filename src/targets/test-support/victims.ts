import { loadDigits, stratifiedSplit, type Dataset } from '../../ml/dataset.ts';
import type { Network } from '../../ml/network.ts';
import { trainVictim, type VictimKind } from '../../ml/victims.ts';

export interface DigitsFixture {
  train: Dataset;
  test: Dataset;
  victims: Record<VictimKind, Network>;
}

let cached: Promise<DigitsFixture> | undefined;

/**
 * Victims for tests: trained briefly (tests need a working classifier, not the benchmark's converged one),
 * once per test file.
 */
export function digitsFixture(): Promise<DigitsFixture> {
  cached ??= (async () => {
    const { train, test } = stratifiedSplit(await loadDigits(), 0.3, 0);
    return {
      train,
      test,
      victims: {
        mlp: trainVictim('mlp', train, { epochs: 20, seed: 1 }),
        'logistic-regression': trainVictim('logistic-regression', train, { epochs: 30, seed: 1 }),
      },
    };
  })();
  return cached;
}
