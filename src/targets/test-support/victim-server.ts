import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { predictProba, type Network } from '../../ml/network.ts';
import { argmax } from '../../ml/vector.ts';
import { listenLocal } from './listen-local.ts';

/** What the API reveals: full scores, scores rounded to 2 decimals, the top 3 scores, or the label only. */
export type OutputFlavour = 'scores' | 'rounded' | 'top-k' | 'labels';

/** Ways a server can misbehave, for the tests of clear target errors. */
export type Fault = 'html' | 'nan' | 'wrong-shape' | 'error-500' | 'hang' | 'flaky';

export interface VictimServerOptions {
  flavour: OutputFlavour;
  /**
   * Server-side limit: more calls per second than this get 429 with Retry-After. With `msPerCall` the
   * server's clock advances that much per call instead of with real time, so which calls are refused
   * depends on their order alone, not on how fast a loaded machine sends them (for exact throttle tests).
   */
  rateLimit?: { perSecond: number; burst: number; msPerCall?: number };
  fault?: Fault;
  /** Requests must carry `authorization: Bearer <token>`. */
  token?: string;
}

export interface VictimServer {
  /** Base URL; http-json at `${url}/predict`, KServe v2 at `${url}/v2/models/victim/infer`. */
  url: string;
  /** Calls and inputs the server saw, and how many it refused with 429. */
  seen: { calls: number; inputs: number; throttled: number };
  close(): Promise<void>;
}

/** Serves a network of ours on 127.0.0.1 (a random port), speaking our JSON API and the KServe v2 protocol. */
export async function startVictimServer(net: Network, options: VictimServerOptions): Promise<VictimServer> {
  const seen = { calls: 0, inputs: 0, throttled: 0 };
  let tokens = options.rateLimit?.burst ?? 0;
  const perCall = options.rateLimit?.msPerCall;
  let virtual = 0;
  const clock = (): number => (perCall === undefined ? performance.now() : (virtual += perCall));
  let last = perCall === undefined ? performance.now() : 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    seen.calls++;
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { error: 'unauthorised' });
    if (options.rateLimit) {
      const now = clock();
      tokens = Math.min(options.rateLimit.burst, tokens + ((now - last) / 1000) * options.rateLimit.perSecond);
      last = now;
      if (tokens < 1) {
        seen.throttled++;
        res.setHeader('retry-after', String(Math.max(1, Math.ceil(1 / options.rateLimit.perSecond))));
        return send(res, 429, { error: 'too many requests' });
      }
      tokens -= 1;
    }
    const fault = options.fault;
    if (fault === 'hang') return; // never answers; the client must time out
    if (fault === 'error-500' || (fault === 'flaky' && seen.calls % 2 === 1)) return send(res, 500, { error: 'internal' });
    if (fault === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Service temporarily moved</body></html>');
      return;
    }
    const parsed = JSON.parse(body) as { inputs: unknown };
    const kserve = req.url?.startsWith('/v2/') ?? false;
    const inputs = kserve ? fromV2(parsed) : (parsed.inputs as number[][]);
    seen.inputs += inputs.length;
    const answers = inputs.map((x) => answer(net, Float64Array.from(x), options.flavour, fault));
    if (fault === 'wrong-shape') answers.pop();
    if (kserve) return send(res, 200, toV2(answers));
    send(res, 200, { predictions: answers });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 400, { error: String(error) }));
  });
  const { url, close } = await listenLocal(server);
  return { url, seen, close };
}

interface Answer {
  label: number;
  scores?: number[] | Record<string, number>;
}

function answer(net: Network, x: Float64Array, flavour: OutputFlavour, fault: Fault | undefined): Answer {
  const p = Array.from(predictProba(net, x));
  if (fault === 'nan') p[0] = Number.NaN;
  const label = argmax(p);
  switch (flavour) {
    case 'scores':
      return { label, scores: p };
    case 'rounded':
      return { label, scores: p.map((v) => Math.round(v * 100) / 100) };
    case 'top-k': {
      const top = p.map((v, k) => [k, v] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
      return { label, scores: Object.fromEntries(top.map(([k, v]) => [String(k), v])) };
    }
    case 'labels':
      return { label };
  }
}

function fromV2(body: { inputs: unknown }): number[][] {
  const [input] = body.inputs as { shape: number[]; data: number[] }[];
  if (!input) throw new Error('no inputs');
  const [n = 0, width = 0] = input.shape;
  return Array.from({ length: n }, (_, i) => input.data.slice(i * width, (i + 1) * width));
}

function toV2(answers: Answer[]): unknown {
  const outputs: unknown[] = [{ name: 'label', shape: [answers.length], datatype: 'INT64', data: answers.map((a) => a.label) }];
  const first = answers[0]?.scores;
  if (Array.isArray(first)) {
    outputs.push({ name: 'probabilities', shape: [answers.length, first.length], datatype: 'FP32', data: answers.flatMap((a) => a.scores as number[]) });
  }
  return { model_name: 'victim', outputs };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  // JSON.stringify turns NaN into null; the "nan" fault wants the literal a sloppy server would emit.
  const text = JSON.stringify(body, (_, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? '__NaN__' : v)).replaceAll('"__NaN__"', 'NaN');
  res.writeHead(status, { 'content-type': 'application/json' }).end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
