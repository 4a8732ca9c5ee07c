import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { networkToOnnx } from '../ml/onnx/write-network.ts';
import { predictProba } from '../ml/network.ts';
import { argmax } from '../ml/vector.ts';
import { BudgetExhaustedError } from './prediction-target.ts';
import { openTargetFile } from './open-target.ts';
import { httpJsonSpec, openInline } from './test-support/open.ts';
import { startVictimServer, type VictimServer } from './test-support/victim-server.ts';
import { digitsFixture, type DigitsFixture } from './test-support/victims.ts';

let fx: DigitsFixture;
let dir: string;
const servers: VictimServer[] = [];
const serve = async (...args: Parameters<typeof startVictimServer>): Promise<VictimServer> => {
  const s = await startVictimServer(...args);
  servers.push(s);
  return s;
};

beforeAll(async () => {
  fx = await digitsFixture();
  dir = await mkdtemp(join(tmpdir(), 'rampart-targets-'));
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

describe('targets answer like the model they serve', () => {
  it.each(['http-json', 'kserve-v2', 'onnx'] as const)('%s', async (kind) => {
    const net = fx.victims.mlp;
    const xs = fx.test.x.slice(0, 40);
    let spec: Record<string, unknown>;
    if (kind === 'onnx') {
      const path = join(dir, 'mlp.onnx');
      await writeFile(path, networkToOnnx(net));
      spec = { kind: 'onnx', path, maxBatch: 16 };
    } else {
      const server = await serve(net, { flavour: 'scores' });
      spec = kind === 'http-json' ? httpJsonSpec(server.url) : { kind: 'kserve-v2', url: server.url, model: 'victim', maxBatch: 16, classes: 10 };
    }
    const target = await openInline(spec);
    const answers = await target.predict(xs);
    answers.forEach((a, i) => {
      const p = predictProba(net, xs[i] as Float64Array);
      expect(a.label).toBe(argmax(p));
      // ONNX and KServe carry float32; our forward pass is float64.
      a.scores?.forEach((s, k) => expect(s).toBeCloseTo(p[k] as number, 5));
    });
    expect(target.stats().queries).toBe(40);
    expect(target.stats().calls).toBe(kind === 'http-json' ? 2 : 3);
    await target.close();
  });
});

describe('budget, retries, rate limits, query log', () => {
  it('refuses a batch the budget cannot pay for, before sending it', async () => {
    const server = await serve(fx.victims.mlp, { flavour: 'labels' });
    const target = await openInline({ ...httpJsonSpec(server.url), response: { labelPath: 'label' }, budget: 10 });
    await target.predict(fx.test.x.slice(0, 8));
    await expect(target.predict(fx.test.x.slice(0, 3))).rejects.toBeInstanceOf(BudgetExhaustedError);
    expect(server.seen.inputs).toBe(8);
    expect(target.remaining()).toBe(2);
  });

  it('honours Retry-After on 429 and counts the throttling; the client-side limit avoids it', async () => {
    // The noisy client meets a server whose clock moves 20 ms per call (50 calls/s against 20/s, burst 2):
    // it is throttled however slowly a loaded machine sends: calls 1, 2, 4, 6 and 9 are served, 4 refused.
    const strict = await serve(fx.victims.mlp, { flavour: 'scores', rateLimit: { perSecond: 20, burst: 2, msPerCall: 20 } });
    const noisy = await openInline({ ...httpJsonSpec(strict.url), request: { inputPath: 'inputs', maxBatch: 1 }, retries: { max: 5, baseDelayMs: 1, maxDelayMs: 60 } });
    await noisy.predict(fx.test.x.slice(0, 5));
    expect(noisy.stats().throttled).toBe(strict.seen.throttled);
    expect(strict.seen).toMatchObject({ calls: 9, throttled: 4, inputs: 5 });
    // The polite one meets the same limit in real time: a load spike only slows it further below the limit.
    const server = await serve(fx.victims.mlp, { flavour: 'scores', rateLimit: { perSecond: 20, burst: 2 } });
    const polite = await openInline({ ...httpJsonSpec(server.url), request: { inputPath: 'inputs', maxBatch: 1 }, rateLimit: { perSecond: 15, burst: 1 } });
    await polite.predict(fx.test.x.slice(0, 5));
    expect(polite.stats().throttled).toBe(0);
    expect(server.seen.throttled).toBe(0);
  });

  it('retries transient 500s and writes every call to the query log, without credentials', async () => {
    process.env.RAMPART_TEST_TOKEN = 'sekrit-token-123';
    const server = await serve(fx.victims.mlp, { flavour: 'scores', fault: 'flaky', token: 'sekrit-token-123' });
    const log = join(dir, 'queries.jsonl');
    const target = await openInline({ ...httpJsonSpec(server.url), headers: { authorization: 'Bearer ${RAMPART_TEST_TOKEN}' }, queryLog: log });
    const answers = await target.predict(fx.test.x.slice(0, 3));
    expect(answers).toHaveLength(3);
    expect(target.stats().retries).toBe(1);
    await target.close();
    const text = await readFile(log, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    expect(lines.map((l) => l.outcome)).toEqual(['retry', 'ok']);
    expect(text).not.toContain('sekrit');
  });

  it('names the missing environment variable, not a value', async () => {
    delete process.env.RAMPART_MISSING;
    await expect(openInline({ ...httpJsonSpec('http://127.0.0.1:9'), headers: { 'x-api-key': '${RAMPART_MISSING}' } })).rejects.toThrow(/RAMPART_MISSING is not set/);
  });

  it('reads a target file from disk and rejects credentials in the URL', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'kind: http-json\nurl: http://user:pw@127.0.0.1/p\nresponse: { labelPath: label }\n');
    await expect(openTargetFile(file)).rejects.toThrow(/credentials in headers/);
  });
});

describe('a target that lies gets a clear error naming the target and the query', () => {
  it.each([
    ['html', /target "victim".*queries #1–4: answer is not JSON \(text\/html\)/],
    ['nan', /queries #1–4: .*(not JSON|NaN)/],
    ['wrong-shape', /queries #1–4: expected 4 prediction\(s\), got 3/],
    ['error-500', /queries #1–4: HTTP 500.*gave up after 3 attempts/],
    ['hang', /queries #1–4: no answer within 300 ms/],
  ] as const)('%s', async (fault, message) => {
    const server = await serve(fx.victims.mlp, { flavour: 'scores', fault });
    // A short timeout only where the server never answers, so a slow answer cannot be mistaken for a hang.
    const target = await openInline({ ...httpJsonSpec(server.url), timeoutMs: fault === 'hang' ? 300 : 30_000 });
    const error = await target.predict(fx.test.x.slice(0, 4)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).kind).toBe('target');
    expect((error as Error).message).toMatch(message);
  });
});
