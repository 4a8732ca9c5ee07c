// Child process of bench/data.bench.ts: scans (or only reads) one file and prints its own time and peak RSS,
// so the figures are the scan's alone, not the generator's.
import { openDataset } from '../src/data/readers/open-dataset.ts';
import { scanDataset } from '../src/data/scan/scan-dataset.ts';

const [mode, file] = process.argv.slice(2) as ['read' | 'scan', string];
const start = performance.now();
let rows = 0;
let flagged = 0;
if (mode === 'read') {
  const reader = await openDataset(file);
  for await (const batch of reader.batches()) rows += batch.rows.length;
} else {
  const report = await scanDataset([file]);
  rows = report.rows;
  flagged = report.flagged.length;
}
const seconds = (performance.now() - start) / 1000;
// CPU time (user + system, this process only): the figure that holds on a loaded machine, where wall time does not.
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
console.log(JSON.stringify({ mode, rows, flagged, seconds, cpuSeconds, maxRssMb: usage.maxRSS / 1024 }));
