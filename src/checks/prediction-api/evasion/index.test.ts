import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argmax, type Vector } from '../../../ml/vector.ts';
import { predictProba } from '../../../ml/network.ts';
import { httpJsonSpec, openInline } from '../../../targets/test-support/open.ts';
import { startVictimServer, type VictimServer } from '../../../targets/test-support/victim-server.ts';
import { digitsFixture, type DigitsFixture } from '../../../targets/test-support/victims.ts';
import { contextFor } from '../test-context.ts';
import { evasionCheck } from './index.ts';

let fx: DigitsFixture;
let data: { inputs: number[][]; labels: number[] };
const servers: VictimServer[] = [];
beforeAll(async () => {
  fx = await digitsFixture();
  const idx = fx.test.x.map((_, i) => i).filter((i) => argmax(predictProba(fx.victims.mlp, fx.test.x[i] as Vector)) === fx.test.y[i]).slice(0, 8);
  data = { inputs: idx.map((i) => Array.from(fx.test.x[i] as Vector)), labels: idx.map((i) => fx.test.y[i] as number) };
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

describe('prediction-api/evasion over HTTP', () => {
  it.each([
    ['labels', 'hop-skip-jump', 3, 'fail'],
    ['scores', 'simba', 3, 'fail'],
    ['labels', 'hop-skip-jump', 0.05, 'pass'],
  ] as const)('%s API, %s, meaningful L2 %s → %s', async (flavour, method, meaningfulDistance, outcome) => {
    const server = await startVictimServer(fx.victims.mlp, { flavour });
    servers.push(server);
    const response = flavour === 'labels' ? { labelPath: 'label' } : { labelPath: 'label', scoresPath: 'scores' };
    const target = await openInline({ ...httpJsonSpec(server.url), response, budget: 3000 });
    const params = evasionCheck.params.parse({ data, method, queriesPerInput: 200, meaningfulDistance });
    const result = await evasionCheck.run(contextFor(target), params);
    expect(result.outcome).toBe(outcome);
    expect(result.details.summary.successRate).toBe(1);
    expect(result.details.inputs[0]).toMatchObject({ index: 0, success: true });
    // Distances in feature units come with their size relative to the input, in the evidence and the summary.
    const first = result.details.inputs[0];
    expect(first?.relativeL2).toBeCloseTo((first?.l2 ?? NaN) / Math.hypot(...(data.inputs[0] as number[])), 10);
    expect(result.summary).toMatch(/median L2 \d\.\d{3} \(\d[\d.]*% of the input's L2 norm\)/);
    expect(result.measurements?.medianRelativeL2).toBe(result.details.summary.medianRelativeL2);
    expect(target.stats().queries).toBeLessThanOrEqual(8 * 200);
    // Batching across inputs: far fewer calls than queries.
    expect(target.stats().calls).toBeLessThan(target.stats().queries / 3);
  });

  it('stops when the target starts failing and reports what it found so far', async () => {
    const server = await startVictimServer(fx.victims.mlp, { flavour: 'labels' });
    servers.push(server);
    const target = await openInline({ ...httpJsonSpec(server.url), response: { labelPath: 'label' } });
    const inner = target.predict.bind(target);
    let calls = 0;
    // The server goes away mid-run: every later call fails as a lying target would.
    target.predict = async (xs, signal) => {
      if (++calls === 20) await server.close();
      return inner(xs, signal);
    };
    const result = await evasionCheck.run(contextFor(target), evasionCheck.params.parse({ data, queriesPerInput: 300 }));
    expect(result.details.summary.stopped).toBe('target-error');
    expect(result.details.summary.stoppedBy).toMatch(/target "victim".*quer(y|ies) #\d+/);
  });
});
