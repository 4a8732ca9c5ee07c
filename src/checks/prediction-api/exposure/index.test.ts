import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpJsonSpec, openInline } from '../../../targets/test-support/open.ts';
import { startVictimServer, type OutputFlavour, type VictimServer } from '../../../targets/test-support/victim-server.ts';
import { digitsFixture, type DigitsFixture } from '../../../targets/test-support/victims.ts';
import { contextFor } from '../test-context.ts';
import { exposureCheck } from './index.ts';

let fx: DigitsFixture;
const servers: VictimServer[] = [];
beforeAll(async () => {
  fx = await digitsFixture();
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

const responseFor = (flavour: OutputFlavour): Record<string, string> => (flavour === 'labels' ? { labelPath: 'label' } : { labelPath: 'label', scoresPath: 'scores' });

describe('prediction-api/exposure tells each flavour apart', () => {
  it.each([
    ['scores', false, 'full-scores', 'fail'],
    ['rounded', false, 'rounded-scores', 'fail'],
    ['top-k', false, 'top-k', 'fail'],
    ['labels', false, 'labels-only', 'fail'],
    ['scores', true, 'full-scores', 'fail'],
    ['labels', true, 'labels-only', 'pass'],
    ['rounded', true, 'rounded-scores', 'pass'],
  ] as const)('%s, rate limit %s → %s, %s', async (flavour, limited, output, outcome) => {
    // The server's clock moves 50 ms per call: the burst meets the limit however slowly a loaded machine sends it.
    const server = await startVictimServer(fx.victims['logistic-regression'], { flavour, ...(limited ? { rateLimit: { perSecond: 5, burst: 10, msPerCall: 50 } } : {}) });
    servers.push(server);
    const target = await openInline({ ...httpJsonSpec(server.url), response: responseFor(flavour) }, { probe: true });
    const params = exposureCheck.params.parse({ data: { inputs: fx.test.x.slice(0, 4).map((x) => Array.from(x)) }, burst: 30 });
    const result = await exposureCheck.run(contextFor(target), params);
    expect(result.details.output).toBe(output);
    expect(result.details.rateLimited).toBe(limited);
    expect(result.outcome).toBe(outcome);
    if (limited) expect(result.details.burst.firstRefusedAt).toBeLessThanOrEqual(20);
    expect(result.details.mitigations['AML.M0004']).toBe(limited ? 'effective' : 'absent');
  });
});
