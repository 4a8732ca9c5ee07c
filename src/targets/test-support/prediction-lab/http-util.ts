import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A lab server on 127.0.0.1: the handler gets the parsed JSON body (undefined when there is none or it is not JSON). */
export interface LabHttpServer {
  url: string;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, body: unknown, res: ServerResponse) => void;

export async function serveJson(port: number, handler: Handler): Promise<LabHttpServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 8_000_000) chunks.push(c);
    });
    req.on('end', () => {
      if (size > 8_000_000) return sendJson(res, 413, { error: 'request body over 8 MB' });
      let body: unknown;
      try {
        body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        return sendJson(res, 400, { error: 'request body is not JSON' });
      }
      try {
        handler(req, body, res);
      } catch (error) {
        sendJson(res, 500, { error: String(error) });
      }
    });
  });
  // Node closes idle keep-alive connections after 5 s, racing a client that reuses one after a pause (an
  // extraction round trains for seconds between calls); serving frameworks commonly keep them a minute.
  server.keepAliveTimeout = 65_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Rows of `width` finite numbers, or a message saying what is wrong with them. */
export function rowsOf(value: unknown, width: number, what: string): number[][] | string {
  if (!Array.isArray(value) || value.length === 0) return `${what} must be a non-empty array of rows`;
  for (const [i, row] of value.entries()) {
    if (!Array.isArray(row) || row.length !== width || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) return `${what}[${i}] must be ${width} numbers`;
  }
  return value as number[][];
}
