import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../cli/exit-codes.ts';
import { runCli } from '../../../cli/test-support/run-cli.ts';
import { startPredictionLab, type PredictionLab } from './lab.ts';

// The lab as a newcomer meets it: the example inventory and target files, copied next to the lab's generated
// files with the fixed ports swapped for the free ones this test got, and every attack run through the CLI.
const example = resolve(import.meta.dirname, '../../../../examples/prediction-lab');
let lab: PredictionLab;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-prediction-lab-'));
  // A rate limit that never refills here: the first 3 calls pass, the 4th is refused, whatever the machine's speed
  // (the review's exposure check probes once, then its burst meets the limit).
  lab = await startPredictionLab({ dir: join(dir, 'generated'), ports: { sklearn: 0, kserve: 0 }, kserveRateLimit: { perSecond: 0.001, burst: 3 } });
  const ported = (text: string): string => text.replaceAll('http://127.0.0.1:8790', lab.sklearnUrl).replaceAll('http://127.0.0.1:8791', lab.kserveUrl);
  await mkdir(join(dir, 'targets'));
  for (const file of ['sklearn-api.yaml', 'digits-onnx.yaml', 'kserve-v2.yaml']) await writeFile(join(dir, 'targets', file), ported(await readFile(join(example, 'targets', file), 'utf8')));
  await writeFile(join(dir, 'inventory.yaml'), ported(await readFile(join(example, 'inventory.yaml'), 'utf8')));
});
afterAll(async () => lab?.close());

interface Report {
  outcome: string;
  output?: string;
  rateLimited?: boolean;
  fidelity?: number;
  scoreBased?: { auc: number };
  summary?: { successRate: number; medianL2: number };
}

// `@name` stands for the lab's generated inputs file name.csv (the folder is known only once the lab runs).
const inputs = (name: string): string[] => ['--inputs', `@${name}`];
const cases = [
  // target, attack, extra arguments, exit code, what the evidence shows
  ['sklearn-api', 'exposure', [], EXIT.findings, (r: Report) => expect([r.output, r.rateLimited]).toEqual(['full-scores', false])],
  ['sklearn-api', 'evasion', [...inputs('evasion'), '--queries-per-input', '150'], EXIT.inconclusive, (r: Report) => expect(r.summary?.successRate).toBe(1)],
  ['sklearn-api', 'extraction', [...inputs('extraction'), '--csv-labels', 'none', '--seeds', '100', '--budget', '450'], EXIT.findings, (r: Report) => expect(r.fidelity).toBeGreaterThan(0.9)],
  ['sklearn-api', 'membership', inputs('membership'), EXIT.findings, (r: Report) => expect(r.scoreBased?.auc).toBeGreaterThan(0.6)],
  ['digits-onnx', 'exposure', [], EXIT.findings, (r: Report) => expect(r.output).toBe('full-scores')],
  ['digits-onnx', 'evasion', [...inputs('evasion'), '--queries-per-input', '150'], EXIT.inconclusive, (r: Report) => expect(r.summary?.successRate).toBe(1)],
  ['digits-onnx', 'membership', inputs('membership'), EXIT.findings, (r: Report) => expect(r.scoreBased?.auc).toBeGreaterThan(0.6)],
] as const;

describe('npm run lab:predict', () => {
  it.each(cases)('%s: rampart attack %s produces evidence', async (target, attack, args, code, shows) => {
    const resolved = args.map((a) => (a.startsWith('@') ? join(dir, 'generated', `${a.slice(1)}.csv`) : a));
    const result = await runCli('attack', attack, '--target', join(dir, 'targets', `${target}.yaml`), ...resolved, '--format', 'json');
    expect(result.code, result.stderr).toBe(code);
    shows(JSON.parse(result.stdout) as Report);
  });

  it('review --checks runs the prediction-API checks of the example inventory and records the evidence', async () => {
    const result = await runCli('review', dir, '--checks', 'prediction-api/exposure,prediction-api/membership-inference', '--no-store', '--no-write', '--format', 'json');
    const review = JSON.parse(result.stdout) as { evidence: { checkId: string; assets: string[]; outcome: string }[] };
    const seen = review.evidence.map((e) => `${e.assets.join()} ${e.checkId} ${e.outcome}`).sort();
    expect(seen).toEqual([
      // Pass within seconds only because the check opens its target in probe mode: with the target file's retries it
      // waited out each 429's Retry-After.
      'digits-kserve prediction-api/exposure pass',
      'digits-onnx prediction-api/exposure fail',
      'digits-onnx prediction-api/membership-inference fail',
      'digits-sklearn-api prediction-api/exposure fail',
      'digits-sklearn-api prediction-api/membership-inference fail',
    ]);
  });
});

describe('the lab\'s KServe v2 server through its six-line preset file', () => {
  // A lab of its own: its bucket of 6 calls never refills, so the probe call and 5 burst calls pass and the rest are
  // refused, whatever the machine's speed (the shared lab's bucket belongs to the test above).
  let own: PredictionLab;
  beforeAll(async () => {
    own = await startPredictionLab({ dir: join(dir, 'generated-kserve'), ports: { sklearn: 0, kserve: 0 }, kserveRateLimit: { perSecond: 0.001, burst: 6 } });
    const file = await readFile(join(example, 'targets', 'kserve-v2.yaml'), 'utf8');
    await writeFile(join(dir, 'targets', 'kserve-own.yaml'), file.replaceAll('http://127.0.0.1:8791', own.kserveUrl));
  });
  afterAll(async () => own?.close());

  it('exposure reads 2-decimal scores through float32 and the rate limit: both mitigations in place', async () => {
    const result = await runCli('attack', 'exposure', '--target', join(dir, 'targets', 'kserve-own.yaml'), '--inputs', join(dir, 'generated-kserve', 'evasion.csv'), '--format', 'json');
    const report = JSON.parse(result.stdout) as Report & { decimals?: number; precision?: string; mitigations?: Record<string, string> };
    expect([report.output, report.decimals, report.precision, report.rateLimited], result.stderr).toEqual(['rounded-scores', 2, 'float32', true]);
    expect(report.mitigations).toEqual({ 'AML.M0002': 'effective', 'AML.M0004': 'effective' });
  });
});

describe('the lab\'s KServe v2 server on the wire', () => {
  // A lab of its own, with the same never-refilling bucket of 3 calls, so the count below is exact.
  let fresh: PredictionLab;
  beforeAll(async () => {
    fresh = await startPredictionLab({ dir: join(dir, 'generated-wire'), ports: { sklearn: 0, kserve: 0 }, kserveRateLimit: { perSecond: 0.001, burst: 3 } });
  });
  afterAll(async () => fresh?.close());

  it('the KServe v2 server takes [n, 1, 8, 8] FP32 only, serves 2-decimal scores as float32, and rate-limits', async () => {
    const infer = (shape: number[]): Promise<Response> =>
      fetch(`${fresh.kserveUrl}/v2/models/digits/infer`, { method: 'POST', body: JSON.stringify({ inputs: [{ name: 'input', datatype: 'FP32', shape, data: new Array(128).fill(0.5) }] }) });
    const flat = await infer([2, 64]);
    expect(flat.status).toBe(400);
    expect(await flat.json()).toEqual({ error: "input 'input' has shape [2,64]; the model takes [-1,1,8,8]" });
    const ok = await infer([2, 1, 8, 8]);
    expect(ok.status).toBe(200);
    const text = await ok.text();
    const scores = (JSON.parse(text) as { outputs: { name: string; data: number[] }[] }).outputs.find((o) => o.name === 'probabilities')?.data ?? [];
    expect(scores).toHaveLength(20);
    for (const v of scores) expect(v).toBe(Math.fround(Math.round(v * 100) / 100));
    // Float32 on the wire: a naive reading of the JSON sees far more than 2 decimals.
    expect(text).toMatch(/\d\.\d{6,}/);
    // The bucket held 3 calls: the refused flat one counted too, so the third passes and the fourth is refused.
    expect((await infer([2, 1, 8, 8])).status).toBe(200);
    const refused = await infer([2, 1, 8, 8]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

});
