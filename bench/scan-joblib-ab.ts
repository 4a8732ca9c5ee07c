// A/B of one scanner against another on a 4 MB joblib dump (CPU time per scan, this process):
//   npx tsx bench/scan-joblib-ab.ts [scanner checkout root, default: this one] [scans, default 15] [few|many|few-zlib]
// The dump is made by this checkout's writer, as joblib 1.x writes it: `few` is 8 float32 arrays of
// 131,072 pseudo-random values (4 MB, nearly all array data), `many` 10,000 arrays of 100 values (a
// forest's worth of wrappers: 4 MB of data and 2 MB of pickle around it), `few-zlib` the first
// compressed as `joblib.dump(compress=3)` writes it (one zlib stream). It is scanned by the scanner under the given root, so two checkouts can be
// alternated on the same bytes. One warm-up scan, then `scans` scans; prints the median and range of
// process.cpuUsage() per scan, the verdict and the load average.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { joblibDump } from '../src/scan/test-support/shapes.ts';
import type * as ScanFileModule from '../src/scan/scan-file.ts';

const root = process.argv[2] ?? join(import.meta.dirname, '..');
const scans = Number(process.argv[3] ?? 15);
const shape = process.argv[4] ?? 'few';

// xorshift32: weights that do not compress (an LCG's low bits repeat, and zlib found them).
let seed = 20261205;
const random = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32 - 0.5;
};
const [count, length] = shape === 'many' ? [10_000, 100] : [8, 131_072];
const arrays = Array.from({ length: count }, () => Array.from({ length }, random));
const dump = joblibDump(arrays, 'RandomForestRegressor');
const bytes = shape === 'few-zlib' ? new Uint8Array(deflateSync(dump, { level: 3 })) : dump;

// Scanned from disk (scanFile), as `rampart scan` reads it.
const dir = mkdtempSync(join(tmpdir(), 'rampart-joblib-ab-'));
const path = join(dir, 'model.joblib');
writeFileSync(path, bytes);
const { scanFile } = (await import(pathToFileURL(join(root, 'src/scan/scan-file.ts')).href)) as typeof ScanFileModule;
const cpuMs = async (): Promise<[number, string]> => {
  const before = process.cpuUsage();
  const r = await scanFile(path);
  const used = process.cpuUsage(before);
  return [(used.user + used.system) / 1000, r.verdict];
};
await cpuMs();
const times: number[] = [];
let verdict = '';
for (let k = 0; k < scans; k++) [times[k], verdict] = await cpuMs();
rmSync(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
const ms = (k: number): number => +(times[k] ?? NaN).toFixed(1);
console.log(JSON.stringify({
  root, shape, bytes: bytes.length, verdict, medianMs: ms(Math.floor(times.length / 2)), minMs: ms(0), maxMs: ms(times.length - 1), load: (loadavg()[0] ?? 0).toFixed(1),
}));
