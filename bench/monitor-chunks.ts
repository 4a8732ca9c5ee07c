// `npx tsx bench/monitor-chunks.ts FILE [detector,…]`: the monitor as the CLI is built (bench/built-monitor.ts) fed a
// log's lines (the throughput workload: bench/monitor-workload.ts) in chunks of 20,000, printing each chunk's CPU
// milliseconds: what the first events cost (compiling on the one core, every client's structures growing) against
// the steady state. Run it under `taskset -c N`.
import { readFileSync } from 'node:fs';
import { builtMonitor } from './built-monitor.ts';

const [file, detectors = 'monitor/extraction,monitor/evasion-search,monitor/membership-probing,monitor/flooding'] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/monitor-chunks.ts FILE [detector,…]');
  process.exit(2);
}
const built = await builtMonitor();
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const ids = detectors.split(',');
const monitor = new built.Monitor({ mapping: built.presetMapping('kserve'), detectors: built.createDetectors(ids) });
const chunk = 20_000;
const costs: string[] = [];
for (let from = 0; from < lines.length; from += chunk) {
  const start = process.cpuUsage();
  for (let i = from; i < Math.min(from + chunk, lines.length); i++) monitor.line(lines[i] as string, 'bench', i + 1);
  const used = process.cpuUsage(start);
  costs.push(((used.user + used.system) / 1000).toFixed(0));
}
console.log(`${ids.join(', ')}: CPU ms per ${chunk.toLocaleString('en')} lines: ${costs.join(' ')}`);
