// `npx tsx bench/monitor-alternate.ts BEFORE_TREE [AFTER_TREE]`: the throughput workload (200k KServe lines, 200
// clients, as `npm run bench monitor` makes them: bench/monitor-workload.ts, RAMPART_BENCH_WORKLOAD=distinct|resent)
// fed to two trees' numeric detectors in one process, 10,000 lines to each in turn (the first tree first on even turns, second on odd): both see the same load, so the ratio of their
// CPU times holds under a busy machine where two runs back to back do not. AFTER_TREE defaults to this tree;
// RAMPART_BENCH_DETECTORS=id,id limits the detectors. Run it under `taskset -c N`. The tree loaded second runs a few %
// faster whichever it is (0.955 one way, 1/1.085 the other, on 2026-12-06): run it both ways and take the geometric mean.
// RAMPART_BENCH_LINES=file feeds that file's lines instead (e.g. third-party credit traffic, for a tabular-only test).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { throughputLines, workloadOf } from './monitor-workload.ts';

interface Tree {
  Monitor: new (options: unknown) => { line(text: string, source: string, n: number): unknown };
  createDetectors(ids: string[]): unknown[];
  presetMapping(name: string): unknown;
}

const NUMERIC = ['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding'];
const [before, after = resolve(import.meta.dirname, '..')] = process.argv.slice(2);
if (!before) {
  console.error('usage: npx tsx bench/monitor-alternate.ts BEFORE_TREE [AFTER_TREE]');
  process.exit(2);
}

async function load(tree: string): Promise<Tree> {
  const at = (file: string): string => pathToFileURL(resolve(tree, 'src/monitor', file)).href;
  return { ...(await import(at('engine.ts'))), ...(await import(at('detectors.ts'))), ...(await import(at('mapping.ts'))) } as Tree;
}

const trees = [await load(before), await load(after)];
const file = process.env.RAMPART_BENCH_LINES;
const lines = file ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : await throughputLines(200_000, workloadOf(process.env.RAMPART_BENCH_WORKLOAD));
const events = lines.length;
const ids = process.env.RAMPART_BENCH_DETECTORS?.split(',') ?? NUMERIC;
const monitors = trees.map((t) => new t.Monitor({ mapping: t.presetMapping('kserve'), detectors: t.createDetectors(ids) }));
const cpu = [0, 0];
const step = 10_000;
for (let from = 0; from < events; from += step) {
  for (const w of (from / step) % 2 === 0 ? [0, 1] : [1, 0]) {
    const c0 = process.cpuUsage();
    for (let i = from; i < Math.min(from + step, events); i++) monitors[w]?.line(lines[i] as string, 'bench', i + 1);
    const c = process.cpuUsage(c0);
    cpu[w] = (cpu[w] as number) + c.user + c.system;
  }
}
const [a, b] = cpu as [number, number];
const row = (name: string, us: number): string => `${name} ${(us / 1e6).toFixed(2)} CPU s (${Math.round(events / (us / 1e6)).toLocaleString('en')} events/s, ${(us / events).toFixed(1)} µs/event)`;
console.log(`${ids.join(', ')}: ${row('before', a)}; ${row('after', b)}; after/before ${(b / a).toFixed(3)}`);
