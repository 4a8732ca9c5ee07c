import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDigits, stratifiedSplit } from '../../ml/dataset.ts';
import { createRng } from '../../ml/rng.ts';
import { fingerprintDataset, readTrainingRecords } from './read-training-records.ts';
import { TrainingRecords, trainingRecordsOf } from './training-records.ts';

const rng = createRng(3);
const round = (x: ArrayLike<number>, digits: number): Float64Array => Float64Array.from(x, (v) => Math.round(v * 10 ** digits) / 10 ** digits);

describe('training records', () => {
  it('knows the records re-encoded (float32, four or six decimals), not fresh data nor noisy copies', async () => {
    const { train, test } = stratifiedSplit(await loadDigits(), 0.3, 1);
    const records = trainingRecordsOf(train.x);
    const share = (xs: readonly ArrayLike<number>[]): number => xs.filter((x) => records.has(x)).length / xs.length;
    expect(share(train.x)).toBe(1);
    expect(share(train.x.map((x) => Float32Array.from(x)))).toBe(1);
    expect(share(train.x.map((x) => round(x, 4)))).toBe(1);
    expect(share(train.x.map((x) => round(x, 6)))).toBe(1);
    // The digits hold a few exact duplicates across the split; fresh data otherwise.
    expect(share(test.x)).toBeLessThan(0.02);
    expect(share(train.x.map((x) => Float64Array.from(x, (v) => v + 0.03 * rng.normal())))).toBe(0);
  });

  it('tries a feature near the edge of its cell on both sides: round-off never hides a copy', () => {
    // Coarse cells (half the range) and steps of 1% of a cell: without the probes ~15% of these copies change a cell.
    const rows = Array.from({ length: 1000 }, () => Float64Array.from({ length: 16 }, () => rng.next()));
    const records = trainingRecordsOf(rows, 0.5);
    const nudged = rows.map((x) => Float64Array.from(x, (v) => v + (rng.next() < 0.5 ? -0.005 : 0.005)));
    expect(nudged.filter((x) => records.has(x)).length).toBe(1000);
    const moved = rows.map((x) => Float64Array.from(x, (v, j) => (j < 4 ? v + 0.6 : v)));
    expect(moved.filter((x) => records.has(x)).length).toBe(0);
  });

  it('reads a dataset file (the label left out) and the fingerprints a manifest carries, with the same answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-records-'));
    const rows = Array.from({ length: 50 }, (_, i) => [rng.next(), rng.next() * 100, i % 3]);
    writeFileSync(join(dir, 'train.csv'), `a,b,label\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const { records, summary } = await fingerprintDataset(join(dir, 'train.csv'), { label: 'label' });
    expect(summary).toMatchObject({ columns: ['a', 'b'], label: 'label', rows: 50 });
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ schema: 'rampart.data-manifests/v1', files: [{ path: 'train.csv', records: summary }] }));
    const fromManifest = await readTrainingRecords(join(dir, 'm.json'));
    for (const r of rows) {
      const x = [r[0] as number, r[1] as number];
      expect([records.has(x), fromManifest.has(x)]).toEqual([true, true]);
      expect(fromManifest.has([x[0] as number, (x[1] as number) + 3])).toBe(false);
    }
    await expect(fingerprintDataset(join(dir, 'train.csv'), { label: 'y' })).rejects.toThrow(/label column "y" is not a column/);
    writeFileSync(join(dir, 'text.csv'), 'a,name\n1,x\n');
    await expect(fingerprintDataset(join(dir, 'text.csv'))).rejects.toThrow(/column "name" of the training data is not numeric/);
    await expect(readTrainingRecords(join(dir, 'text.csv').replace('text.csv', 'none.json'))).rejects.toThrow(/cannot read the training data/);
  });

  it('matches nothing of another dimension', () => {
    const records = new TrainingRecords({ steps: [0.1, 0.1], salt: 1 });
    records.add([0.5, 0.5]);
    expect([records.has([0.5, 0.5]), records.has([0.5]), records.has([0.5, 0.5, 0.5])]).toEqual([true, false, false]);
  });
});
