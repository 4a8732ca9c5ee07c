// `npm run bench manifest`: throughput and peak memory of `rampart data manifest` on a generated CSV
// (64 numeric columns, a categorical column and a label; 200,000 rows, ~85 MB; RAMPART_BENCH_ROWS for more) written to os.tmpdir() and removed
// afterwards. Each run is a fresh process (cold JIT, and a peak RSS that belongs to the manifest alone): the file
// read once — SHA-256 of the bytes, CSV parse, row hashes, chunk SHA-256s, the profile. A second figure builds the
// manifest against the first one (`--previous`: the hashes at the previous row count, and the comparison).
// Figures are the median of RUNS runs; the load average is printed with them.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest } from '../src/data/provenance/build-manifest.ts';
import { compareManifests } from '../src/data/provenance/compare.ts';
import type { FileManifest } from '../src/data/provenance/manifest.ts';

const MB = 1024 * 1024;
const ROWS = Number(process.env.RAMPART_BENCH_ROWS ?? 200_000);
const COLUMNS = 64;
const RUNS = 3;
const root = join(import.meta.dirname, '..');

interface Measured {
  seconds: number;
  rows: number;
  chunks: number;
  peakRssMb: number;
  manifestKb: number;
  status?: string;
}

/** A deterministic CSV: 64 numeric features (an LCG), a colour and a label. */
function generate(path: string, rows: number): void {
  const fd = openSync(path, 'w');
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  writeSync(fd, `${Array.from({ length: COLUMNS }, (_, i) => `f${i}`).join(',')},colour,label\n`);
  let buffer: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: COLUMNS }, () => (next() * 100).toFixed(3));
    buffer.push(`${cells.join(',')},${['red', 'green', 'blue'][r % 3]},${r % 2}`);
    if (buffer.length === 10_000) {
      writeSync(fd, `${buffer.join('\n')}\n`);
      buffer = [];
    }
  }
  if (buffer.length > 0) writeSync(fd, `${buffer.join('\n')}\n`);
  closeSync(fd);
}

async function child(path: string, previous?: string): Promise<void> {
  const t = performance.now();
  const before = previous ? (JSON.parse(previous) as FileManifest) : undefined;
  const built = await buildManifest(path, { path, appendOnly: true, label: 'label', ...(before ? { cutAt: before.rows } : {}) });
  const status = before ? compareManifests(before, built.manifest, built.cut).status : undefined;
  const out: Measured = {
    seconds: (performance.now() - t) / 1000,
    rows: built.manifest.rows ?? 0,
    chunks: built.manifest.chunks?.length ?? 0,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    manifestKb: JSON.stringify(built.manifest).length / 1024,
    ...(status ? { status } : {}),
  };
  console.log(JSON.stringify(out));
  if (!previous) console.error(JSON.stringify(built.manifest));
}

function measure(path: string, previous?: string): Measured & { manifest: string } {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', path, ...(previous ? ['--previous-file', previous] : [])];
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * MB, stdio: ['ignore', 'pipe', previous ? 'ignore' : 'pipe'] });
  return { ...(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Measured), manifest: '' };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-manifest-'));
  try {
    const file = join(dir, 'train.csv');
    generate(file, ROWS);
    const size = statSync(file).size / MB;
    console.log(`generated ${ROWS.toLocaleString('en-US')} rows × ${COLUMNS + 2} columns, ${size.toFixed(0)} MB; load average ${loadavg()[0]?.toFixed(2)}`);
    const firstManifest = join(dir, 'first.json');
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file], { cwd: root, stdio: ['ignore', 'ignore', openSync(firstManifest, 'w')], maxBuffer: 256 * MB });
    for (const [what, previous] of [
      ['manifest', undefined],
      ['manifest against the previous one, compared (--previous)', firstManifest],
    ] as const) {
      const runs = Array.from({ length: RUNS }, () => measure(file, previous));
      const seconds = median(runs.map((r) => r.seconds));
      const r = runs[0] as Measured;
      console.log(
        `${what}: ${seconds.toFixed(1)} s, ${(size / seconds).toFixed(1)} MB/s, ${Math.round(r.rows / seconds).toLocaleString('en-US')} rows/s; peak RSS ${median(runs.map((x) => x.peakRssMb)).toFixed(0)} MB; manifest ${r.manifestKb.toFixed(0)} kB (${r.chunks} chunks)${r.status ? `; status ${r.status}` : ''}`,
      );
    }
    console.log(`load average after: ${loadavg()[0]?.toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child' && process.argv[3]) {
  const at = process.argv.indexOf('--previous-file');
  const previous = at > 0 ? (await import('node:fs')).readFileSync(process.argv[at + 1] as string, 'utf8') : undefined;
  await child(process.argv[3], previous);
}
