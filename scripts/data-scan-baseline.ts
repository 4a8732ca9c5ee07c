// `npx tsx scripts/data-scan-baseline.ts [seeds] [splits]`: the comparison table of src/data/README.md.
// Generates the evaluation datasets (src/data/test-support/poison.ts: digits, well-separated and overlapping
// Gaussian mixtures; random flips at 5–30%, targeted and boundary flips, a trigger patch, wrong-label copies
// of test rows, outliers, a clean control) into a temporary folder, scans each with `rampart data scan`, runs
// scripts/data-scan-baseline.py (confident learning on scikit-learn models) on the same files with $PYTHON
// (default /usr/bin/python3 with Debian's python3-sklearn; never needed by the tests or CI), and prints
// precision, recall and CPU seconds of both, per case and averaged over the seeds.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDataset } from '../src/data/scan/scan-dataset.ts';
import { expectedFlag } from '../src/data/test-support/evaluate.ts';
import { poison, POISON_KINDS, splitOf, SPLIT_NAMES, type Poisoned, type PoisonKind, type SplitName } from '../src/data/test-support/poison.ts';
import { writeCsv } from '../src/data/test-support/write-formats.ts';

const seeds = (process.argv[2] ?? '31,32').split(',').map(Number);
const splits = (process.argv[3]?.split(',') ?? SPLIT_NAMES) as SplitName[];
const FLIP_RATES = [0.05, 0.1, 0.2, 0.3];
const variants = POISON_KINDS.flatMap((kind): { kind: PoisonKind; rate?: number }[] => (kind === 'random-flips' ? FLIP_RATES.map((rate) => ({ kind, rate })) : [{ kind }]));
const MODELS = ['lr', 'lr+knn'] as const;

interface Case { split: SplitName; variant: string; seed: number; data: Poisoned; rows: number; ours: Set<number>; any: Set<number>; cpu: number }
interface Result { precision: number; recall: number; flaggedShare: number; cpu: number }

const dir = mkdtempSync(join(tmpdir(), 'rampart-baseline-'));
const cases = new Map<string, Case>();
try {
  for (const seed of seeds) {
    for (const split of splits) {
      for (const { kind, rate } of variants) {
        const variant = rate === undefined ? kind : `${kind} ${rate * 100}%`;
        const name = `${split}-${variant.replace(/[ %]/g, '')}-${seed}`;
        const data = poison(splitOf(split, seed), kind, seed, rate);
        mkdirSync(join(dir, name));
        writeCsv(join(dir, name, 'train.csv'), data.train);
        writeCsv(join(dir, name, 'test.csv'), data.split.test);
        const before = process.cpuUsage();
        const report = await scanDataset([join(dir, name, 'train.csv')], { reference: [join(dir, name, 'test.csv')] });
        const used = process.cpuUsage(before);
        const want = kind === 'clean' ? undefined : expectedFlag[kind];
        const ours = new Set(report.flagged.filter((f) => f.kind === want).map((f) => f.row));
        cases.set(name, { split, variant, seed, data, rows: report.rows, ours, any: new Set(report.flagged.map((f) => f.row)), cpu: (used.user + used.system) / 1e6 });
        process.stderr.write(`${name} `);
      }
    }
  }
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  // One BLAS thread, as Rampart's scan is single-threaded: the CPU seconds compare like with like.
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const baseline = JSON.parse(execFileSync(python, [join(import.meta.dirname, 'data-scan-baseline.py'), dir], { encoding: 'utf8', maxBuffer: 1 << 26, env })) as Record<string, Record<string, { rows: number[]; cpu: number }>>;
  const score = (c: Case, flagged: Set<number>, cpu: number): Result => {
    const hits = [...flagged].filter((r) => c.data.poisoned.has(r)).length;
    return { precision: flagged.size === 0 ? NaN : hits / flagged.size, recall: c.data.poisoned.size === 0 ? NaN : hits / c.data.poisoned.size, flaggedShare: flagged.size / c.rows, cpu };
  };
  const rows = [...cases].map(([name, c]) => ({
    c,
    ours: score(c, c.data.kind === 'clean' ? c.any : c.ours, c.cpu),
    theirs: MODELS.map((m) => score(c, new Set(baseline[name]?.[m]?.rows ?? []), baseline[name]?.[m]?.cpu ?? NaN)),
  }));
  const cell = (r: Result, clean: boolean): string => (clean ? `${(r.flaggedShare * 100).toFixed(2)}% flagged` : `${fmt(r.precision)} / ${fmt(r.recall)}`);
  const header = `| data | poisoning | poisoned rows | Rampart P / R | CPU s | sklearn LR + CL P / R | CPU s | sklearn LR+10-NN + CL P / R | CPU s |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`;
  console.log(`Per case (seeds ${seeds.join(', ')}); load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n\n${header}`);
  for (const r of rows) {
    const clean = r.c.data.kind === 'clean';
    console.log(`| ${r.c.split} (seed ${r.c.seed}) | ${r.c.variant} | ${r.c.data.poisoned.size} | ${cell(r.ours, clean)} | ${r.ours.cpu.toFixed(1)} | ${r.theirs.map((t) => `${cell(t, clean)} | ${t.cpu.toFixed(1)}`).join(' | ')} |`);
  }
  console.log(`\nMean over seeds ${seeds.join(', ')}\n\n${header}`);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) groups.set(`${r.c.split}|${r.c.variant}`, [...(groups.get(`${r.c.split}|${r.c.variant}`) ?? []), r]);
  for (const group of groups.values()) {
    const first = group[0] as (typeof rows)[number];
    const clean = first.c.data.kind === 'clean';
    const mean = (pick: (r: (typeof rows)[number]) => Result): Result => ({
      precision: avg(group.map((r) => pick(r).precision)),
      recall: avg(group.map((r) => pick(r).recall)),
      flaggedShare: avg(group.map((r) => pick(r).flaggedShare)),
      cpu: avg(group.map((r) => pick(r).cpu)),
    });
    const theirs = MODELS.map((_, m) => mean((r) => r.theirs[m] as Result));
    console.log(`| ${first.c.split} | ${first.c.variant} | ${avg(group.map((r) => r.c.data.poisoned.size)).toFixed(0)} | ${cell(mean((r) => r.ours), clean)} | ${mean((r) => r.ours).cpu.toFixed(1)} | ${theirs.map((t) => `${cell(t, clean)} | ${t.cpu.toFixed(1)}`).join(' | ')} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function avg(values: number[]): number {
  const defined = values.filter((v) => !Number.isNaN(v));
  return defined.length === 0 ? NaN : defined.reduce((a, b) => a + b, 0) / defined.length;
}

function fmt(v: number): string {
  return Number.isNaN(v) ? '—' : v.toFixed(2);
}
