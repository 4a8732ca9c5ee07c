import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test chat server saw: every request body, by path. */
export interface ChatTestServer {
  url: string;
  bodies: { path: string; body: Record<string, unknown>; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

type Route = (body: Record<string, unknown>, res: ServerResponse) => void;

const completion = (content: string | null, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ choices: [{ message: { role: 'assistant', content, ...extra }, finish_reason: 'stop' }], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } });

const sse = (res: ServerResponse, events: unknown[], end = true): void => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const e of events) res.write(`data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`);
  if (end) res.end();
};

/** Well-behaved and misbehaving chat endpoints, one per path prefix, on 127.0.0.1. */
const routes: Record<string, Route> = {
  '/ok/v1/chat/completions': (body, res) => {
    const tools = body.tools as unknown[] | undefined;
    const last = (body.messages as { content: string }[]).at(-1)?.content ?? '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(tools?.length ? completion(null, { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup_order', arguments: '{"id":"42"}' } }] }) : completion(`echo: ${last}`));
  },
  '/stream/v1/chat/completions': (_body, res) =>
    sse(res, [
      { choices: [{ delta: { role: 'assistant', content: 'Hel' } }] },
      { choices: [{ delta: { content: 'lo' } }] },
      { choices: [{ delta: { tool_calls: [{ index: 0, id: 'c9', function: { name: 'send_', arguments: '{"to":' } }] } }] },
      { choices: [{ delta: { tool_calls: [{ index: 0, function: { name: 'email', arguments: '"a@b"}' } }] }, finish_reason: 'tool_calls' }] },
      { choices: [], usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 } },
      '[DONE]',
    ]),
  '/html/v1/chat/completions': (_b, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Gateway login</body></html>'),
  '/500/v1/chat/completions': (_b, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded'),
  '/hang/v1/chat/completions': () => undefined,
  '/bad-tools/v1/chat/completions': (_b, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(completion(null, { tool_calls: [{ id: 'x', type: 'function', function: { arguments: '{}' } }] })),
  '/tools-not-list/v1/chat/completions': (_b, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(completion(null, { tool_calls: 'send_email' })),
  '/sse-forever/v1/chat/completions': (_b, res) => sse(res, [{ choices: [{ delta: { content: 'partial' } }] }], false),
  '/sse-cut/v1/chat/completions': (_b, res) => sse(res, [{ choices: [{ delta: { content: 'partial' } }] }]),
  '/body-forever/v1/chat/completions': (_b, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"choices": [');
  },
  '/ollama/api/chat': (body, res) => {
    if (body.stream === false) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ message: { role: 'assistant', content: 'whole' }, done: true, done_reason: 'stop', prompt_eval_count: 9, eval_count: 3 }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write(`${JSON.stringify({ message: { role: 'assistant', content: 'Bon' }, done: false })}\n`);
    res.write(`${JSON.stringify({ message: { role: 'assistant', content: 'jour', tool_calls: [{ function: { name: 'fetch_url', arguments: { url: 'http://x' } } }] }, done: false })}\n`);
    res.end(`${JSON.stringify({ message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 30, eval_count: 4 })}\n`);
  },
  '/ollama-forever/api/chat': (_b, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write(`${JSON.stringify({ message: { content: 'still going' }, done: false })}\n`);
  },
  '/ollama-error/api/chat': (_b, res) => res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(`${JSON.stringify({ error: 'model "x" not found' })}\n`),
  '/app/chat': (body, res) => {
    const session = (body.session as string | undefined) ?? 'sess-1';
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { answer: `you said ${String(body.input)}`, session }, meter: { in: 5, out: 4 } }));
  },
};

export async function startChatTestServer(): Promise<ChatTestServer> {
  const bodies: ChatTestServer['bodies'] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] as string;
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      bodies.push({ path, body, headers: req.headers });
      const route = routes[path];
      if (route) route(body, res);
      else res.writeHead(404).end('no such route');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
