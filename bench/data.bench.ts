// `npm run bench data`: `rampart data scan` on a generated 1,000,000-row, 64-column CSV (10 classes, written
// to os.tmpdir() and removed afterwards): rows per second and peak RSS of a full scan, and of reading alone,
// each in a fresh child process, with its CPU time (user + system), which holds under load where wall time does not.
// The machine's load average is printed with them.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/ml/rng.ts';

const ROWS = 1_000_000;
const COLS = 64;
const CLASSES = 10;

function generate(path: string): void {
  const rng = createRng(42);
  const means = Array.from({ length: CLASSES }, () => Float64Array.from({ length: COLS }, () => rng.normal()));
  const fd = openSync(path, 'w');
  writeSync(fd, `${Array.from({ length: COLS }, (_, i) => `f${i}`).join(',')},label\n`);
  let chunk = '';
  for (let r = 0; r < ROWS; r++) {
    const c = rng.int(CLASSES);
    const m = means[c] as Float64Array;
    const cells = new Array<string>(COLS);
    for (let f = 0; f < COLS; f++) cells[f] = ((m[f] as number) + rng.normal()).toFixed(3);
    // 1% of the labels flipped, so the scan has real work to report.
    chunk += `${cells.join(',')},${rng.next() < 0.01 ? rng.int(CLASSES) : c}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-data-'));
  try {
    const file = join(dir, 'big.csv');
    generate(file);
    const mb = statSync(file).size / 1e6;
    console.log(`file: ${ROWS.toLocaleString('en')} rows × ${COLS} features + label, ${mb.toFixed(0)} MB; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (const mode of ['read', 'scan'] as const) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'data-scan-child.ts'), mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { rows: number; flagged: number; seconds: number; cpuSeconds: number; maxRssMb: number };
      console.log(
        `${mode.padEnd(5)} CPU ${r.cpuSeconds.toFixed(1)} s (user + sys; process start included), ${Math.round(r.rows / r.cpuSeconds).toLocaleString('en')} rows per CPU second; ` +
          `wall ${r.seconds.toFixed(1)} s (${Math.round(r.rows / r.seconds).toLocaleString('en')} rows/s, ${(mb / r.seconds).toFixed(1)} MB/s); peak RSS ${r.maxRssMb.toFixed(0)} MB${mode === 'scan' ? `; ${r.flagged} rows flagged` : ''}`,
      );
    }
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
