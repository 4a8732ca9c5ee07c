// `npx tsx scripts/data-scan-baseline.ts [seeds]`: the comparison table of src/data/README.md. Generates the
// evaluation datasets (src/data/test-support/poison.ts) into a temporary folder, scans each with `rampart data
// scan`, runs scripts/data-scan-baseline.py (confident learning on scikit-learn LogisticRegression) on the same
// files with $PYTHON (a throw-away venv with numpy and scikit-learn; never needed by the tests or CI), and
// prints precision and recall of both per kind of poisoning.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDataset } from '../src/data/scan/scan-dataset.ts';
import { expectedFlag } from '../src/data/test-support/evaluate.ts';
import { digitsSplit, poison, POISON_KINDS, tabularSplit, type Poisoned } from '../src/data/test-support/poison.ts';
import { writeCsv } from '../src/data/test-support/write-formats.ts';

const seeds = (process.argv[2] ?? '11').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'rampart-baseline-'));
const cases = new Map<string, { data: Poisoned; ours: Set<number>; any: Set<number>; rows: number }>();
try {
  for (const seed of seeds) {
    for (const split of ['digits', 'tabular'] as const) {
      for (const kind of POISON_KINDS) {
        const name = `${split}-${kind}-${seed}`;
        const data = poison(split === 'digits' ? digitsSplit(seed) : tabularSplit(seed), kind, seed);
        mkdirSync(join(dir, name));
        writeCsv(join(dir, name, 'train.csv'), data.train);
        writeCsv(join(dir, name, 'test.csv'), data.split.test);
        const report = await scanDataset([join(dir, name, 'train.csv')], { reference: [join(dir, name, 'test.csv')] });
        const want = kind === 'clean' ? undefined : expectedFlag[kind];
        cases.set(name, { data, rows: report.rows, ours: new Set(report.flagged.filter((f) => f.kind === want).map((f) => f.row)), any: new Set(report.flagged.map((f) => f.row)) });
      }
    }
  }
  const python = process.env.PYTHON ?? 'python3';
  const baseline = JSON.parse(execFileSync(python, [join(import.meta.dirname, 'data-scan-baseline.py'), dir], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Record<string, number[]>;
  console.log('| data | poisoning | poisoned rows | Rampart precision | Rampart recall | sklearn LR + CL precision | sklearn LR + CL recall |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, c] of cases) {
    const theirs = new Set(baseline[name] ?? []);
    const pr = (flagged: Set<number>): string => {
      if (c.data.kind === 'clean') return `${flagged.size} flagged (${((flagged.size / c.rows) * 100).toFixed(2)}%) | —`;
      const hits = [...flagged].filter((r) => c.data.poisoned.has(r)).length;
      return `${flagged.size === 0 ? '—' : (hits / flagged.size).toFixed(3)} | ${(hits / c.data.poisoned.size).toFixed(3)}`;
    };
    console.log(`| ${c.data.split.name} (seed ${name.split('-').pop()}) | ${c.data.kind} | ${c.data.poisoned.size} | ${pr(c.data.kind === 'clean' ? c.any : c.ours)} | ${pr(theirs)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
