import { randomUUID } from 'node:crypto';
import { predictProba, type Network } from '../../../ml/network.ts';
import { argmax } from '../../../ml/vector.ts';
import { sendJson, serveJson, type LabHttpServer } from './http-util.ts';

export interface KserveLabOptions {
  model: Network;
  port: number;
  /** The model's name in the URL: /v2/models/NAME/infer. */
  name: string;
  /** Token bucket: `burst` calls at once, refilled at `perSecond`; over it, 429 with Retry-After. */
  rateLimit: { perSecond: number; burst: number };
}

const SHAPE = [1, 8, 8];

/**
 * A KServe / Triton open inference protocol (v2) server for an image model: input `input`, FP32, shape
 * `[n, 1, 8, 8]` (one channel, 8×8 pixels) — a flat `[n, 64]` tensor is refused, as a real server refuses a
 * shape its model does not take. Output `probabilities` FP32 `[n, 10]`, rounded to 2 decimals but served as
 * float32, so JSON shows 0.9700000286102295 for 0.97 (the rounding is a real defence that a naive reading of
 * the digits misses), and `label` INT64 `[n]`. It is rate-limited.
 */
export function startKserveV2(options: KserveLabOptions): Promise<LabHttpServer> {
  const { model, name, rateLimit } = options;
  let tokens = rateLimit.burst;
  let last = performance.now();
  const metadata = {
    name,
    versions: ['1'],
    platform: 'rampart-lab',
    inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, ...SHAPE] }],
    outputs: [
      { name: 'probabilities', datatype: 'FP32', shape: [-1, 10] },
      { name: 'label', datatype: 'INT64', shape: [-1] },
    ],
  };
  return serveJson(options.port, (req, body, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && (path === '/v2/health/ready' || path === '/v2/health/live')) return sendJson(res, 200, { ready: true, live: true });
    if (req.method === 'GET' && path === '/v2') return sendJson(res, 200, { name: 'rampart-lab-kserve', version: '2', extensions: [] });
    if (req.method === 'GET' && (path === `/v2/models/${name}` || path === `/v2/models/${name}/versions/1`)) return sendJson(res, 200, metadata);
    if (req.method !== 'POST' || !(path === `/v2/models/${name}/infer` || path === `/v2/models/${name}/versions/1/infer`)) return sendJson(res, 404, { error: `no route: ${req.method} ${path}; the model is at POST /v2/models/${name}/infer` });
    const now = performance.now();
    tokens = Math.min(rateLimit.burst, tokens + ((now - last) / 1000) * rateLimit.perSecond);
    last = now;
    if (tokens < 1) return sendJson(res, 429, { error: 'rate limit exceeded' }, { 'retry-after': String(Math.max(1, Math.ceil(1 / rateLimit.perSecond))) });
    tokens -= 1;
    const parsed = readInput(body);
    if (typeof parsed === 'string') return sendJson(res, 400, { error: parsed });
    const probabilities: number[] = [];
    const labels: number[] = [];
    for (const row of parsed) {
      const p = predictProba(model, row);
      labels.push(argmax(p));
      for (const v of p) probabilities.push(Math.fround(Math.round(v * 100) / 100));
    }
    const id = (body as { id?: unknown }).id;
    sendJson(res, 200, {
      model_name: name,
      model_version: '1',
      id: typeof id === 'string' ? id : randomUUID(),
      outputs: [
        { name: 'probabilities', datatype: 'FP32', shape: [parsed.length, 10], data: probabilities },
        { name: 'label', datatype: 'INT64', shape: [parsed.length], data: labels },
      ],
    });
  });
}

/** The rows of the request's one input, or what is wrong with it (the message a client gets with its 400). */
function readInput(body: unknown): Float64Array[] | string {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs) || inputs.length !== 1) return 'expected {"inputs": [one tensor named "input"]}';
  const tensor = inputs[0] as { name?: unknown; shape?: unknown; datatype?: unknown; data?: unknown };
  if (tensor.name !== 'input') return `unexpected inference input '${String(tensor.name)}' for model; expected 'input'`;
  if (tensor.datatype !== 'FP32') return `input 'input' has datatype ${String(tensor.datatype)}; the model takes FP32`;
  const shape = tensor.shape;
  if (!Array.isArray(shape) || shape.length !== 4 || shape.slice(1).some((d, i) => d !== SHAPE[i]) || !Number.isInteger(shape[0]) || (shape[0] as number) < 1) {
    return `input 'input' has shape ${JSON.stringify(shape)}; the model takes [-1,1,8,8]`;
  }
  const data = Array.isArray(tensor.data) ? (tensor.data as unknown[]).flat(3) : [];
  const n = shape[0] as number;
  if (data.length !== n * 64 || !data.every((v) => typeof v === 'number' && Number.isFinite(v))) return `input 'input' has ${data.length} values (or non-numbers) for shape ${JSON.stringify(shape)}`;
  return Array.from({ length: n }, (_, i) => Float64Array.from((data as number[]).slice(i * 64, (i + 1) * 64)));
}
