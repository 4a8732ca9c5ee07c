import { createHash } from 'node:crypto';
import type { TechniqueId } from '../src/atlas/ids.ts';
import type { Alert } from '../src/monitor/alerts.ts';
import type { InferenceEvent } from '../src/monitor/event.ts';
import { distance2, FeatureScale } from '../src/monitor/numeric/vector.ts';
import { shapiroWilk } from '../src/monitor/stats/shapiro-wilk.ts';

/**
 * The published detectors as their papers describe them, for the benchmark's side-by-side table: no bounds on
 * memory, no population baselines, no abstentions. Each returns alerts in the monitor's shape (client, the
 * technique its paper targets, the client's query count at the first alarm).
 */
export interface Baseline {
  name: string;
  observe(event: InferenceEvent): void;
  alerts(): Pick<Alert, 'client' | 'techniques' | 'atClientEvent'>[];
}

/** PRADA (Juuti et al. 2019): per client and predicted class, growing sets; alarm when W of all minimum distances < δ = 0.9, once > 100 distances. */
export function prada(delta = 0.9): Baseline {
  const clients = new Map<string, { sets: Map<string, Float64Array[]>; dists: Map<string, number[]>; all: number[]; n: number; alarm?: number }>();
  return {
    name: 'PRADA (δ 0.9)',
    observe(e) {
      if (!e.input || e.label === undefined) return;
      let s = clients.get(e.client);
      if (!s) clients.set(e.client, (s = { sets: new Map(), dists: new Map(), all: [], n: 0 }));
      s.n++;
      const set = s.sets.get(e.label) ?? [];
      s.sets.set(e.label, set);
      if (set.length === 0) return void set.push(e.input);
      let best = Infinity;
      for (const g of set) best = Math.min(best, distance2(e.input, g, best));
      const d = Math.sqrt(best);
      const ds = s.dists.get(e.label) ?? [];
      s.dists.set(e.label, ds);
      const mean = ds.reduce((a, b) => a + b, 0) / (ds.length || 1);
      const sd = Math.sqrt(ds.reduce((a, b) => a + (b - mean) ** 2, 0) / (ds.length || 1));
      ds.push(d);
      s.all.push(d);
      if (d > Math.max(mean - sd, 0)) set.push(e.input);
      // The paper's code tests once more than 100 distances exist; here every 10 queries, to keep the run short.
      if (s.alarm === undefined && s.all.length > 100 && s.n % 10 === 0 && shapiroWilk(s.all).w < delta) s.alarm = s.n;
    },
    alerts: () => [...clients].filter(([, s]) => s.alarm !== undefined).map(([client, s]) => ({ client, techniques: ['AML.T0024.002' as TechniqueId], atClientEvent: s.alarm as number })),
  };
}

/**
 * Blacklight (Li et al. 2022), account-oblivious: quantisation step 50/256 of the range, SHA-256 over every
 * window of w = 20 features, the top S = 50 hashes, a query matching any earlier query (of anyone) in
 * ≥ T = 25 hashes is an attack query; its sender is flagged at its first one.
 */
export function blacklight(window = 20, top = 50, threshold = 25): Baseline {
  const scale = new FeatureScale(200);
  const index = new Map<string, number[]>();
  const owners: string[] = [];
  const counts = new Map<string, number>();
  const flagged = new Map<string, number>();
  return {
    name: 'Blacklight (w 20, S 50, T 25)',
    observe(e) {
      if (!e.input) return;
      scale.observe(e.input);
      counts.set(e.client, (counts.get(e.client) ?? 0) + 1);
      if (!scale.ready) return;
      const q = Array.from(e.input, (v, i) => Math.floor(((v - scale.low(i)) / scale.width(i)) * (256 / 50)));
      const hashes = new Set<string>();
      for (let s = 0; s + window <= q.length; s++) hashes.add(createHash('sha256').update(q.slice(s, s + window).join(',')).digest('hex'));
      const fingerprint = [...hashes].sort().slice(0, top);
      const shared = new Map<number, number>();
      let best = 0;
      for (const h of fingerprint) for (const id of index.get(h) ?? []) best = Math.max(best, shared.set(id, (shared.get(id) ?? 0) + 1).get(id) as number);
      const id = owners.push(e.client) - 1;
      for (const h of fingerprint) {
        const list = index.get(h);
        if (list) list.push(id);
        else index.set(h, [id]);
      }
      if (best >= Math.min(threshold, Math.ceil(fingerprint.length / 2)) && !flagged.has(e.client)) flagged.set(e.client, counts.get(e.client) as number);
    },
    alerts: () => [...flagged].map(([client, at]) => ({ client, techniques: ['AML.T0043.001' as TechniqueId], atClientEvent: at })),
  };
}
