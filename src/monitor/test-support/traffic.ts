import { runEvasion, EvasionParams } from '../../attacks/evasion.ts';
import { ExtractionParams, runExtraction } from '../../attacks/extraction.ts';
import { MembershipParams, runMembership } from '../../attacks/membership.ts';
import { loadDigits, stratifiedSplit, type Dataset } from '../../ml/dataset.ts';
import { predictProba, type Network } from '../../ml/network.ts';
import { createRng, type Rng } from '../../ml/rng.ts';
import { argmax, type Vector } from '../../ml/vector.ts';
import { trainVictim } from '../../ml/victims.ts';
import { guardTarget } from '../../targets/guarded-target.ts';
import { localModelTransport } from '../../targets/local-model.ts';
import { memoryQueryLog, type QueryLogEntry } from '../../targets/query-log.ts';

/**
 * Held-out-style traffic for the detectors' tests and benchmark: benign clients sending natural digits at
 * human rates over hours, and attackers whose queries come from Rampart's real attack code run against an
 * in-process victim (every query the attack made, in order, from its query log). Lines are KServe-style
 * payload logs (the `kserve` preset), one inference per line.
 */
export type Role = 'benign' | 'hop-skip-jump' | 'simba' | 'extraction' | 'slow-extraction' | 'membership' | 'flood';

export interface Client {
  id: string;
  role: Role;
  queries: number;
}

export interface Traffic {
  lines: string[];
  clients: Client[];
  /** The techniques a detector must name for each attacking role. */
  expected: Record<Exclude<Role, 'benign'>, string>;
}

export interface TrafficOptions {
  seed: number;
  benignClients: number;
  /** Queries per benign client (each draws between half and 1.5 times this). */
  benignQueries: number;
  /** Attackers of each kind. */
  attackers: Partial<Record<Exclude<Role, 'benign'>, number>>;
  /** Smaller attacks for tests. */
  scale?: 'test' | 'bench';
  victim?: Network;
  /** Give the extraction attackers a pool of natural inputs to choose from (the attack's `pool`), as a KnockoffNets-style attacker would have. */
  extractionPool?: boolean;
}

const HOUR = 3_600_000;
const START = Date.parse('2026-11-30T08:00:00Z');

export const EXPECTED: Traffic['expected'] = {
  'hop-skip-jump': 'AML.T0043.001',
  simba: 'AML.T0043.001',
  extraction: 'AML.T0024.002',
  'slow-extraction': 'AML.T0024.002',
  membership: 'AML.T0024.000',
  flood: 'AML.T0029',
};

interface Timed {
  time: number;
  client: string;
  x: Vector;
  scores: Float64Array | undefined;
  label: number;
}

export async function victimAndData(seed = 1): Promise<{ victim: Network; train: Dataset; test: Dataset }> {
  const { train, test } = stratifiedSplit(await loadDigits(), 0.3, seed);
  return { victim: trainVictim('logistic-regression', train, { epochs: 60, seed }), train, test };
}

export async function generateTraffic(options: TrafficOptions): Promise<Traffic> {
  const rng = createRng(options.seed);
  const { victim, train, test } = await victimAndData(1);
  const net = options.victim ?? victim;
  const pool = [...train.x, ...test.x];
  const events: Timed[] = [];
  const clients: Client[] = [];
  const answer = (x: Vector): { scores: Float64Array; label: number } => {
    const scores = predictProba(net, x);
    return { scores, label: argmax(scores) };
  };

  for (let c = 0; c < options.benignClients; c++) {
    const id = `key-${String(c).padStart(3, '0')}`;
    const n = Math.round(options.benignQueries * (0.5 + rng.next()));
    // Each benign client works a few hours of the day at its own pace, on natural digits, some of them re-sent.
    let t = START + rng.next() * 4 * HOUR;
    const pace = 5_000 + rng.next() * 60_000;
    for (let i = 0; i < n; i++) {
      t += -Math.log(1 - rng.next()) * pace;
      const x = i > 3 && rng.next() < 0.03 ? (events[events.length - 1 - rng.int(3)]?.x ?? pool[rng.int(pool.length)]) : pool[rng.int(pool.length)];
      const a = answer(x as Vector);
      events.push({ time: t, client: id, x: x as Vector, ...a });
    }
    clients.push({ id, role: 'benign', queries: n });
  }

  const small = options.scale !== 'bench';
  let k = 0;
  for (const [role, count] of Object.entries(options.attackers) as [Exclude<Role, 'benign'>, number][]) {
    for (let a = 0; a < count; a++) {
      const id = `attacker-${role}-${a}`;
      const seed = options.seed * 100 + k++;
      const queries = await attackQueries(role, net, train, test, pool, small, seed, rng, options.extractionPool === true);
      const begin = START + (0.5 + rng.next() * 3) * HOUR;
      // Attackers run as fast as the API answers (a query every 50–250 ms), the slow extraction one every 8–12 s.
      const gap = role === 'slow-extraction' ? 10_000 : role === 'flood' ? 20 : 50 + rng.next() * 200;
      let t = begin;
      for (const x of queries) {
        t += gap * (0.8 + 0.4 * rng.next());
        events.push({ time: t, client: id, x, ...answer(x) });
      }
      clients.push({ id, role, queries: queries.length });
    }
  }
  events.sort((p, q) => p.time - q.time);
  const lines = events.map((e) =>
    JSON.stringify({
      timestamp: new Date(e.time).toISOString(),
      client: e.client,
      request: { instances: [Array.from(e.x, (v) => Math.round(v * 1e4) / 1e4)] },
      response: { predictions: [Array.from(e.scores ?? [], (v) => Math.round(v * 1e4) / 1e4)] },
      latency_ms: 2,
    }),
  );
  return { lines, clients, expected: EXPECTED };
}

/** Every input a real attack sent, in order, read back from the target's query log. */
async function attackQueries(role: Exclude<Role, 'benign'>, net: Network, train: Dataset, test: Dataset, pool: Vector[], small: boolean, seed: number, rng: Rng, extractionPool = false): Promise<Vector[]> {
  if (role === 'flood') return Array.from({ length: small ? 600 : 3000 }, () => pool[rng.int(pool.length)] as Vector);
  const labelOnly = role === 'hop-skip-jump' || role === 'membership';
  const log = memoryQueryLog<QueryLogEntry>();
  const target = guardTarget(`victim-${role}`, localModelTransport(net, labelOnly ? 'labels' : 'scores'), { log, logInputs: true });
  const pick = (n: number, from: Dataset): { x: Vector[]; y: number[] } => {
    const idx = Array.from({ length: n }, () => rng.int(from.x.length));
    return { x: idx.map((i) => from.x[i] as Vector), y: idx.map((i) => from.y[i] as number) };
  };
  if (role === 'hop-skip-jump' || role === 'simba') {
    const { x, y } = pick(small ? 4 : 10, test);
    await runEvasion(target, x, y, EvasionParams.parse({ method: role, queriesPerInput: small ? 300 : 1000, concurrency: 2, seed }));
  } else if (role === 'extraction' || role === 'slow-extraction') {
    const seeds = pick(role === 'slow-extraction' ? 30 : 50, test).x;
    const natural = extractionPool ? pick(small ? 300 : 600, train).x : [];
    await runExtraction(target, seeds, [], ExtractionParams.parse({ queries: small ? 500 : role === 'slow-extraction' ? 3000 : 1500, rounds: 6, epochs: 40, seed }), {}, natural);
  } else {
    const members = pick(small ? 15 : 40, train);
    const others = pick(small ? 15 : 40, test);
    await runMembership(target, [...members.x, ...others.x], [...members.y, ...others.y], [...members.x.map(() => true), ...others.x.map(() => false)], MembershipParams.parse({ signal: 'labels', seed }));
  }
  return log.entries.filter((e) => e.outcome === 'ok').flatMap((e) => (e.x ?? []).map((row) => Float64Array.from(row)));
}
