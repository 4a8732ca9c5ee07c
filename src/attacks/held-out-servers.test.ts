import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT } from '../cli/exit-codes.ts';
import { runCli } from '../cli/test-support/run-cli.ts';
import { predictProba, type Network } from '../ml/network.ts';
import { API_KEY, fraudColumns, fraudData, fraudLabels, fraudMax, fraudMin, scaled, startHeldOutServer, trainFraudModel, type HeldOutServer } from '../targets/test-support/held-out-servers.ts';

/**
 * Held-out servers (test-support/held-out-servers.ts): styles the lab does not have, reached only through
 * target files written from the README and the CLI, with the expected outcome written first.
 */

let dir: string;
let net: Network;
const servers: HeldOutServer[] = [];
const train = fraudData(120, 1);
const test = fraudData(160, 2);
const constraints = { min: fraudMin, max: fraudMax, integer: [2, 3, 5] };
const predicted = (x: ArrayLike<number>): number => ((predictProba(net, scaled(x))[1] as number) > 0.5 ? 1 : 0);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-held-out-'));
  net = trainFraudModel(train, 60);
  process.env.HELD_OUT_KEY = API_KEY;
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function write(name: string, value: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, name.endsWith('.yaml') ? stringify(value) : JSON.stringify(value));
  return file;
}

type Report = Record<string, unknown> & { outcome: string; mitigations?: Record<string, string> };

async function rampart(...args: string[]): Promise<{ code: number; report: Report; err: string }> {
  const { code, stdout, stderr } = await runCli('attack', ...args, '--format', 'json');
  try {
    return { code, report: JSON.parse(stdout) as Report, err: stderr };
  } catch {
    throw new Error(`rampart ${args.join(' ')} printed no JSON (exit ${code}):\n${stdout}\n${stderr}`);
  }
}

async function start(...args: Parameters<typeof startHeldOutServer>): Promise<HeldOutServer> {
  const s = await startHeldOutServer(...args);
  servers.push(s);
  return s;
}

describe('TensorFlow-Serving-shaped: named features as records, a sigmoid head [[p]] per instance', () => {
  let target: string;
  beforeAll(async () => {
    const s = await start('tf-serving', net);
    target = await write('tf.yaml', { preset: 'tf-serving', url: s.url, model: 'fraud', features: 6, classes: 2, request: { input: 'record', columns: [...fraudColumns] } });
  });

  it('exposure: P(class 1) alone is the whole distribution, at full precision — not a top-1 defence', async () => {
    const { code, report } = await rampart('exposure', '--target', target, '--budget', '100', '--params', await write('tf-exposure.json', { burst: 20, constraints }));
    expect(report).toMatchObject({ output: 'full-scores', rateLimited: false, mitigations: { 'AML.M0002': 'absent', 'AML.M0004': 'absent' } });
    expect(code).toBe(EXIT.findings);
  });

  it('membership: the scores of a model trained hard on 40 noisy rows tell its members apart', async () => {
    const members = fraudData(40, 7, 3);
    const others = fraudData(40, 8, 3);
    const s = await start('tf-serving', trainFraudModel(members, 600));
    const file = await write('tf-overfit.yaml', { preset: 'tf-serving', url: s.url, model: 'fraud', features: 6, classes: 2, request: { input: 'record', columns: [...fraudColumns] } });
    const inputs = await write('tf-membership.json', { inputs: [...members.x, ...others.x].map((x) => Array.from(x)), labels: [...members.y, ...others.y], members: [...members.x.map(() => true), ...others.x.map(() => false)] });
    const { code, report } = await rampart('membership', '--target', file, '--inputs', inputs, '--params', await write('tf-membership-params.json', { constraints }));
    expect(report.scoreBased).toBeDefined();
    expect((report.scoreBased as { auc: number }).auc).toBeGreaterThan(0.6);
    expect(code).toBe(EXIT.findings);
  });

  it('evasion: adversarial inputs within the feature ranges, whole where the features are whole, and truly misclassified', async () => {
    const inputs = await evasionInputs('tf-evasion', 4);
    const { report } = await rampart('evasion', '--target', target, '--inputs', inputs, '--queries-per-input', '200', '--params', await write('tf-evasion-params.json', { constraints }));
    const found = (report.inputs as { success: boolean; original: number; adversarial: number[] }[]).filter((r) => r.success);
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const r of found) {
      r.adversarial.forEach((v, k) => {
        expect(v).toBeGreaterThanOrEqual(fraudMin[k] as number);
        expect(v).toBeLessThanOrEqual(fraudMax[k] as number);
      });
      for (const k of constraints.integer) expect(Number.isInteger(r.adversarial[k])).toBe(true);
      expect(predicted(r.adversarial)).not.toBe(r.original);
    }
  });
});

describe('custom nested API: {data: {features: {…}}} → {result: {label: "fraud", confidence}}, x-api-key', () => {
  let url: string;
  const file = (headers: Record<string, string>): Promise<string> =>
    write(`nested-${Object.keys(headers).length}.yaml`, {
      kind: 'http-json',
      url: `${url}/score`,
      headers,
      request: { input: 'record', columns: [...fraudColumns], template: { data: { features: '{{input}}' } } },
      response: { answers: 'result', classNames: [...fraudLabels] },
      features: 6,
      classes: 2,
    });
  beforeAll(async () => {
    url = (await start('nested', net)).url;
  });

  it('exposure: a binary label with its confidence to 4 decimals is rounded scores, not top-1', async () => {
    const { code, report } = await rampart('exposure', '--target', await file({ 'x-api-key': '${HELD_OUT_KEY}' }), '--budget', '100', '--params', await write('nested-exposure.json', { burst: 20, constraints }));
    expect(report).toMatchObject({ output: 'rounded-scores', decimals: 4, mitigations: { 'AML.M0002': 'absent', 'AML.M0004': 'absent' } });
    expect(code).toBe(EXIT.findings);
  });

  it('extraction learns from the confidences and agrees with the API on most held-out inputs', async () => {
    const inputs = await write('nested-extraction.json', { inputs: [...train.x.slice(0, 60), ...test.x.slice(0, 100)].map((x) => Array.from(x)) });
    const { report } = await rampart('extraction', '--target', await file({ 'x-api-key': '${HELD_OUT_KEY}' }), '--inputs', inputs, '--seeds', '60', '--params', await write('nested-extraction-params.json', { queries: 180, constraints }));
    expect(report).toMatchObject({ learnedFrom: 'scores', attackQueries: 180 });
    expect(report.fidelity).toBeGreaterThan(0.8);
  });

  it('without the key: one message naming the target and the 401, exit 2', async () => {
    const { code, report, err } = await rampart('exposure', '--target', await file({}), '--budget', '50', '--params', await write('nested-nokey.json', { burst: 5, constraints }));
    expect(code).toBe(EXIT.usage);
    expect(report.outcome).toBe('inconclusive');
    expect(err.trim().split('\n')[0]).toMatch(/^error: target "nested-0" \(POST http:\/\/127\.0\.0\.1:\d+\/score\), query #1: HTTP 401/);
  });
});

/** The defended API's target file: batches of named records, answered by string labels only. */
function defendedTarget(name: string, url: string): Promise<string> {
  return write(`${name}.yaml`, {
    kind: 'http-json',
    url: `${url}/v1/decide`,
    headers: { 'x-api-key': '${HELD_OUT_KEY}' },
    request: { input: 'record', columns: [...fraudColumns], template: { instances: '{{inputs}}' }, maxBatch: 16 },
    response: { labels: 'decisions', classNames: [...fraudLabels] },
    features: 6,
    classes: 2,
  });
}

/** The first n test rows the model classifies correctly (what evasion attacks), as an inputs file. */
function evasionInputs(name: string, n: number): Promise<string> {
  const idx = test.x.map((_, i) => i).filter((i) => predicted(test.x[i] as Float64Array) === test.y[i]).slice(0, n);
  return write(`${name}.json`, { inputs: idx.map((i) => Array.from(test.x[i] as Float64Array)), labels: idx.map((i) => test.y[i]) });
}

describe('defended: hard labels, 429 + Retry-After per key, 422 outside the feature ranges', () => {
  let target: string;
  let server: HeldOutServer;
  beforeAll(async () => {
    server = await start('defended', net, { perWindow: 15, burstLimit: 1e9, nearDistance: 0 });
    target = await defendedTarget('defended', server.url);
  });

  it('exposure probes inside the declared feature ranges and credits both defences', async () => {
    const { code, report } = await rampart('exposure', '--target', target, '--budget', '100', '--params', await write('defended-exposure.json', { burst: 30, constraints }));
    expect(report).toMatchObject({ output: 'labels-only', rateLimited: true, mitigations: { 'AML.M0002': 'effective', 'AML.M0004': 'effective' } });
    expect(code).toBe(EXIT.ok);
    expect(server.stats.refused[422]).toBeUndefined();
  });

  it('constraints that do not fit the features are one message, exit 2', async () => {
    const { code, stderr } = await runCli('attack', 'exposure', '--target', target, '--params', await write('defended-bad.json', { constraints: { min: [0, 1] } }));
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/constraints: a bound list has 2 values for 6 features/);
  });
});

describe('defended: a detector that answers at random after a burst of near-identical queries', () => {
  it('evasion claims no adversarial the API does not keep answering, and says the API contradicted itself', async () => {
    const s = await start('defended', net, { perWindow: 1e9, burstLimit: 4, nearDistance: 0.2 });
    const target = await defendedTarget('detector', s.url);
    const inputs = await evasionInputs('detector-evasion', 6);
    const { report } = await rampart('evasion', '--target', target, '--inputs', inputs, '--queries-per-input', '100', '--params', await write('detector-params.json', { constraints, concurrency: 1 }));
    const rows = report.inputs as { success: boolean; original: number; adversarial?: number[] }[];
    for (const r of rows.filter((row) => row.success)) expect(predicted(r.adversarial as number[])).not.toBe(r.original);
    expect((report.summary as { unconfirmed: number }).unconfirmed).toBeGreaterThan(0);
    expect(report.outcome).toBe('inconclusive');
    expect(report.message).toMatch(/the API answered \d+ adversarial inputs? differently when asked again \(random or noisy answers/);
  });
});
