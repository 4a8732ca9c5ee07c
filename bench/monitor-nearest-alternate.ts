// `npx tsx bench/monitor-nearest-alternate.ts BEFORE_TREE [AFTER_TREE]`: the exact nearest-neighbour search alone
// (`PointSet.nearest`, as monitor/extraction runs it: the client's same-class inputs, 8 projected directions), two
// trees' point sets fed the same queries alternately in one process — 200 clients (RAMPART_BENCH_CLIENTS) of 100
// natural digits each, queries round robin over the clients, 2,000 searches to each tree in turn for 100 turns — so
// that both see the same load. Prints CPU µs per search (the query's projection included) and checks that both
// trees give the same answers. The whole workload's comparison is `bench/monitor-alternate.ts`. Run it under `taskset -c N`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { victimAndData } from '../src/monitor/test-support/traffic.ts';
import { createRng } from '../src/ml/rng.ts';
import { Projection } from '../src/monitor/numeric/projection.ts';

interface Searchable {
  set(slot: number, x: Float64Array, label: string | undefined, px: Float64Array | undefined): void;
  nearest(x: Float64Array, projection: Projection | undefined, px: Float64Array | undefined, label?: string): { index: number; best: number };
}

const [before, after = resolve(import.meta.dirname, '..')] = process.argv.slice(2);
if (!before) {
  console.error('usage: npx tsx bench/monitor-nearest-alternate.ts BEFORE_TREE [AFTER_TREE]');
  process.exit(2);
}
const load = async (tree: string): Promise<new (capacity: number) => Searchable> =>
  (await import(pathToFileURL(resolve(tree, 'src/monitor/numeric/nearest.ts')).href)).PointSet;
const kinds = [await load(before), await load(after)];

const { test } = await victimAndData(1);
const rng = createRng(3);
// Inputs as the throughput workload logs them (4 decimals), labels as its answers give them (two classes at random).
const draw = (): { x: Float64Array; label: string } => ({ x: Float64Array.from(test.x[rng.int(test.x.length)] as Float64Array, (v) => Math.round(v * 1e4) / 1e4), label: rng.next() < 0.5 ? '0' : '1' });
const projection = Projection.fit(Array.from({ length: 200 }, () => draw().x)) as Projection;
const clients = Number(process.env.RAMPART_BENCH_CLIENTS ?? 200);
const stored = 100;
const sets = kinds.map((Kind) => Array.from({ length: clients }, () => new Kind(stored)));
for (let c = 0; c < clients; c++) {
  for (let k = 0; k < stored; k++) {
    const { x, label } = draw();
    const px = projection.project(x, new Float64Array(projection.k));
    for (const kind of sets) kind[c]?.set(k, x, label, px);
  }
}
const queries = Array.from({ length: 20_000 }, draw);
const px = new Float64Array(projection.k);
const cpu = [0, 0];
const step = 2_000;
const turns = 100;
for (let turn = 0; turn < turns; turn++) {
  for (const w of turn % 2 === 0 ? [0, 1] : [1, 0]) {
    const c0 = process.cpuUsage();
    for (let j = 0; j < step; j++) {
      const q = queries[(turn * step + j) % queries.length] as { x: Float64Array; label: string };
      projection.project(q.x, px);
      sets[w]?.[j % clients]?.nearest(q.x, projection, px, q.label);
    }
    const c = process.cpuUsage(c0);
    cpu[w] = (cpu[w] as number) + c.user + c.system;
  }
}
let differ = 0;
for (let j = 0; j < queries.length; j++) {
  const q = queries[j] as { x: Float64Array; label: string };
  projection.project(q.x, px);
  const [a, b] = sets.map((s) => s[j % clients]?.nearest(q.x, projection, px, q.label));
  if (a?.index !== b?.index || !Object.is(a?.best, b?.best)) differ++;
}
const [a, b] = cpu as [number, number];
const searches = step * turns;
console.log(`nearest, ${clients} clients × ${stored} inputs: before ${(a / searches).toFixed(3)} µs/search; after ${(b / searches).toFixed(3)} µs/search; after/before ${(b / a).toFixed(3)}; answers differing: ${differ} of ${queries.length}`);
