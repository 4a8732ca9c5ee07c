// `npm run bench cli`: the CLI as a user runs it, each command a fresh process of the built `dist/cli/bin.js`:
// start-up (--version, --help), the example review end to end, and generated organisations of 1,000 and 10,000
// assets reviewed into the embedded store and into PostgreSQL (when 127.0.0.1:5432 answers; a schema of its own,
// dropped after) and rendered in every report format, with each process's peak memory. `npm run bench cli 1k` skips
// the 10,000-asset run; RAMPART_BENCH_100K=1 adds 100,000 assets (about 3 million findings: an hour or more);
// `npm run bench cli example` stops after the example review; `npm run bench cli scale` skips start-up and the example.
// RAMPART_BENCH_ASSETS=1000,10000 chooses the sizes; RAMPART_BENCH_REPORTS=0 skips the per-format `report` runs;
// RAMPART_BENCH_STORES=PostgreSQL or PGlite runs one store only.
// Each large run prints wall time, CPU time (user + system, all threads) and peak RSS, and the load average around it.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOrganisation } from '../src/inventory/test-support/generate-organisation.ts';
import { REPORT_FORMAT_NAMES } from '../src/report/formats.ts';
import pg from 'pg';
import { postgresReachable, TEST_DATABASE_URL, withSearchPath } from '../src/store/test-support/backends.ts';
import { bin, cli, type Run, root } from './cli-process.ts';

/** A file's or folder's size in MB (du, so what it takes on disk). */
const pathMb = (path: string) => Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]) / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const s = (x: number) => (x >= 10 ? `${x.toFixed(1)} s` : x >= 1 ? `${x.toFixed(2)} s` : `${Math.round(x * 1000)} ms`);
const mb = (x: number) => (Number.isNaN(x) ? '?' : `${Math.round(x)} MB`);

export async function run(): Promise<void> {
  if (!existsSync(bin)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const load = () => (process.platform === 'linux' ? (execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ')[0] ?? '?') : '?');
  console.log(`load average at start: ${load()}\n`);

  const scaleOnly = process.argv.includes('scale');
  if (!scaleOnly) startUp();
  const work = await mkdtemp(join(tmpdir(), 'rampart-bench-cli-'));
  try {
    if (!scaleOnly) example(work);
    if (process.argv.includes('example')) return;

    const sizes = process.env.RAMPART_BENCH_ASSETS ? process.env.RAMPART_BENCH_ASSETS.split(',').map(Number) : process.argv.includes('1k') ? [1_000] : [1_000, 10_000, ...(process.env.RAMPART_BENCH_100K ? [100_000] : [])];
    // RAMPART_BENCH_STORES=PostgreSQL (or PGlite) runs one store only: at 100,000 assets each is a long run of its own.
    const only = process.env.RAMPART_BENCH_STORES?.split(',');
    const stores = ['PGlite', ...((await postgresReachable()) ? ['PostgreSQL'] : [])].filter((kind) => !only || only.includes(kind));
    console.log(`\n| store | assets | review + store + JSON/JSONL/MD/HTML: wall · CPU · peak | load | ${REPORT_FORMAT_NAMES.map((f) => `report ${f}`).join(' | ')} | peak of any report |`);
    console.log(`|---|---:|---:|---:|${REPORT_FORMAT_NAMES.map(() => '---:').join('|')}|---:|`);
    // RAMPART_BENCH_REPORTS=0 skips the per-format reports (each a full read of the store) for a quicker run.
    const formats: readonly string[] = process.env.RAMPART_BENCH_REPORTS === '0' ? [] : REPORT_FORMAT_NAMES;
    for (const size of sizes) {
      const dir = join(work, `org-${size}`);
      const { inventory, register } = generateOrganisation(size);
      await writeFile(join(work, `inventory-${size}.yaml`), inventory);
      await rm(dir, { recursive: true, force: true });
      execFileSync('mkdir', ['-p', dir]);
      await writeFile(join(dir, 'inventory.yaml'), inventory);
      await writeFile(join(dir, 'register.yaml'), register);
      for (const kind of stores) {
        const schema = `scale_bench_${process.pid}_${size}`;
        const store = kind === 'PGlite' ? join(work, `store-${size}`) : withSearchPath(TEST_DATABASE_URL, schema);
        if (kind === 'PostgreSQL') await admin(`create schema ${schema}`);
        try {
          const flags = ['--store', store];
          const before = load();
          // No --max-inventory: the generated inventory is ~310 bytes an asset (31 MB at 100,000), within the default
          // 64 MB limit, so the bench reviews it as a user would.
          // Each step is also printed as it ends (stderr), so a run stopped part-way still leaves its figures.
          const step = (what: string, args: string[]) => {
            const run = cli(args);
            console.error(`${kind} ${size} ${what}: ${s(run.seconds)} wall · ${s(run.cpuSeconds)} CPU · ${mb(run.peakMb)} peak (load ${load()} at end)`);
            return run;
          };
          const review = step('review', ['review', dir, ...flags, '--out', join(work, `out-${size}`), '--date', '2026-11-22']);
          // Each report is measured (size on disk) and deleted before the next: at 100,000 assets each is 1-2 GB, and
          // nine of them beside the review's own outputs filled the machine's disk.
          const reports = formats.map((format) => {
            const out = join(work, `out-${size}`, `report.${format}`);
            const run = step(`report ${format}`, ['report', ...flags, '--format', format, '--out', out]);
            console.error(`${kind} ${size} report ${format}: ${mb(pathMb(out))} on disk`);
            rmSync(out, { recursive: true, force: true });
            return run;
          });
          const each = REPORT_FORMAT_NAMES.map((format) => reports[formats.indexOf(format)]).map((r) => (r ? `${s(r.seconds)} · ${s(r.cpuSeconds)} · ${mb(r.peakMb)}` : '—'));
          console.log(`| ${kind} | ${size.toLocaleString('en')} | ${s(review.seconds)} · ${s(review.cpuSeconds)} · ${mb(review.peakMb)} | ${before}–${load()} | ${each.join(' | ')} | ${reports.length ? mb(Math.max(...reports.map((r) => r.peakMb))) : '—'} |`);
        } finally {
          if (kind === 'PostgreSQL') await admin(`drop schema if exists ${schema} cascade`);
          await rm(join(work, `out-${size}`), { recursive: true, force: true });
        }
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
    console.log(`\nload average at end: ${load()}`);
  }
}

/** `node -e 0`, `rampart --version` and `--help`: the medians of 7 runs each. */
function startUp(): void {
  console.log('| command | median (7 runs; the example 3) | peak memory |\n|---|---:|---:|');
  const bare = Array.from({ length: 7 }, () => {
    const start = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    return (performance.now() - start) / 1000;
  });
  console.log(`| \`node -e 0\` (Node's own start, for comparison) | ${s(median(bare))} | |`);
  for (const args of [['--version'], ['--help']]) {
    const runs = Array.from({ length: 7 }, () => cli(args));
    console.log(`| \`rampart ${args.join(' ')}\` | ${s(median(runs.map((r) => r.seconds)))} | ${mb(median(runs.map((r) => r.peakMb)))} |`);
  }
}

/** The example as a user runs it (reports written), three rounds: a new store, the same store again, no store. */
function example(work: string): void {
  const rounds = Array.from({ length: 3 }, (_, i) => {
    const store = join(work, `example-store-${i}`);
    const args = ['review', 'examples/acme-bank', '--out', join(work, 'example-out')];
    const created = cli([...args, '--store', store]);
    const size = pathMb(store);
    return { created, size, existing: cli([...args, '--store', store]), none: cli([...args, '--no-store']) };
  });
  const row = (what: string, runs: Run[]) => console.log(`| \`rampart review examples/acme-bank\` ${what} | ${s(median(runs.map((r) => r.seconds)))} | ${mb(median(runs.map((r) => r.peakMb)))} |`);
  row('(new store)', rounds.map((r) => r.created));
  row('(existing store)', rounds.map((r) => r.existing));
  row('--no-store', rounds.map((r) => r.none));
  console.log(`\nembedded store after one example review: ${rounds.map((r) => r.size.toFixed(1)).join(', ')} MB`);
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
