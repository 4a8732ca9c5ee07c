// The throughput workload of `npm run bench monitor` and bench/monitor-alternate.ts: KServe payload-log lines from
// 200 clients asking a digits model about natural 8×8 digits.
//
// - `distinct` (the figure the README gives): every input is new — a blend of two of the 1,797 digits, 60–90% of
//   one, on the data's own 1/16 grid. No detector may skip it as a repeat, as none can in a log of real traffic.
// - `resent`: the 539 test digits drawn again and again, as the bench sent them until 2026-12-06. By a client's 500th
//   query about 60% of its inputs are exact repeats of its recent ones, which evasion search passes over (a retry is
//   not a search): this workload flattered the figure, and is kept to compare with earlier sessions' numbers.
// - `images-28`: MNIST-size images (the digits drawn at 28×28, `test-support/victims/digits-28.ts`) logged as KServe v2
//   tensors, every input a new blend of two on a 1/255 grid: 784 features a line where the others have 64.
import { victimAndData } from '../src/monitor/test-support/traffic.ts';
import { digits28Victim } from '../src/monitor/test-support/victims/digits-28.ts';
import { createRng } from '../src/ml/rng.ts';

export type Workload = 'distinct' | 'resent' | 'images-28';
export const CLIENTS = 200;

export async function throughputLines(events: number, workload: Workload): Promise<string[]> {
  if (workload === 'images-28') return imageLines(events);
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

async function imageLines(events: number): Promise<string[]> {
  const { train, test } = await digits28Victim(1);
  const pool = [...train.x, ...test.x];
  const rng = createRng(3);
  const start = Date.parse('2026-11-30T00:00:00Z');
  const lines: string[] = [];
  for (let i = 0; i < events; i++) {
    const a = pool[rng.int(pool.length)] as Float64Array;
    const b = pool[rng.int(pool.length)] as Float64Array;
    const w = 0.6 + 0.3 * rng.next();
    const x = Array.from(a, (v, j) => Math.round((w * v + (1 - w) * (b[j] as number)) * 255) / 255);
    const p = rng.next();
    const request = { inputs: [{ name: 'input-0', shape: [1, 784], datatype: 'FP32', data: x }] };
    const response = { model_name: 'digits', outputs: [{ name: 'output-0', shape: [1, 2], datatype: 'FP32', data: [p, 1 - p] }] };
    lines.push(JSON.stringify({ timestamp: new Date(start + i * 50).toISOString(), client: `key-${rng.int(CLIENTS)}`, request, response, latency_ms: 3 }));
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
  if (value === undefined || value === 'distinct' || value === 'resent' || value === 'images-28') return value ?? 'distinct';
  console.error(`RAMPART_BENCH_WORKLOAD=${value}: use distinct, resent or images-28`);
  process.exit(2);
}
