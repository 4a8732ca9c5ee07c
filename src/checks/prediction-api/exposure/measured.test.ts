import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInline } from '../../../targets/test-support/open.ts';
import type { Shape } from '../../../targets/test-support/shape-routes.ts';
import { startShapeServer, type ShapeServer } from '../../../targets/test-support/shape-server.ts';
import type { Flavour } from '../../../targets/test-support/serving-shapes.ts';
import { digitsFixture, type DigitsFixture } from '../../../targets/test-support/victims.ts';
import { contextFor } from '../test-context.ts';
import { exposureCheck } from './index.ts';

let fx: DigitsFixture;
const servers: ShapeServer[] = [];
beforeAll(async () => {
  fx = await digitsFixture();
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
// What the file reads: labels only, even where the API serves more; or everything.
const files: Record<string, (url: string) => Record<string, unknown>> = {
  'sklearn labels': (url) => ({ kind: 'http-json', url: `${url}/predict`, request: { template: { instances: '{{inputs}}' }, maxBatch: 32 }, response: { labels: 'predictions' } }),
  'sklearn scores': (url) => ({ kind: 'http-json', url: `${url}/predict`, request: { template: { instances: '{{inputs}}' }, maxBatch: 32 }, response: { labels: 'predictions', scores: 'probabilities' } }),
  'kserve label output': (url) => ({ preset: 'kserve-v2', url, model: 'digits', inputName: 'input-0', shape: [1, 8, 8], labelOutput: 'label' }),
  'torchserve answers': (url) => ({ preset: 'torchserve', url, model: 'digits', response: { classNames: names } }),
  'chat JSONata': (url) => ({ kind: 'http-json', url: `${url}/chat`, request: { template: { prompt: 'pixels: {{input}}' } }, response: { labels: { jsonata: '$number($match(reply, /[0-9]+/).match)' } } }),
};

describe('exposure judges what the API returns, not what the target file reads', () => {
  it.each([
    // shape, flavour, file, rate-limited → output, decimals, unread fields, outcome
    ['sklearn', 'full', 'sklearn labels', false, 'full-scores', undefined, ['probabilities'], 'fail'],
    ['sklearn', 'full', 'sklearn labels', true, 'full-scores', undefined, ['probabilities'], 'fail'],
    ['sklearn', 'full', 'sklearn scores', true, 'full-scores', undefined, [], 'fail'],
    ['sklearn', 'full32', 'sklearn scores', true, 'full-scores', undefined, [], 'fail'],
    ['sklearn', 'rounded', 'sklearn labels', true, 'rounded-scores', 2, ['probabilities'], 'pass'],
    ['sklearn', 'rounded32', 'sklearn labels', true, 'rounded-scores', 2, ['probabilities'], 'pass'],
    ['sklearn', 'rounded32', 'sklearn scores', false, 'rounded-scores', 2, [], 'fail'],
    ['sklearn', 'top-k', 'sklearn labels', true, 'top-k', undefined, ['probabilities'], 'pass'],
    ['sklearn', 'labels', 'sklearn labels', true, 'labels-only', undefined, [], 'pass'],
    ['sklearn', 'labels', 'sklearn labels', false, 'labels-only', undefined, [], 'fail'],
    // A v2 target reads the first float (or top-k) output besides the label output it is given.
    ['kserve-v2', 'full', 'kserve label output', true, 'full-scores', undefined, [], 'fail'],
    ['kserve-v2', 'top-k', 'kserve label output', true, 'top-k', undefined, [], 'pass'],
    ['torchserve', 'top-k', 'torchserve answers', true, 'top-k', undefined, [], 'pass'],
    ['torchserve', 'rounded32', 'torchserve answers', true, 'rounded-scores', 2, [], 'pass'],
  ] as [Shape, Flavour, string, boolean, string, number | undefined, string[], string][])('%s %s read as "%s", rate limit %s → %s', async (shape, flavour, file, limited, output, decimals, unread, outcome) => {
    // The server's clock moves 50 ms per call: the burst meets the limit however slowly a loaded machine sends it.
    const server = await startShapeServer(fx.victims.mlp, shape, { flavour, ...(limited ? { rateLimit: { perSecond: 5, burst: 10, msPerCall: 50 } } : {}) });
    servers.push(server);
    const target = await openInline({ ...(files[file] as (url: string) => Record<string, unknown>)(server.url), classes: 10, features: 64 }, { probe: true });
    const params = exposureCheck.params.parse({ data: { inputs: fx.test.x.slice(0, 4).map((x) => Array.from(x)) }, burst: 30 });
    const result = await exposureCheck.run(contextFor(target), params);
    expect(result.details).toMatchObject({ output, rateLimited: limited, unread });
    if (decimals !== undefined) expect(result.details.decimals).toBe(decimals);
    if (output === 'top-k') expect(result.details.topK).toBe(3);
    expect(result.outcome).toBe(outcome);
    if (unread.length > 0) expect(result.summary).toContain(`does not read ${unread.join(', ')}`);
  });

  it('a JSONata reading: unread score fields are named when the file reads no scores', async () => {
    const server = await startShapeServer(fx.victims.mlp, 'chat', { flavour: 'full' });
    servers.push(server);
    const target = await openInline({ ...(files['chat JSONata'] as (url: string) => Record<string, unknown>)(server.url), classes: 10 }, { probe: true });
    const result = await exposureCheck.run(contextFor(target), exposureCheck.params.parse({ data: { inputs: fx.test.x.slice(0, 2).map((x) => Array.from(x)) }, burst: 5 }));
    // The chat server puts the class in a sentence: no numeric field at all, so labels only.
    expect(result.details).toMatchObject({ output: 'labels-only', judgedFrom: 'raw answers', unread: [] });
  });
});
