// `npx tsx bench/monitor-alerts.ts OUT.json [CACHE_DIR]`: every alert (evidence, measurements, counts) and the
// run's stats of the four numeric detectors on the benchmark's held-out traffic (seed 23), the evaluation test's
// (seed 11) and the throughput workload, each also with 7 clients at most (evictions); each workload is also fed as
// bytes, as `rampart monitor FILE` reads a file, and must give the same result. Run it on two trees and
// compare the files (`cmp`): a speed change must leave them byte for byte equal. Generated traffic is cached in
// CACHE_DIR (default: the system's temporary folder), as making it runs the real attacks for minutes (and both trees must see the same traffic).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDetectors } from '../src/monitor/detectors.ts';
import { Monitor } from '../src/monitor/engine.ts';
import { presetMapping } from '../src/monitor/mapping.ts';
import { generateTraffic, victimAndData } from '../src/monitor/test-support/traffic.ts';
import { createRng } from '../src/ml/rng.ts';
const NUMERIC = ['monitor/extraction', 'monitor/evasion-search', 'monitor/membership-probing', 'monitor/flooding'];
const out = process.argv[2];
if (!out) {
  console.error('usage: npx tsx bench/monitor-alerts.ts OUT.json [CACHE_DIR]');
  process.exit(2);
}
const cache = process.argv[3] ?? tmpdir();
const cases: Record<string, string[]> = {};
for (const [name, opts] of [
  ['bench23', { seed: 23, benignClients: 40, benignQueries: 200, attackers: { 'hop-skip-jump': 2, simba: 2, extraction: 2, 'slow-extraction': 1, membership: 2, flood: 1 }, scale: 'bench' }],
  ['test11', { seed: 11, benignClients: 40, benignQueries: 100, attackers: { 'hop-skip-jump': 1, simba: 1, extraction: 1, 'slow-extraction': 1, membership: 1, flood: 1 }, scale: 'test' }],
] as const) {
  const file = join(cache, `rampart-monitor-traffic-${name}.json`);
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(await generateTraffic(opts as never)));
  cases[name] = JSON.parse(readFileSync(file, 'utf8')).lines;
}
{
  const { test } = await victimAndData(1);
  const rng = createRng(3);
  const start = Date.parse('2026-11-30T00:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < 60000; i++) {
    const x = test.x[rng.int(test.x.length)] as Float64Array;
    const p = rng.next();
    lines.push(JSON.stringify({ timestamp: new Date(start + i * 50).toISOString(), client: `key-${rng.int(200)}`, request: { instances: [Array.from(x, (v) => Math.round(v * 1e4) / 1e4)] }, response: { predictions: [[p, 1 - p]] }, latency_ms: 3 }));
  }
  cases.throughput = lines;
}
const result: Record<string, unknown> = {};
for (const [name, lines] of Object.entries(cases)) {
  const m = new Monitor({ mapping: presetMapping('kserve'), detectors: createDetectors(NUMERIC) });
  lines.forEach((l, i) => m.line(l, 'traffic', i + 1));
  result[name] = m.result();
  // The same lines as `rampart monitor FILE` gives them, as bytes (lines.ts, Monitor.lineBytes): the same result, or no file.
  const bytes = new Monitor({ mapping: presetMapping('kserve'), detectors: createDetectors(NUMERIC) });
  lines.forEach((l, i) => {
    const b = Buffer.from(l + '\0');
    bytes.lineBytes(b, 0, b.length - 1, 'traffic', i + 1);
  });
  if (JSON.stringify(bytes.result()) !== JSON.stringify(result[name])) throw new Error(`${name}: the lines as bytes gave another result than as text`);
  // small caps: evictions
  const m2 = new Monitor({ mapping: presetMapping('kserve'), detectors: createDetectors(NUMERIC, Object.fromEntries(NUMERIC.map((id) => [id, { maxClients: 7 }]))) });
  lines.slice(0, 20000).forEach((l, i) => m2.line(l, 'traffic', i + 1));
  result[name + '-cap7'] = m2.result();
}
writeFileSync(out, JSON.stringify(result, null, 1));
console.log('wrote', out);
