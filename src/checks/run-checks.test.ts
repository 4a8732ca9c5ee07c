import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RampartError } from '../errors.ts';
import { loadInventory } from '../inventory/load.ts';
import { runReview } from '../review/run-review.ts';
import { defineCheck, type Logger } from './contract.ts';
import { startServer, type LocalServer } from './inference-endpoint/exposure/test-support/servers.ts';
import { runInventoryChecks, type CheckRun } from './run-checks.ts';

let leaky: LocalServer;
let hardened: LocalServer;
beforeAll(async () => {
  [leaky, hardened] = await Promise.all([startServer('kserve'), startServer('hardened')]);
});
afterAll(async () => Promise.all([leaky.close(), hardened.close()]));

async function inventoryAt(endpoint: string, extra = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-checks-'));
  await writeFile(
    join(dir, 'inventory.yaml'),
    `organisation: Test Bank
assets:
  - id: fraud-model
    name: Fraud scoring
    element: model
    kind: classifier
    exposure: internal
    authentication: api-key
    endpoints:
      - { url: "${endpoint}", protocol: kserve-v2 }
${extra}`,
  );
  return dir;
}

const clock = (): Date => new Date('2025-03-01T12:00:00Z');

describe('rampart review --checks, end to end', () => {
  it.each([
    { name: 'a leaky KServe server', server: () => leaky, coverage: 'exploited', outcome: 'fail' },
    { name: 'a hardened server', server: () => hardened, coverage: 'prevented', outcome: 'pass' },
  ])('$name → AML.T0040 $coverage', async ({ server, coverage, outcome }) => {
    const dir = await inventoryAt(server().endpoint);
    const review = await runReview({ inventory: dir, checks: {}, clock });
    const access = review.findings.find((f) => f.assetId === 'fraud-model' && f.techniqueId === 'AML.T0040');
    expect(access?.coverage).toBe(coverage);
    // Every endpoint check ran; the exposure probe is the one this case is about.
    expect(review.evidence.map((e) => e.checkId).sort()).toEqual(['inference-endpoint/exposure', 'inference-endpoint/ml-services']);
    const probe = review.evidence.filter((e) => e.checkId === 'inference-endpoint/exposure');
    expect(probe.map((e) => [e.checkId, e.target, e.outcome])).toEqual([['inference-endpoint/exposure', server().endpoint, outcome]]);
    expect(probe[0]).toMatchObject({ assets: ['fraud-model'], startedAt: '2025-03-01T12:00:00.000Z', finishedAt: '2025-03-01T12:00:00.000Z' });
  });

  it('sends nothing without checks', async () => {
    const dir = await inventoryAt(leaky.endpoint);
    const before = leaky.seen.length;
    const review = await runReview({ inventory: join(dir, 'inventory.yaml'), clock });
    expect(review.evidence).toEqual([]);
    expect(leaky.seen.length).toBe(before);
  });
});

// Fake checks for the runner's own duties; the real one is tested above.
const fake = (id: string, targetKind: 'model-file' | 'inference-endpoint' | 'prediction-api', run: (target: unknown, signal: AbortSignal) => Promise<unknown>) =>
  defineCheck({
    id,
    title: id,
    summary: id,
    techniques: ['AML.T0040'],
    targetKind,
    impact: { sendsTraffic: false, intrusive: false, cost: 'free' },
    params: z.object({}),
    evidence: z.object({ seen: z.string() }),
    examples: [{ title: 'default', params: {} }],
    run: async (context) => ({ outcome: 'pass', severity: 'info', summary: 'ok', details: (await run(context.target, context.signal)) as { seen: string } }),
  });

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string): void => void lines.push(message);
  return { lines, debug: log, info: log, warn: log };
}

describe('runInventoryChecks', () => {
  it('turns throwing, hanging and malformed checks into error evidence, and keeps going', async () => {
    const dir = await inventoryAt(hardened.endpoint);
    const registry = [
      fake('test/throws', 'inference-endpoint', async () => {
        throw new Error('boom');
      }),
      fake('test/hangs', 'inference-endpoint', () => new Promise(() => undefined)),
      fake('test/malformed', 'inference-endpoint', async () => ({ seen: 42 })),
      fake('test/fine', 'inference-endpoint', async (t) => ({ seen: (t as { url: string }).url })),
    ];
    const evidence = await runInventoryChecks(await loadInventory(dir), { root: dir, registry, timeoutMs: 100, clock });
    expect(evidence.map((e) => [e.checkId, e.outcome])).toEqual([
      ['test/throws', 'error'],
      ['test/hangs', 'error'],
      ['test/malformed', 'error'],
      ['test/fine', 'pass'],
    ]);
    expect(evidence.map((e) => e.summary).join('\n')).toMatch(/boom[\s\S]*timed out[\s\S]*evidence schema/);
    expect(evidence[3]?.details).toEqual({ seen: hardened.endpoint });
    expect(evidence[3]?.techniques).toEqual(['AML.T0040']);
  });

  it('tells the review which checks ran, which could not and why, and which had nothing to run on', async () => {
    const dir = await inventoryAt(hardened.endpoint);
    const registry = [
      fake('test/throws', 'inference-endpoint', async () => {
        throw new Error('connection refused');
      }),
      fake('test/fine', 'inference-endpoint', async () => ({ seen: 'x' })),
      fake('test/files', 'model-file', async () => ({ seen: 'x' })),
      needy([]),
    ];
    const runs: CheckRun[] = [];
    await runInventoryChecks(await loadInventory(dir), { root: dir, registry, clock, record: (run) => void runs.push(run) });
    expect(runs.map((r) => [r.checkId, r.status])).toEqual([
      ['test/files', 'no-target'],
      ['test/throws', 'could-not-run'],
      ['test/fine', 'ran'],
      ['test/needy', 'could-not-run'],
    ]);
    const reasons = runs.map((r) => ('reason' in r ? r.reason : r.outcome)).join('\n');
    expect(reasons).toMatch(/no model-file in the inventory[\s\S]*error: .*connection refused[\s\S]*pass[\s\S]*missing parameters: it needs parameters \(data/);
  });

  const needy = (seen: unknown[]) =>
    defineCheck({
      ...fake('test/needy', 'inference-endpoint', async () => ({ seen: '' })),
      params: z.object({ data: z.object({ inputs: z.array(z.array(z.number())), labels: z.array(z.number()).optional() }), distance: z.number().default(1) }),
      evidence: z.object({ rows: z.number() }),
      examples: [{ title: 'one row', params: { data: { inputs: [[1]] } } }],
      run: async (_context, params) => {
        seen.push(params);
        return { outcome: 'pass', severity: 'info', summary: 'ok', details: { rows: params.data.inputs.length } };
      },
    });

  it('skips, with a note, a check whose required parameters the inventory does not give', async () => {
    const dir = await inventoryAt(hardened.endpoint);
    const log = recorder();
    const seen: unknown[] = [];
    expect(await runInventoryChecks(await loadInventory(dir), { root: dir, registry: [needy(seen)], logger: log })).toEqual([]);
    expect(seen).toEqual([]);
    expect(log.lines.join('\n')).toMatch(/skipped test\/needy on .*: it needs parameters \(data: .*give them under the endpoint's checks/);
  });

  it('runs a check with the parameters the inventory gives, reading a data file relative to the inventory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-params-'));
    await writeFile(join(dir, 'rows.csv'), 'a,b,label\n0.1,0.2,1\n0.3,0.4,0\n');
    await writeFile(
      join(dir, 'inventory.yaml'),
      `assets:\n  - id: m\n    name: M\n    element: model\n    kind: classifier\n    endpoints:\n      - url: "${hardened.endpoint}"\n        checks:\n          test/needy: { data: rows.csv, distance: 0.5 }\n`,
    );
    const seen: unknown[] = [];
    const [evidence] = await runInventoryChecks(await loadInventory(dir), { root: dir, registry: [needy(seen)] });
    expect(evidence?.outcome).toBe('pass');
    expect(seen).toEqual([{ data: { inputs: [[0.1, 0.2], [0.3, 0.4]], labels: [1, 0] }, distance: 0.5 }]);
  });

  it('treats parameters the check rejects as an input error in the inventory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-params-'));
    await writeFile(
      join(dir, 'inventory.yaml'),
      `assets:\n  - id: m\n    name: M\n    element: model\n    kind: classifier\n    endpoints:\n      - url: "${hardened.endpoint}"\n        checks:\n          test/needy: { data: { inputs: [[1]] }, distance: far }\n`,
    );
    const error = await runInventoryChecks(await loadInventory(dir), { root: dir, registry: [needy([])] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).describe()).toMatch(/inventory\.yaml:2: at m\.endpoints\.checks\["test\/needy"\]: parameters for test\/needy are invalid: distance/);
  });

  it('picks targets: local model files relative to the root, endpoints on allowed hosts, prediction APIs from target files', async () => {
    const dir = await inventoryAt(
      hardened.endpoint,
      `    artifacts: [models/fraud.onnx, s3://bucket/fraud.onnx, models/missing.onnx]
  - id: scorer
    name: Scorer
    element: model
    kind: classifier
    endpoints:
      - { url: "https://api.example.com/score", target: targets/score.yaml }
`,
    );
    await mkdir(join(dir, 'models'));
    await mkdir(join(dir, 'targets'));
    await writeFile(join(dir, 'models', 'fraud.onnx'), 'not really onnx');
    await writeFile(join(dir, 'targets', 'score.yaml'), `kind: http-json\nurl: ${hardened.origin}/predict\nresponse: { labelPath: label }\n`);
    const registry = [
      fake('test/file', 'model-file', async (t) => ({ seen: (t as { path: string }).path })),
      fake('test/endpoint', 'inference-endpoint', async (t) => ({ seen: (t as { url: string }).url })),
      fake('test/prediction', 'prediction-api', async (t) => ({ seen: (t as { kind: string }).kind })),
    ];
    const logger = recorder();
    const evidence = await runInventoryChecks(await loadInventory(dir), { root: dir, registry, allowHosts: ['127.0.0.1'], logger, clock });
    expect(evidence.map((e) => [e.checkId, e.assets[0], e.target, e.outcome, e.details])).toEqual([
      ['test/file', 'fraud-model', 'models/fraud.onnx', 'pass', { seen: join(dir, 'models', 'fraud.onnx') }],
      ['test/endpoint', 'fraud-model', hardened.endpoint, 'pass', { seen: hardened.endpoint }],
      ['test/prediction', 'scorer', 'targets/score.yaml', 'pass', { seen: 'prediction-api' }],
    ]);
    const log = logger.lines.join('\n');
    expect(log).toContain('skipped s3://bucket/fraud.onnx');
    expect(log).toContain('skipped models/missing.onnx: no such file');
    expect(log).toContain('skipped https://api.example.com/score: its host is not among the allowed hosts');
  });

  it('selects checks by id or family and refuses unknown names', async () => {
    const dir = await inventoryAt(hardened.endpoint);
    const inventory = await loadInventory(dir);
    const registry = [fake('a/one', 'inference-endpoint', async () => ({ seen: '1' })), fake('b/two', 'inference-endpoint', async () => ({ seen: '2' }))];
    expect((await runInventoryChecks(inventory, { root: dir, registry, only: ['b'] })).map((e) => e.checkId)).toEqual(['b/two']);
    expect((await runInventoryChecks(inventory, { root: dir, registry, only: ['a/one'] })).map((e) => e.checkId)).toEqual(['a/one']);
    await expect(runInventoryChecks(inventory, { root: dir, registry, only: ['c/three'] })).rejects.toThrow(RampartError);
  });

  it('stops when the review is aborted', async () => {
    const dir = await inventoryAt(hardened.endpoint);
    const controller = new AbortController();
    controller.abort();
    await expect(runInventoryChecks(await loadInventory(dir), { root: dir, signal: controller.signal })).rejects.toThrow();
  });
});
