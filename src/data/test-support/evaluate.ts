import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlagKind } from '../scan/flags.ts';
import { scanDataset } from '../scan/scan-dataset.ts';
import { poison, splitOf, type PoisonKind, type Poisoned, type SplitName } from './poison.ts';
import { writeCsv } from './write-formats.ts';

/** The kind of flag that answers each kind of poisoning. */
export const expectedFlag: Record<Exclude<PoisonKind, 'clean'>, FlagKind> = {
  'random-flips': 'label-issue',
  'targeted-flips': 'label-issue',
  'boundary-flips': 'label-issue',
  backdoor: 'backdoor',
  'eval-duplicates': 'leakage',
  outliers: 'outlier',
};

export interface Score {
  split: string;
  kind: PoisonKind;
  seed: number;
  rows: number;
  poisoned: number;
  flagged: number;
  precision: number;
  recall: number;
  /** Rows flagged for any reason, as a share of all rows (what the clean control bounds). */
  anyShare: number;
}

/** Generate one poisoned dataset (at `rate` of its rows, else the kind's default), write it (train.csv, test.csv) to a temporary folder, scan it, score it. */
export async function evaluate(splitName: SplitName, kind: PoisonKind, seed: number, rate?: number): Promise<Score & { data: Poisoned }> {
  const split = splitOf(splitName, seed);
  const data = poison(split, kind, seed, rate);
  const dir = mkdtempSync(join(tmpdir(), 'rampart-eval-'));
  try {
    const train = join(dir, 'train.csv');
    const test = join(dir, 'test.csv');
    writeCsv(train, data.train);
    writeCsv(test, split.test);
    const report = await scanDataset([train], { reference: [test] });
    const all = new Set(report.flagged.map((f) => f.row));
    const want = kind === 'clean' ? undefined : expectedFlag[kind];
    const rows = new Set(report.flagged.filter((f) => f.kind === want).map((f) => f.row));
    const hits = [...rows].filter((r) => data.poisoned.has(r)).length;
    return {
      split: splitName,
      kind,
      seed,
      rows: report.rows,
      poisoned: data.poisoned.size,
      flagged: rows.size,
      precision: rows.size === 0 ? (data.poisoned.size === 0 ? 1 : 0) : hits / rows.size,
      recall: data.poisoned.size === 0 ? 1 : hits / data.poisoned.size,
      anyShare: all.size / report.rows,
      data,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
