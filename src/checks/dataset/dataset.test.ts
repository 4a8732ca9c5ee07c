import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitsSplit, poison, type PoisonKind } from '../../data/test-support/poison.ts';
import { writeCsv } from '../../data/test-support/write-formats.ts';
import { loadInventory } from '../../inventory/load.ts';
import type { Evidence } from '../contract.ts';
import { runInventoryChecks } from '../run-checks.ts';

/** `review --checks dataset` on an inventory whose data assets name poisoned and clean files. */
let dir: string;
let evidence: Evidence[];
const files: Partial<Record<PoisonKind, string>> = { backdoor: 'backdoor.csv', 'random-flips': 'flips.csv', outliers: 'outliers.csv', clean: 'clean.csv' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-dataset-checks-'));
  const split = digitsSplit(5);
  for (const [kind, file] of Object.entries(files)) writeCsv(join(dir, file), poison(split, kind as PoisonKind, 5).train);
  const assets = Object.entries(files)
    .map(([kind, file]) => `  - { id: ${kind}-set, name: ${kind}, element: data, kind: training-set, artifacts: [${file}, s3://bucket/elsewhere/] }`)
    .join('\n');
  await writeFile(join(dir, 'inventory.yaml'), `organisation: Test\nassets:\n${assets}\n`);
  evidence = await runInventoryChecks(await loadInventory(dir), { root: dir, only: ['dataset'], clock: () => new Date('2026-01-01T00:00:00Z') });
  // A bound that only turns a hang into a failure: the 16 check runs took 184 s at load 20 and over 240 s at load 30.
}, 900_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const outcome = (asset: string, check: string): string | undefined => evidence.find((e) => e.assets.includes(asset) && e.checkId === check)?.outcome;

describe('dataset checks in a review', () => {
  it.each([
    ['backdoor-set', 'dataset/backdoor-triggers', 'fail'],
    ['random-flips-set', 'dataset/label-issues', 'fail'],
    ['outliers-set', 'dataset/outliers', 'fail'],
    ['clean-set', 'dataset/backdoor-triggers', 'pass'],
    ['clean-set', 'dataset/label-issues', 'pass'],
    ['clean-set', 'dataset/outliers', 'pass'],
    ['clean-set', 'dataset/duplicates', 'pass'],
    ['backdoor-set', 'dataset/outliers', 'pass'],
  ])('%s: %s → %s', (asset, check, expected) => {
    expect(outcome(asset, check)).toBe(expected);
  });

  it('runs each check once per local file, on the data asset, with row pointers and its techniques', () => {
    expect(evidence).toHaveLength(4 * 4);
    const backdoor = evidence.find((e) => e.assets.includes('backdoor-set') && e.checkId === 'dataset/backdoor-triggers');
    expect(backdoor?.techniques).toEqual(['AML.T0020', 'AML.T0018.000']);
    expect(backdoor?.target).toBe('backdoor.csv');
    expect(backdoor?.pointers[0]).toMatchObject({ file: join(dir, 'backdoor.csv'), line: expect.any(Number), note: expect.stringMatching(/^row \d+: trigger pattern \[/) });
    expect(backdoor?.severity).toBe('high');
  });
});
