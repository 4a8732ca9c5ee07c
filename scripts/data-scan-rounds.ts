// `npx tsx scripts/data-scan-rounds.ts [seeds] [splits] [kinds]`: label issues with one round of confident learning
// (as before the second round existed) against the two rounds of src/data/scan/label-issues.ts, on the same
// out-of-fold code and the evaluation datasets of src/data/test-support/poison.ts. Prints precision, recall and
// false positives per case: the "one round against two" table of src/data/README.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nearestNeighbours } from '../src/ml/knn.ts';
import { scaledRows, scalingOf } from '../src/ml/matrix.ts';
import { confidentLearning } from '../src/data/scan/confident-learning.ts';
import { findLabelIssues } from '../src/data/scan/label-issues.ts';
import { loadTable } from '../src/data/scan/load-table.ts';
import { outOfFoldProbabilities } from '../src/data/scan/out-of-fold.ts';
import { poison, splitOf, type PoisonKind, type SplitName } from '../src/data/test-support/poison.ts';
import { writeCsv } from '../src/data/test-support/write-formats.ts';

const seeds = (process.argv[2] ?? '41,42').split(',').map(Number);
const splits = (process.argv[3] ?? 'digits,tabular,overlap').split(',') as SplitName[];
const kinds = (process.argv[4] ?? 'targeted-flips,clean').split(',') as PoisonKind[];
const dir = mkdtempSync(join(tmpdir(), 'rampart-rounds-'));
try {
  console.log('| data | seed | poisoning | poisoned | rows | one round P / R (false positives) | two rounds P / R (false positives) |\n| --- | ---: | --- | ---: | ---: | --- | --- |');
  for (const seed of seeds) {
    for (const split of splits) {
      for (const kind of kinds) {
        const data = poison(splitOf(split, seed), kind, seed);
        const file = join(dir, 'train.csv');
        writeCsv(file, data.train);
        const { x, y, classes } = await loadTable([file]);
        const k = classes.length;
        const scaling = scalingOf(x);
        const scaled = scaledRows(x, scaling, Int32Array.from({ length: x.rows }, (_, i) => i));
        const neighbours = nearestNeighbours(scaled, scaled, 10, true);
        const options = { folds: 5, seed: 1, visitsPerFold: 1_000_000 };
        const one = confidentLearning(outOfFoldProbabilities(x, y, k, scaling, neighbours, options), y, k).issues;
        const two = findLabelIssues(x, y, k, scaling, neighbours, options).issues;
        const score = (rows: number[]): string => {
          const hits = rows.filter((r) => data.poisoned.has(r)).length;
          const p = rows.length ? (hits / rows.length).toFixed(2) : '—';
          const r = data.poisoned.size ? (hits / data.poisoned.size).toFixed(2) : '—';
          return `${p} / ${r} (${rows.length - hits})`;
        };
        console.log(`| ${split} | ${seed} | ${kind} | ${data.poisoned.size} | ${x.rows} | ${score(one)} | ${score(two)} |`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
