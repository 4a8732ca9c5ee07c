import { predictProba, type Network } from '../../ml/network.ts';
import { argmax } from '../../ml/vector.ts';

/**
 * What real model servers take and answer, written from their documentation, not from our adapters: each
 * shape parses its own request strictly (a wrong shape, datatype or column is a 400 naming it) and answers in
 * its own format. Served by shape-server.ts for the preset and mapping tests.
 */
export type Flavour = 'full' | 'full32' | 'rounded' | 'rounded32' | 'top-k' | 'labels';

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: string;
}

export interface Reply {
  status: number;
  contentType: string;
  body: string;
}

export class BadRequest extends Error {}

export const digitNames = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
export const columns = Array.from({ length: 64 }, (_, i) => `pixel_${i}`);

/** One input's answer in the flavour served: probabilities (float64 or float32, rounded or not), a top-3 map, or none. */
export interface Scored {
  label: number;
  /** Full vector, or undefined for labels only / top-k. */
  probabilities: number[] | undefined;
  /** Top-3 as { class index: score }, when the flavour is top-k. */
  top: Record<string, number> | undefined;
}

export function score(net: Network, x: number[], flavour: Flavour): Scored {
  if (x.length !== 64 || x.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new BadRequest(`expected 64 numbers, got ${JSON.stringify(x).slice(0, 60)}`);
  const p = Array.from(predictProba(net, Float64Array.from(x)));
  const label = argmax(p);
  const f32 = (v: number): number => Math.fround(v);
  const r2 = (v: number): number => Math.round(v * 100) / 100;
  switch (flavour) {
    case 'full':
      return { label, probabilities: p, top: undefined };
    case 'full32':
      return { label, probabilities: p.map(f32), top: undefined };
    case 'rounded':
      return { label, probabilities: p.map(r2), top: undefined };
    case 'rounded32':
      // What numpy float32 rounded to 2 decimals looks like through Python's json: 0.9700000286102295.
      return { label, probabilities: p.map((v) => f32(r2(v))), top: undefined };
    case 'top-k': {
      const top = p.map((v, k) => [k, v] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
      return { label, probabilities: undefined, top: Object.fromEntries(top.map(([k, v]) => [String(k), v])) };
    }
    case 'labels':
      return { label, probabilities: undefined, top: undefined };
  }
}

export const json = (body: unknown, status = 200): Reply => ({ status, contentType: 'application/json', body: JSON.stringify(body) });
export const text = (body: string, contentType = 'text/plain'): Reply => ({ status: 200, contentType, body });

export function parseJson(req: Request): unknown {
  if (!/json/.test(req.contentType)) throw new BadRequest(`content-type must be application/json, got ${req.contentType || 'none'}`);
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw new BadRequest('body is not JSON');
  }
}

export function rows(value: unknown, what: string): number[][] {
  if (!Array.isArray(value) || !value.every((r) => Array.isArray(r))) throw new BadRequest(`${what} must be a list of rows`);
  return value as number[][];
}

/** A v2 tensor checked against the shape and datatype the model declares (-1: any batch). */
export function v2Input(body: unknown, name: string, shape: number[], datatype: string): number[][] {
  const inputs = (body as { inputs?: unknown }).inputs;
  if (!Array.isArray(inputs)) throw new BadRequest('no "inputs" list');
  const input = inputs.find((i: { name?: string }) => i?.name === name) as { shape?: number[]; datatype?: string; data?: unknown } | undefined;
  if (!input) throw new BadRequest(`unexpected inference input names: expected "${name}"`);
  if (input.datatype !== datatype) throw new BadRequest(`input "${name}": datatype ${input.datatype} but the model expects ${datatype}`);
  const got = input.shape ?? [];
  if (got.length !== shape.length || shape.some((d, i) => d !== -1 && d !== got[i])) throw new BadRequest(`input "${name}": shape ${JSON.stringify(got)} but the model expects ${JSON.stringify(shape)}`);
  const data = (Array.isArray(input.data) ? input.data.flat(Infinity) : []) as number[];
  const n = got[0] as number;
  const per = got.slice(1).reduce((a, b) => a * b, 1);
  if (data.length !== n * per) throw new BadRequest(`input "${name}": ${data.length} values for shape ${JSON.stringify(got)}`);
  return Array.from({ length: n }, (_, i) => data.slice(i * per, (i + 1) * per));
}
