import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { predictProba, type Network } from '../../ml/network.ts';
import { createRng } from '../../ml/rng.ts';
import type { Dataset } from '../../ml/dataset.ts';
import { createNetwork, train } from '../../ml/network.ts';
import { listenLocal } from './listen-local.ts';

/**
 * Three prediction servers in styles the lab does not have, for held-out tests of the attacks: a
 * TensorFlow-Serving-shaped API over named tabular features, a custom nested API with string labels, top-1
 * confidence and an API key, and a defended one (top-1 labels, per-key 429 + Retry-After, 422 on
 * out-of-range features, and random labels after a burst of near-identical queries).
 */

/** A card-fraud table: named features with their real ranges. */
export const fraudColumns = ['amount', 'age', 'hour', 'transactions_24h', 'distance_km', 'new_device'] as const;
export const fraudMin = [0, 18, 0, 0, 0, 0];
export const fraudMax = [5000, 90, 23, 50, 1000, 1];
export const fraudLabels = ['legit', 'fraud'] as const;

/** Rows in the features' own units; the label is a nonlinear rule with `noise` (more: labels a model can only memorise). */
export function fraudData(n: number, seed: number, noise = 0.4): Dataset {
  const rng = createRng(seed);
  const x: Float64Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = fraudMin.map((lo, k) => lo + rng.next() * ((fraudMax[k] as number) - lo));
    u[2] = Math.floor(u[2] as number);
    u[3] = Math.floor(u[3] as number);
    u[5] = rng.next() < 0.3 ? 1 : 0;
    const [amount, , hour, tx, dist, dev] = u as [number, number, number, number, number, number];
    const risk = amount / 2500 + dist / 600 + dev * 0.8 + (hour < 6 ? 0.6 : 0) + tx / 40 - 1.9;
    x.push(Float64Array.from(u));
    y.push(risk + (rng.next() - 0.5) * noise > 0 ? 1 : 0);
  }
  return { x, y };
}

export const scaled = (row: ArrayLike<number>): Float64Array => Float64Array.from(fraudMin, (lo, k) => ((row[k] as number) - lo) / ((fraudMax[k] as number) - lo));

/** The model behind every server: an MLP on features scaled to [0, 1] (the server scales, as a pipeline would). */
export function trainFraudModel(data: Dataset, epochs: number, seed = 1): Network {
  return train(createNetwork([fraudColumns.length, 32, 2], seed), data.x.map(scaled), data.y, { epochs, learningRate: 0.01, batchSize: 16, l2: 0, seed });
}

export type HeldOutStyle = 'tf-serving' | 'nested' | 'defended';

export interface HeldOutServer {
  url: string;
  /** Answered queries (inputs predicted), and what was refused, by status. */
  stats: { answered: number; refused: Record<number, number> };
  close(): Promise<void>;
}

export interface DefendedOptions {
  /** Calls a key may make per window before 429. */
  perWindow: number;
  /** Queries within `nearDistance` (scaled L2) of one another, in a row, before answers turn random. */
  burstLimit: number;
  nearDistance: number;
}

export const API_KEY = 'k-held-out-1';

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function fromRecord(rec: unknown): number[] | undefined {
  if (rec === null || typeof rec !== 'object') return undefined;
  const row = fraudColumns.map((c) => (rec as Record<string, unknown>)[c]);
  return row.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (row as number[]) : undefined;
}

export async function startHeldOutServer(style: HeldOutStyle, net: Network, defended: DefendedOptions = { perWindow: 1e9, burstLimit: 1e9, nearDistance: 0 }): Promise<HeldOutServer> {
  const stats: HeldOutServer['stats'] = { answered: 0, refused: {} };
  const refuse = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void => {
    stats.refused[status] = (stats.refused[status] ?? 0) + 1;
    send(res, status, value, headers);
  };
  const proba = (row: number[]): Float64Array => predictProba(net, scaled(row));
  let calls = 0;
  let near = 0;
  let last: Float64Array | undefined;
  const rng = createRng(99);

  const server = createServer((req, res) => {
    void (async () => {
      let payload: unknown;
      try {
        payload = await body(req);
      } catch {
        return refuse(res, 400, { error: 'body is not JSON' });
      }
      if (style === 'tf-serving') {
        if (req.url !== '/v1/models/fraud:predict') return refuse(res, 404, { error: `Servable not found for request: ${req.url}` });
        const instances = (payload as { instances?: unknown[] }).instances;
        if (!Array.isArray(instances)) return refuse(res, 400, { error: 'Missing "instances" key' });
        const rows = instances.map(fromRecord);
        if (rows.some((r) => r === undefined)) return refuse(res, 400, { error: `instances must be objects with ${fraudColumns.join(', ')}` });
        stats.answered += rows.length;
        // A sigmoid-style head: one probability (of fraud) per instance, as Keras binary classifiers serve.
        return send(res, 200, { predictions: rows.map((r) => [proba(r as number[])[1]]) });
      }
      if (style === 'nested') {
        if (req.headers['x-api-key'] !== API_KEY) return refuse(res, 401, { error: 'missing or wrong x-api-key' });
        const row = fromRecord((payload as { data?: { features?: unknown } }).data?.features);
        if (!row) return refuse(res, 400, { error: `data.features must hold ${fraudColumns.join(', ')}` });
        stats.answered += 1;
        const p = proba(row);
        const k = p[1] as number > (p[0] as number) ? 1 : 0;
        return send(res, 200, { request_id: `r${stats.answered}`, result: { label: fraudLabels[k], confidence: Math.round((p[k] as number) * 1e4) / 1e4 } });
      }
      // defended
      if (req.headers['x-api-key'] !== API_KEY) return refuse(res, 401, { error: 'missing or wrong x-api-key' });
      calls += 1;
      if (calls > defended.perWindow) {
        calls = 0;
        return refuse(res, 429, { error: 'rate limited' }, { 'retry-after': '0' });
      }
      // Batches answered in order, one call at a time per client: what the detector sees does not depend on timing.
      const rows = ((payload as { instances?: unknown }).instances as unknown[] | undefined)?.map(fromRecord);
      if (!rows || rows.length === 0 || rows.length > 16 || rows.some((r) => r === undefined)) return refuse(res, 400, { error: `instances: 1 to 16 objects with ${fraudColumns.join(', ')}` });
      for (const row of rows as number[][]) {
        const out = fraudColumns.findIndex((_, k) => (row[k] as number) < (fraudMin[k] as number) || (row[k] as number) > (fraudMax[k] as number));
        if (out >= 0) return refuse(res, 422, { error: `${fraudColumns[out]} out of range [${fraudMin[out]}, ${fraudMax[out]}]` });
      }
      const decisions = (rows as number[][]).map((row) => {
        const s = scaled(row);
        const d = last ? Math.hypot(...s.map((v, k) => v - (last as Float64Array)[k]!)) : Infinity;
        near = d < defended.nearDistance ? near + 1 : 0;
        last = s;
        const p = proba(row);
        return fraudLabels[near >= defended.burstLimit ? (rng.next() < 0.5 ? 1 : 0) : p[1]! > p[0]! ? 1 : 0];
      });
      stats.answered += rows.length;
      return send(res, 200, { decisions });
    })();
  });
  const { url, close } = await listenLocal(server);
  return { url, stats, close };
}
