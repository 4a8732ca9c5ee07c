// `npm run bench store`: review generated organisations (src/inventory/test-support/generate-organisation.ts) and
// store them: write one review, read its diff outline and every finding back page by page, on PGlite and PostgreSQL, each
// case in its own process for its peak memory. Sizes: RAMPART_BENCH_ASSETS (default 1000,10000); add 100000 with
// RAMPART_BENCH_100K=1 (it takes many minutes and several GB).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { postgresReachable } from '../src/store/test-support/backends.ts';

const SIZES = (process.env.RAMPART_BENCH_ASSETS ?? `1000,10000${process.env.RAMPART_BENCH_100K ? ',100000' : ''}`).split(',').map(Number);
const CASE = fileURLToPath(new URL('./store-case.ts', import.meta.url));

export async function run(): Promise<void> {
  const backends = ['pglite', ...((await postgresReachable()) ? ['postgres'] : [])];
  if (backends.length === 1) console.log('PostgreSQL not reachable at 127.0.0.1:5432: PGlite only');
  console.log('| store | assets | findings | write | read outline (diff) | read every finding (pages) | store size | peak RSS: analysis → write → read |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const assets of SIZES) {
    for (const backend of backends) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', CASE, String(assets), backend], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'ignore'] });
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
      const name = backend === 'pglite' ? 'PGlite' : 'PostgreSQL';
      console.log(`| ${name} | ${assets.toLocaleString('en')} | ${n(r.findings)} | ${s(r.writeMs)} | ${s(r.outlineMs)} | ${s(r.readMs)} | ${mb(r.size)} | ${mb(r.peakAfterAnalysis)} → ${mb(r.peakAfterWrite)} → ${mb(r.peak)} |`);
    }
  }
}

const n = (v = 0) => v.toLocaleString('en');
const s = (ms = 0) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes = 0) => `${Math.round(bytes / 1e6).toLocaleString('en')} MB`;
