import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../../errors.ts';
import { loadDigits, stratifiedSplit, type Dataset } from '../../ml/dataset.ts';
import { predictProba } from '../../ml/network.ts';
import { createRng } from '../../ml/rng.ts';
import { trainVictim } from '../../ml/victims.ts';
import { fingerprintDataset } from '../../monitor/training-set/read-training-records.ts';
import type { Review } from '../../review/review.ts';
import { runReview } from '../../review/run-review.ts';

/**
 * Training records named by the inventory: a production log (KServe payloads) in which one client sends the
 * candidate records of membership inference — half of them training records, each once — among 30 clients of fresh
 * data. With the model's `trainedOn` training set (or a manifest on the log), the review finds AML.T0024.000
 * *detected*; without, not, and the evidence says what would make it detectable.
 */
let dir: string;
const review = (file: string): Promise<Review> => runReview({ inventory: join(dir, file), reviewDate: new Date('2025-03-01'), checks: { only: ['monitor'] }, clock: () => new Date('2025-03-01T12:00:00Z') });

function inventory(model: string, log: string): string {
  return `organisation: Digits Co
assets:
  - id: digits-api
    name: Digits classifier
    element: model
    kind: classifier
    exposure: public
    authentication: api-key
    endpoints: [https://digits.example/predict]
    attributes: { returnsScores: true }
    relations: { logsTo: [digits-logs]${model} }
  - id: digits-train
    name: Digits training split
    element: data
    kind: training-set
    artifacts: [{ path: datasets/train.csv, label: label }]
  - id: digits-logs
    name: KServe payload logs
    element: data
    kind: inference-logs
    logs:
      - { path: logs/payloads.jsonl, mapping: kserve${log} }
`;
}

function csv(data: Dataset): string {
  const header = [...data.x[0]!.keys()].map((j) => `p${j}`).join(',');
  return [`${header},label`, ...data.x.map((x, i) => `${Array.from(x).join(',')},${data.y[i]}`)].join('\n');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-trainref-'));
  const { train, test } = stratifiedSplit(await loadDigits(), 0.3, 1);
  const victim = trainVictim('logistic-regression', train, { epochs: 20 });
  await mkdir(join(dir, 'datasets'));
  await mkdir(join(dir, 'logs'));
  await writeFile(join(dir, 'datasets/train.csv'), csv(train));
  const { summary } = await fingerprintDataset(join(dir, 'datasets/train.csv'), { label: 'label' });
  await writeFile(join(dir, 'datasets/train-records.json'), JSON.stringify({ schema: 'rampart.data-manifests/v1', files: [{ path: 'train.csv', records: summary }] }));
  const rng = createRng(5);
  const lines: string[] = [];
  const send = (client: string, x: ArrayLike<number>, t: number): void => {
    const scores = Array.from(predictProba(victim, Float64Array.from(x)), (p) => Math.round(p * 1e4) / 1e4);
    lines.push(JSON.stringify({ time: new Date(Date.UTC(2025, 1, 20, 9) + t * 1000).toISOString(), client, request: { instances: [Array.from(x)] }, response: { predictions: [scores] } }));
  };
  // 30 clients of production traffic (the test split: fresh data), then the attacker's members and non-members.
  for (let i = 0; i < 600; i++) send(`key-${i % 30}`, test.x[Math.floor(rng.next() * test.x.length)]!, i * 7);
  for (let i = 0; i < 120; i++) send('key-mia', i % 2 === 0 ? train.x[i]! : test.x[i]!, 4200 + i);
  await writeFile(join(dir, 'logs/payloads.jsonl'), `${lines.join('\n')}\n`);
  await writeFile(join(dir, 'trained-on.yaml'), inventory(', trainedOn: [digits-train]', ''));
  await writeFile(join(dir, 'manifest.yaml'), inventory('', ', trainingData: { path: datasets/train-records.json }'));
  await writeFile(join(dir, 'no-training.yaml'), inventory('', ''));
  await writeFile(join(dir, 'missing.yaml'), inventory('', ', trainingData: { path: datasets/gone.csv, label: label }'));
  await writeFile(join(dir, 'wrong-label.yaml'), inventory('', ', trainingData: { path: datasets/train.csv, label: digit }'));
  await writeFile(join(dir, 'not-data.yaml'), inventory('', ', trainingData: digits-api'));
});

const evidenceOf = (r: Review) => r.evidence.find((e) => e.checkId === 'monitor/training-records');
const finding = (r: Review) => r.findings.find((f) => f.assetId === 'digits-api' && f.techniqueId === 'AML.T0024.000');

describe('training records named by the inventory', () => {
  it.each([
    { file: 'trained-on.yaml', from: 'datasets/train.csv (digits-train)' },
    { file: 'manifest.yaml', from: 'datasets/train-records.json' },
  ])('$file: the membership attacker is caught, AML.T0024.000 detected, the records named in the evidence', async ({ file, from }) => {
    const r = await review(file);
    const e = evidenceOf(r);
    expect(e?.outcome).toBe('pass');
    expect(e?.techniques).toEqual(['AML.T0024.000']);
    expect(e?.summary).toMatch(/key-mia/);
    expect(e?.summary).toContain(`training records: 1,2`);
    expect(e?.summary).toContain(`from ${from}`);
    expect(e?.details).toMatchObject({ logs: [{ trainingRecords: { from }, alerts: [{ client: 'key-mia', techniques: ['AML.T0024.000'] }] }] });
    expect(finding(r)?.coverage).toBe('detected');
    expect(finding(r)?.trail.some((s) => s.kind === 'check' && s.check === 'monitor/training-records')).toBe(true);
  });

  it('without training data: not detected, and the evidence says what would make it detectable', async () => {
    const r = await review('no-training.yaml');
    const e = evidenceOf(r);
    expect(e?.outcome).toBe('inconclusive');
    expect(e?.summary).toMatch(/relations\.trainedOn/);
    expect(e?.summary).toMatch(/trainingData/);
    expect(finding(r)?.coverage).not.toBe('detected');
  });

  it.each([
    { file: 'missing.yaml', message: /training data of logs\/payloads\.jsonl.*no such file/, at: 'digits-logs.logs[0].trainingData' },
    { file: 'wrong-label.yaml', message: /label column "digit"/, at: 'digits-logs.logs[0].trainingData' },
    { file: 'not-data.yaml', message: /names "digits-api", a model asset, not data/, at: 'assets[2].logs[0].trainingData' },
  ])('$file: one input error (exit 2) naming the inventory, the log and what to do', async ({ file, message, at }) => {
    const error = await review(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).kind).toBe('input');
    expect((error as RampartError).message).toMatch(message);
    expect((error as RampartError).where).toMatchObject({ file: expect.stringContaining(file), path: at });
    expect((error as RampartError).hint).toBeTruthy();
  });
});
