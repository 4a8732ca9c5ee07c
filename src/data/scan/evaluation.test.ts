import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { networkToOnnx } from '../../ml/onnx/write-network.ts';
import { trainVictim } from '../../ml/victims.ts';
import { evaluate } from '../test-support/evaluate.ts';
import { digitsSplit, poison } from '../test-support/poison.ts';
import { writeCsv } from '../test-support/write-formats.ts';
import { modelBackdoorFlags } from './model-backdoor.ts';
import { scanDataset } from './scan-dataset.ts';

/**
 * The acceptance of issue 14 on datasets the detectors were not tuned on (seed 11; tuning used seeds 1
 * and 2): per kind of poisoning, precision and recall of the rows flagged for that kind stay above floors
 * set below what the held-out runs measured (src/data/README.md has the figures beside the scikit-learn
 * baseline), and the clean control flags under 1% of its rows for any reason.
 */
const floors = [
  { split: 'digits', kind: 'random-flips', precision: 0.85, recall: 0.7 },
  { split: 'digits', kind: 'targeted-flips', precision: 0.75, recall: 0.8 },
  { split: 'digits', kind: 'backdoor', precision: 0.95, recall: 0.95 },
  { split: 'digits', kind: 'eval-duplicates', precision: 0.9, recall: 0.85 },
  { split: 'digits', kind: 'outliers', precision: 0.9, recall: 0.9 },
  { split: 'tabular', kind: 'random-flips', precision: 0.9, recall: 0.85 },
  { split: 'tabular', kind: 'targeted-flips', precision: 0.9, recall: 0.8 },
  { split: 'tabular', kind: 'backdoor', precision: 0.95, recall: 0.95 },
  { split: 'tabular', kind: 'eval-duplicates', precision: 0.95, recall: 0.95 },
  { split: 'tabular', kind: 'outliers', precision: 0.9, recall: 0.9 },
] as const;

describe('held-out evaluation, per kind of poisoning', () => {
  it.each(floors)('$split $kind: precision ≥ $precision, recall ≥ $recall', async ({ split, kind, precision, recall }) => {
    const score = await evaluate(split, kind, 11);
    expect(score.poisoned).toBeGreaterThan(0);
    expect(score.precision).toBeGreaterThanOrEqual(precision);
    expect(score.recall).toBeGreaterThanOrEqual(recall);
  }, 120_000);

  it.each(['digits', 'tabular'] as const)('%s clean control: under 1%% of rows flagged for any reason', async (split) => {
    const score = await evaluate(split, 'clean', 11);
    expect(score.anyShare).toBeLessThan(0.01);
  }, 120_000);
});

describe('with a model: activation clustering on its hidden layer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-model-backdoor-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it.each([
    { kind: 'backdoor' as const, minRecall: 0.8 },
    { kind: 'clean' as const, minRecall: 1 },
  ])('$kind digits, MLP trained on them', async ({ kind, minRecall }) => {
    const data = poison(digitsSplit(12), kind, 12);
    const net = trainVictim('mlp', { x: data.train.features, y: data.train.labels.map(Number) }, { epochs: 40, hidden: 32 });
    const model = join(dir, `${kind}.onnx`);
    const file = join(dir, `${kind}.csv`);
    writeFileSync(model, networkToOnnx(net));
    writeCsv(file, data.train);
    const report = await scanDataset([file], { modelFlags: modelBackdoorFlags(model) });
    const rows = new Set(report.flagged.filter((f) => f.kind === 'backdoor' && f.reason.startsWith('activation cluster')).map((f) => f.row));
    const hits = [...rows].filter((r) => data.poisoned.has(r)).length;
    if (kind === 'clean') expect(rows.size).toBe(0);
    else {
      expect(hits / data.poisoned.size).toBeGreaterThanOrEqual(minRecall);
      expect(hits / rows.size).toBeGreaterThanOrEqual(0.9);
    }
  }, 180_000);
});
