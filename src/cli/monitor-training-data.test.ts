import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../ml/rng.ts';
import { runCli } from './test-support/run-cli.ts';

// A KServe payload log of 20 clients sending fresh rows, and `mia` sending 40 rows of the training file (and 40 fresh).
const rng = createRng(17);
const row = (): number[] => Array.from({ length: 8 }, () => Math.round(rng.next() * 1000) / 100);
const training = Array.from({ length: 200 }, row);
let dir: string;
let log: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-monitor-training-'));
  await writeFile(join(dir, 'train.csv'), `${[...Array.from({ length: 8 }, (_, j) => `f${j}`), 'label'].join(',')}\n${training.map((r, i) => [...r, i % 3].join(',')).join('\n')}\n`);
  const lines: object[] = [];
  for (let i = 0; i < 400; i++) lines.push({ client: `key-${i % 20}`, request: { instances: [row()] } });
  for (let i = 0; i < 80; i++) lines.push({ client: 'mia', request: { instances: [i % 2 === 0 ? training[i] : row()] } });
  log = join(dir, 'payloads.jsonl');
  await writeFile(log, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
});

describe('rampart monitor --training-data', () => {
  it('flags the client sending training records, from the data file or from a manifest written with --records', async () => {
    const direct = await runCli('monitor', log, '--mapping', 'kserve', '--training-data', join(dir, 'train.csv'), '--training-label', 'label', '--detectors', 'monitor/training-records', '--format', 'json');
    expect(direct.code, direct.stderr).toBe(1);
    const alerts = (JSON.parse(direct.stdout) as { alerts: { client: string; techniques: string[] }[] }).alerts;
    expect(alerts.map((a) => [a.client, a.techniques])).toEqual([['mia', ['AML.T0024.000']]]);

    const manifest = await runCli('data', 'manifest', join(dir, 'train.csv'), '--label', 'label', '--records', '--out', join(dir, 'm.json'));
    expect(manifest.code, manifest.stderr).toBe(0);
    expect(manifest.stdout).toMatch(/record fingerprints: 200 records of 8 features/);
    const viaManifest = await runCli('monitor', log, '--mapping', 'kserve', '--training-data', join(dir, 'm.json'), '--detectors', 'monitor/training-records');
    expect(viaManifest.code).toBe(1);
    expect(viaManifest.stdout).toMatch(/ALERT HIGH AML\.T0024\.000 client mia \[monitor\/training-records\]/);
  });

  it('without it, nothing; a label that is no column, or a manifest without fingerprints, is one message and exit 2', async () => {
    expect((await runCli('monitor', log, '--mapping', 'kserve', '--detectors', 'monitor/training-records')).code).toBe(0);
    const badLabel = await runCli('monitor', log, '--mapping', 'kserve', '--training-data', join(dir, 'train.csv'), '--training-label', 'y');
    expect([badLabel.code, badLabel.stderr]).toEqual([2, expect.stringMatching(/the label column "y" is not a column of the training data/)]);
    expect(badLabel.stderr).not.toMatch(/\n\s+at /);
    await runCli('data', 'manifest', join(dir, 'train.csv'), '--out', join(dir, 'plain.json'));
    const plain = await runCli('monitor', log, '--mapping', 'kserve', '--training-data', join(dir, 'plain.json'));
    expect([plain.code, plain.stderr]).toEqual([2, expect.stringMatching(/carries no record fingerprints/)]);
    expect((await runCli('monitor', log, '--training-label', 'label')).code).toBe(2);
  });
});
