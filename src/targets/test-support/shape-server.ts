import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Network } from '../../ml/network.ts';
import { route, type Shape } from './shape-routes.ts';
import { BadRequest, type Flavour } from './serving-shapes.ts';
import { listenLocal } from './listen-local.ts';

export interface ShapeServerOptions {
  flavour: Flavour;
  /** 429 + Retry-After past this rate; the clock moves `msPerCall` per call, so refusals depend on order, not speed. */
  rateLimit?: { perSecond: number; burst: number; msPerCall: number };
  /** 0 (the default) for a free port. */
  port?: number;
}

export interface ShapeServer {
  url: string;
  seen: { calls: number; throttled: number; rejected: string[] };
  close(): Promise<void>;
}

/** One model server of the given shape on 127.0.0.1, answering for our network. */
export async function startShapeServer(net: Network, shape: Shape, options: ShapeServerOptions): Promise<ShapeServer> {
  const seen = { calls: 0, throttled: 0, rejected: [] as string[] };
  let tokens = options.rateLimit?.burst ?? 0;
  let clock = 0;
  let last = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    seen.calls++;
    if (options.rateLimit) {
      clock += options.rateLimit.msPerCall;
      tokens = Math.min(options.rateLimit.burst, tokens + ((clock - last) / 1000) * options.rateLimit.perSecond);
      last = clock;
      if (tokens < 1) {
        seen.throttled++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"error":"rate limited"}');
        return;
      }
      tokens -= 1;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const reply = route(shape, { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, contentType: req.headers['content-type'] ?? '', body }, net, options.flavour);
      res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.body);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      seen.rejected.push(error.message);
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  const { url, close } = await listenLocal(server, options.port ?? 0);
  return { url, seen, close };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
