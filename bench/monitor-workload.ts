// The throughput workload of `npm run bench monitor` and bench/monitor-alternate.ts: KServe payload-log lines from
// 200 clients asking a digits model about natural 8×8 digits.
//
// - `distinct` (the figure the README gives): every input is new — a blend of two of the 1,797 digits, 60–90% of
//   one, on the data's own 1/16 grid. No detector may skip it as a repeat, as none can in a log of real traffic.
// - `resent`: the 539 test digits drawn again and again, as the bench sent them until 2026-12-06. By a client's 500th
//   query about 60% of its inputs are exact repeats of its recent ones, which evasion search passes over (a retry is
//   not a search): this workload flattered the figure, and is kept to compare with earlier sessions' numbers.
import { victimAndData } from '../src/monitor/test-support/traffic.ts';
import { createRng } from '../src/ml/rng.ts';

export type Workload = 'distinct' | 'resent';
export const CLIENTS = 200;

export async function throughputLines(events: number, workload: Workload): Promise<string[]> {
  const { train, test } = await victimAndData(1);
  const pool = workload === 'distinct' ? [...train.x, ...test.x] : test.x;
  const rng = createRng(3);
  const start = Date.parse('2026-11-30T00:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < events; i++) {
    const x = input(pool, rng, workload);
    const p = rng.next();
    lines.push(JSON.stringify({ timestamp: new Date(start + i * 50).toISOString(), client: `key-${rng.int(CLIENTS)}`, request: { instances: [x] }, response: { predictions: [[p, 1 - p]] }, latency_ms: 3 }));
  }
  return lines;
}

function input(pool: readonly Float64Array[], rng: ReturnType<typeof createRng>, workload: Workload): number[] {
  const a = pool[rng.int(pool.length)] as Float64Array;
  if (workload === 'resent') return Array.from(a, (v) => Math.round(v * 1e4) / 1e4);
  const b = pool[rng.int(pool.length)] as Float64Array;
  const w = 0.6 + 0.3 * rng.next();
  return Array.from(a, (v, j) => Math.round((w * v + (1 - w) * (b[j] as number)) * 16) / 16);
}

export function workloadOf(value: string | undefined): Workload {
  if (value === undefined || value === 'distinct' || value === 'resent') return value ?? 'distinct';
  console.error(`RAMPART_BENCH_WORKLOAD=${value}: use distinct or resent`);
  process.exit(2);
}
