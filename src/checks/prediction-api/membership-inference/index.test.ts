import { beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, train, type Network } from '../../../ml/network.ts';
import { guardTarget } from '../../../targets/guarded-target.ts';
import { localModelTransport } from '../../../targets/local-model.ts';
import { digitsFixture, type DigitsFixture } from '../../../targets/test-support/victims.ts';
import { contextFor } from '../test-context.ts';
import { membershipInferenceCheck } from './index.ts';

let fx: DigitsFixture;
let overfit: Network;
beforeAll(async () => {
  fx = await digitsFixture();
  // Few training points, no weight decay, many epochs: a victim that memorises, so membership leaks.
  overfit = train(createNetwork([64, 64, 10], 2), fx.train.x.slice(0, 60), fx.train.y.slice(0, 60), { epochs: 150, learningRate: 0.01, batchSize: 16, l2: 0, seed: 2 });
});

const data = (): { inputs: number[][]; labels: number[]; members: boolean[] } => ({
  inputs: [...fx.train.x.slice(0, 60), ...fx.test.x.slice(0, 60)].map((x) => Array.from(x)),
  labels: [...fx.train.y.slice(0, 60), ...fx.test.y.slice(0, 60)],
  members: [...Array<boolean>(60).fill(true), ...Array<boolean>(60).fill(false)],
});

describe('prediction-api/membership-inference', () => {
  it.each([
    ['scores', 'scoreBased'],
    ['labels', 'labelOnly'],
  ] as const)('an overfit victim leaks membership through %s', async (output, key) => {
    const target = guardTarget('overfit', localModelTransport(overfit, output));
    const params = membershipInferenceCheck.params.parse({ data: data(), noisyCopies: 8 });
    const result = await membershipInferenceCheck.run(contextFor(target), params);
    expect(result.outcome).toBe('fail');
    expect(result.details[key]?.auc).toBeGreaterThanOrEqual(0.6);
  });

  it('refuses data without membership', () => {
    expect(membershipInferenceCheck.params.safeParse({ data: { inputs: [[1]], labels: [0] } }).success).toBe(false);
  });
});
