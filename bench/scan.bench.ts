// `npm run bench scan`: throughput of the model scanner on generated inputs (written to os.tmpdir(),
// removed afterwards): dense pickles (each scanned cold, as the first scan of a fresh process, with its
// peak memory), a 1 GB PyTorch checkpoint whose tensors live outside the pickle, a folder of 1,000 small
// files and one of 200 × 1 MB dense pickles, each in this thread and with worker threads running the
// built package (`npm run build` is run first when dist/ is missing or older than src/scan).
// Every figure is the median of RUNS runs; the machine's load average is printed with them.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { builtScanner } from '../src/scan/pool.ts';
import { scanFile } from '../src/scan/scan-file.ts';
import type { ScanPathsOptions } from '../src/scan/scan-paths.ts';
import { dumps, le, py } from '../src/scan/test-support/pickle-writer.ts';
import { benignTorchZip, float32, npy, sklearnModel, stateDict } from '../src/scan/test-support/shapes.ts';
import type { FileReport } from '../src/scan/types.ts';

const MB = 1024 * 1024;
const RUNS = 3;
const root = join(import.meta.dirname, '..');

/**
 * A protocol-4 list of ints, floats and short distinct strings, in 64 KB frames, APPENDS batches of 1000,
 * every string memoized as CPython's pickler does (MEMOIZE), so the memo grows with the file:
 * 20 MB ≈ 1.1M memo entries, 80 MB ≈ 4.4M (more than the 4M entry cap).
 */
export function densePickle(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  writeSync(fd, Uint8Array.from([0x80, 4, 0x95, ...le(2, 8), 0x5d, 0x94]));
  let written = 12;
  let ops = 2;
  let n = 0;
  const frame = Buffer.alloc(70 * 1024);
  const pi = [0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18];
  while (written < bytes) {
    let p = 9;
    while (p < 64 * 1024 - 2000) {
      frame[p++] = 0x28;
      for (let k = 0; k < 1000; k++) {
        if (k % 3 === 0) {
          frame[p++] = 0x4b;
          frame[p++] = k & 0xff;
        } else if (k % 3 === 1) {
          frame[p++] = 0x47;
          frame.set(pi, p);
          p += 8;
        } else {
          frame[p++] = 0x8c;
          frame[p++] = 6;
          p += frame.write(`s${(n++ % 60466176).toString(36).padStart(5, '0')}`, p, 'latin1');
          frame[p++] = 0x94;
          ops++;
        }
      }
      frame[p++] = 0x65;
      ops += 1002;
    }
    frame[0] = 0x95;
    frame.set(le(p - 9, 8), 1);
    writeSync(fd, frame, 0, p);
    written += p;
    ops++;
  }
  writeSync(fd, Uint8Array.from([0x2e]));
  closeSync(fd);
  return ops;
}

/** A torch.save zip whose 1 GB of storages are stored members, streamed to disk. */
function bigCheckpoint(path: string, tensors: number, tensorBytes: number): void {
  const fd = openSync(path, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const member = (name: string, size: number, fill: (write: (b: Uint8Array) => void) => void, crc: number): void => {
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(size, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(n.length, 26);
    writeSync(fd, h);
    writeSync(fd, n);
    fill((b) => writeSync(fd, b));
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(size, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, n);
    offset += 30 + n.length + size;
  };
  const pickle = dumps(stateDict(Array.from({ length: tensors }, (_, k) => [`layers.${k}.weight`, [tensorBytes / 4]] as [string, number[]])), 2);
  member('archive/data.pkl', pickle.length, (w) => w(pickle), crc32(pickle) >>> 0);
  const chunk = new Uint8Array(16 * MB).fill(0x3f);
  let chunkCrc = 0;
  for (let k = 0; k < tensorBytes / chunk.length; k++) chunkCrc = crc32(chunk, chunkCrc);
  for (let t = 0; t < tensors; t++) {
    member(`archive/data/${t}`, tensorBytes, (w) => {
      for (let k = 0; k < tensorBytes / chunk.length; k++) w(chunk);
    }, chunkCrc >>> 0);
  }
  member('archive/version', 2, (w) => w(Buffer.from('3\n')), crc32(Buffer.from('3\n')) >>> 0);
  const cd = Buffer.concat(central);
  writeSync(fd, cd);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(tensors + 2, 8);
  end.writeUInt16LE(tensors + 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeSync(fd, end);
  closeSync(fd);
}

function smallFiles(dir: string, count: number): void {
  const kinds = [benignTorchZip(), dumps(sklearnModel(), 4), npy('<f4', [4], float32([1, 2, 3, 4])), dumps(py.dict({ lr: py.float(0.1), epochs: 3 }), 2)];
  for (let k = 0; k < count; k++) writeFileSync(join(dir, `model-${k}.bin`), kinds[k % kinds.length]!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function load(): string {
  return loadavg().map((x) => x.toFixed(2)).join(' ');
}

interface ColdScan {
  seconds: number;
  /** CPU time of the process during the scan (all threads): the wall time minus waiting for a core. */
  cpuSeconds: number;
  verdict: string;
  rules: string[];
  rssBeforeMb: number;
  peakRssMb: number;
  heapAfterMb: number;
}

/** One scan as the first in a fresh process: cold JIT, and a peak RSS that belongs to this scan alone. */
async function coldChild(path: string): Promise<void> {
  global.gc?.();
  const rssBeforeMb = process.memoryUsage().rss / MB;
  const c = process.cpuUsage();
  const t = performance.now();
  const r = await scanFile(path);
  const seconds = (performance.now() - t) / 1000;
  const u = process.cpuUsage(c);
  const out: ColdScan = {
    seconds, cpuSeconds: (u.user + u.system) / 1e6, verdict: r.verdict, rules: [...new Set(r.findings.map((f) => f.rule))], rssBeforeMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024, heapAfterMb: process.memoryUsage().heapUsed / MB,
  };
  console.log(JSON.stringify(out));
}

function coldScan(path: string): ColdScan {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--cold', path], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as ColdScan;
}

/** The scanner as `npm run build` ships it, so worker threads start plain JavaScript. */
async function builtScanPaths(): Promise<(paths: string[], options: ScanPathsOptions) => Promise<FileReport[]>> {
  const src = join(root, 'src', 'scan');
  if (!builtScanner(src)) {
    console.log('building the package (npm run build) for the worker-thread figures…');
    try {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    } catch {
      // tsc exits non-zero for type errors elsewhere in the tree but still emits; the check below decides.
    }
  }
  const entry = join(root, 'dist', 'scan', 'scan-paths.js');
  if (!existsSync(entry)) throw new Error('dist/scan/scan-paths.js is missing after npm run build');
  return ((await import(pathToFileURL(entry).href)) as { scanPaths: (paths: string[], options: ScanPathsOptions) => Promise<FileReport[]> }).scanPaths;
}

async function timeFolder(label: string, folder: string, count: number, scan: (paths: string[], options: ScanPathsOptions) => Promise<FileReport[]>): Promise<void> {
  const threads = Math.min(4, availableParallelism());
  for (const jobs of [0, threads]) {
    const times: number[] = [];
    const cpu: number[] = [];
    let clean = 0;
    for (let k = 0; k < RUNS; k++) {
      const c = process.cpuUsage();
      const t = performance.now();
      const reports = await scan([folder], { jobs });
      times.push((performance.now() - t) / 1000);
      const u = process.cpuUsage(c);
      cpu.push((u.user + u.system) / 1e6);
      clean = reports.filter((r) => r.verdict === 'clean').length;
    }
    const s = median(times);
    // CPU time of the whole process (all threads): CPU / wall is how many cores the scan actually got.
    const c = median(cpu);
    console.log(`${label}, ${jobs === 0 ? 'main thread' : `${jobs} worker threads`}: ${s.toFixed(2)} s = ${(count / s).toFixed(0)} files/s, CPU ${c.toFixed(2)} s = ${(c / s).toFixed(1)} cores (${clean}/${count} clean; runs ${times.map((x) => x.toFixed(2)).join(', ')}; load ${load()})`);
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
  try {
    console.log(`load average at start: ${load()}`);
    for (const size of [20, 80]) {
      const path = join(dir, `dense-${size}.pkl`);
      const ops = densePickle(path, size * MB);
      const runs = Array.from({ length: RUNS }, () => coldScan(path));
      const s = median(runs.map((r) => r.seconds));
      const cpu = median(runs.map((r) => r.cpuSeconds));
      const r = runs[0]!;
      const peak = median(runs.map((x) => x.peakRssMb - x.rssBeforeMb));
      console.log(`dense pickle ${size} MB, cold: ${(ops / 1e6).toFixed(1)}M opcodes in ${s.toFixed(2)} s = ${(size / s).toFixed(0)} MB/s, ${(ops / s / 1e6).toFixed(1)}M ops/s (runs ${runs.map((x) => (size / x.seconds).toFixed(0)).join(', ')} MB/s; CPU time ${cpu.toFixed(2)} s = ${(size / cpu).toFixed(0)} MB/s), verdict ${r.verdict}${r.rules.length ? ` (${r.rules.join(', ')})` : ''}, peak RSS +${peak.toFixed(0)} MB over ${r.rssBeforeMb.toFixed(0)} MB, heap after ${r.heapAfterMb.toFixed(0)} MB; load ${load()}`);
      rmSync(path);
    }

    const ckpt = join(dir, 'big.pt');
    bigCheckpoint(ckpt, 8, 128 * MB);
    const times: number[] = [];
    let verdict = '';
    for (let k = 0; k < RUNS; k++) {
      const t = performance.now();
      verdict = (await scanFile(ckpt)).verdict;
      times.push((performance.now() - t) / 1000);
    }
    const s1 = median(times);
    console.log(`PyTorch checkpoint 1 GB (8 × 128 MB stored tensors): ${s1.toFixed(3)} s = ${(1024 / s1).toFixed(0)} MB/s, verdict ${verdict}; load ${load()}`);
    rmSync(ckpt);

    const scan = await builtScanPaths();
    const many = join(dir, 'many');
    mkdirSync(many);
    smallFiles(many, 1000);
    await timeFolder('1,000 small files (built package)', many, 1000, scan);
    rmSync(many, { recursive: true, force: true });

    const big = join(dir, 'dense-1mb');
    mkdirSync(big);
    densePickle(join(big, 'model-0.pkl'), MB);
    const one = (await import('node:fs')).readFileSync(join(big, 'model-0.pkl'));
    for (let k = 1; k < 200; k++) writeFileSync(join(big, `model-${k}.pkl`), one);
    await timeFolder('200 × 1 MB dense pickles (built package)', big, 200, scan);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--cold' && process.argv[3]) await coldChild(process.argv[3]);
