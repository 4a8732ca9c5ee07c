import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpJsonSpec, openInline } from '../../../targets/test-support/open.ts';
import { startVictimServer, type VictimServer } from '../../../targets/test-support/victim-server.ts';
import { digitsFixture, type DigitsFixture } from '../../../targets/test-support/victims.ts';
import { contextFor } from '../test-context.ts';
import { extractionCheck } from './index.ts';

let fx: DigitsFixture;
const servers: VictimServer[] = [];
beforeAll(async () => {
  fx = await digitsFixture();
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

describe('prediction-api/extraction', () => {
  it.each([
    ['scores', 0.8, 'fail'],
    ['labels', 0.999, 'pass'],
  ] as const)('%s API, threshold %s → %s, within the query budget', async (flavour, fidelityThreshold, outcome) => {
    const server = await startVictimServer(fx.victims['logistic-regression'], { flavour });
    servers.push(server);
    const response = flavour === 'labels' ? { labelPath: 'label' } : { labelPath: 'label', scoresPath: 'scores' };
    const target = await openInline({ ...httpJsonSpec(server.url), response, budget: 250 });
    const data = { inputs: [...fx.train.x.slice(0, 50), ...fx.test.x.slice(0, 100)].map((x) => Array.from(x)) };
    const params = extractionCheck.params.parse({ data, seeds: 50, queries: 150, rounds: 2, epochs: 40, surrogate: 'logistic-regression', fidelityThreshold });
    const result = await extractionCheck.run(contextFor(target), params);
    expect(result.outcome).toBe(outcome);
    expect(result.details.attackQueries).toBeLessThanOrEqual(150);
    expect(result.details.fidelity).toBeGreaterThan(0.75);
    expect(server.seen.inputs).toBeLessThanOrEqual(250);
    expect(JSON.stringify(result.details)).not.toContain('weights');
  });

  it('takes the rows after the seeds as a pool: queried by choice, never held out', async () => {
    const server = await startVictimServer(fx.victims['logistic-regression'], { flavour: 'labels' });
    servers.push(server);
    const target = await openInline({ ...httpJsonSpec(server.url), response: { labelPath: 'label' } });
    const data = { inputs: [...fx.train.x.slice(0, 150), ...fx.test.x.slice(0, 100)].map((x) => Array.from(x)) };
    const params = extractionCheck.params.parse({ data, seeds: 50, pool: 100, queries: 120, rounds: 2, epochs: 40, surrogate: 'logistic-regression' });
    const result = await extractionCheck.run(contextFor(target), params);
    expect(result.details).toMatchObject({ seeds: 50, fromPool: 70, heldOut: 100, attackQueries: 120, evaluationQueries: 100 });
    expect(result.summary).toContain('70 chosen from a pool of 100');
  });
});
