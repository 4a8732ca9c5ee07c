// `npx tsx bench/monitor-index-alternate.ts BEFORE_TREE [AFTER_TREE]`: monitor/evasion-search's hash index alone
// (`HashIndex.warm` and `tallyAndAdd`, as the detector's `matchAndRemember` calls them), two trees' indexes fed the same
// calls alternately in one process, 2,000 queries to each tree in turn. The calls are those the detector makes on the
// throughput workload (bench/monitor-workload.ts, RAMPART_BENCH_WORKLOAD): recorded once from AFTER_TREE's detector
// with the index's methods replaced by a recorder (the calls do not depend on the index's answers: the fingerprints,
// sequence numbers and the history do not); both trees' indexes are then loaded afresh and timed. Prints CPU µs per query
// and checks that both trees give the same counts. The whole detector's comparison is `bench/monitor-alternate.ts`.
// The tree loaded second runs a few % faster, as there: run it both ways. Run it under `taskset -c N`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { throughputLines, workloadOf } from './monitor-workload.ts';

interface Index {
  warm(hashes: Uint32Array): void;
  tallyAndAdd(hash: number, seq: number, live: number, leaving: number, common: number, counts: Int32Array, best: number): number;
}
interface IndexModule {
  HashIndex: { new (): Index; prototype: Index };
  tallySlots(history: number): number;
}

const [before, after = resolve(import.meta.dirname, '..')] = process.argv.slice(2);
if (!before) {
  console.error('usage: npx tsx bench/monitor-index-alternate.ts BEFORE_TREE [AFTER_TREE]');
  process.exit(2);
}
const at = (tree: string, file: string): string => pathToFileURL(resolve(tree, file)).href;
// `?timed`: the trees' indexes as modules of their own, apart from the one the recorder patched (a patched prototype ran
// 10-20% slower).
const load = async (tree: string, query = ''): Promise<IndexModule> => (await import(at(tree, 'src/checks/monitor/evasion-search/hash-index.ts') + query)) as IndexModule;

// Each call as (client, hash, seq, live, leaving, common); a query is a run of calls of one client and one seq.
const calls: number[] = [];
const recorder = await load(after);
const clients = new Map<Index, number>();
const proto = recorder.HashIndex.prototype;
const original = { warm: proto.warm, tallyAndAdd: proto.tallyAndAdd };
proto.warm = () => undefined;
proto.tallyAndAdd = function (this: Index, hash, seq, live, leaving, common, _counts, best) {
  if (!clients.has(this)) clients.set(this, clients.size);
  calls.push(clients.get(this) as number, hash, seq, live, leaving, common);
  return best;
};
const { Monitor } = (await import(at(after, 'src/monitor/engine.ts'))) as { Monitor: new (options: unknown) => { line(text: string, source: string, n: number): unknown } };
const { createDetectors } = (await import(at(after, 'src/monitor/detectors.ts'))) as { createDetectors(ids: string[]): unknown[] };
const { presetMapping } = (await import(at(after, 'src/monitor/mapping.ts'))) as { presetMapping(name: string): unknown };
{
  // In a block: the lines and the detector's state are garbage before the timed part (held, they made whichever tree
  // ran into the next major collection pay for it: 1.10 for a tree against itself).
  const lines = await throughputLines(200_000, workloadOf(process.env.RAMPART_BENCH_WORKLOAD));
  const monitor = new Monitor({ mapping: presetMapping('kserve'), detectors: createDetectors(['monitor/evasion-search']) });
  for (let i = 0; i < lines.length; i++) monitor.line(lines[i] as string, 'bench', i + 1);
}
Object.assign(proto, original);
clients.clear();

const trace = Int32Array.from(calls);
calls.length = 0;
const n = trace.length / 6;
const hashes = Uint32Array.from({ length: n }, (_, i) => trace[6 * i + 1] as number);
const starts: number[] = [];
for (let i = 0; i < n; i++) if (i === 0 || trace[6 * i] !== trace[6 * i - 6] || trace[6 * i + 2] !== trace[6 * i - 4]) starts.push(i);
starts.push(n);
const queries = starts.length - 1;

const trees = [await load(before, '?timed'), await load(after, '?timed')].map((m) => ({ m, indexes: new Map<number, Index>(), counts: new Int32Array(m.tallySlots(250)), check: 0, cpu: 0 }));
const step = 2_000;
for (let from = 0; from < queries; from += step) {
  for (const w of (from / step) % 2 === 0 ? [0, 1] : [1, 0]) {
    const t = trees[w] as (typeof trees)[number];
    const c0 = process.cpuUsage();
    for (let q = from; q < Math.min(queries, from + step); q++) {
      const s = starts[q] as number;
      const e = starts[q + 1] as number;
      const client = trace[6 * s] as number;
      let index = t.indexes.get(client);
      if (!index) t.indexes.set(client, (index = new t.m.HashIndex()));
      t.counts.fill(0);
      index.warm(hashes.subarray(s, e));
      let best = 0;
      for (let i = s; i < e; i++) best = index.tallyAndAdd(hashes[i] as number, trace[6 * i + 2] as number, trace[6 * i + 3] as number, trace[6 * i + 4] as number, trace[6 * i + 5] as number, t.counts, best);
      // Everything the detector reads back: the best count, and the counts (only where a query shares many hashes).
      t.check = (t.check * 31 + best) | 0;
      if (best >= 12) for (let j = 0; j < t.counts.length; j++) t.check = (t.check * 31 + (t.counts[j] as number)) | 0;
    }
    const c = process.cpuUsage(c0);
    t.cpu += c.user + c.system;
  }
}
const [a, b] = trees as [(typeof trees)[number], (typeof trees)[number]];
if (a.check !== b.check) {
  console.error('the two trees gave different counts');
  process.exit(1);
}
const row = (name: string, us: number): string => `${name} ${(us / 1e6).toFixed(2)} CPU s (${(us / queries).toFixed(2)} µs/query)`;
console.log(`hash index, ${queries.toLocaleString('en')} queries of ${trees[0]?.indexes.size} clients: ${row('before', a.cpu)}; ${row('after', b.cpu)}; after/before ${(b.cpu / a.cpu).toFixed(3)}`);
