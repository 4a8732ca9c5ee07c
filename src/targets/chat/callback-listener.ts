import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackListener } from '../../llm/chat.ts';

type Hit = ReturnType<CallbackListener['hits']>[number];

const MAX_BODY = 4096;
const MAX_HITS_PER_TOKEN = 100;

/**
 * An out-of-band listener on 127.0.0.1: an agent induced to fetch `urlFor(token)` (or to send data to it) shows
 * up here even when the app never says so in its reply. Answers every request 200 with a bland body, so an agent
 * has nothing to react to.
 */
export async function startCallbackListener(): Promise<CallbackListener> {
  const hits = new Map<string, Hit[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size < MAX_BODY) chunks.push(chunk.subarray(0, MAX_BODY - size));
      size += chunk.length;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      const token = /^\/cb\/([^/?#]+)/.exec(path)?.[1];
      if (token) {
        const list = hits.get(decodeURIComponent(token)) ?? [];
        if (list.length < MAX_HITS_PER_TOKEN) list.push({ method: req.method ?? 'GET', path, body: Buffer.concat(chunks).toString('utf8'), at: new Date().toISOString() });
        hits.set(decodeURIComponent(token), list);
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (token) => `http://127.0.0.1:${port}/cb/${encodeURIComponent(token)}`,
    hits: (token) => [...(hits.get(token) ?? [])],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
