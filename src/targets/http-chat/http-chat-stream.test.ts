import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../../errors.ts';
import { ChatTargetFile } from '../chat-target-file.ts';
import { openChatApp, type OpenedLlmApp } from '../open-chat-target.ts';
import { listenLocal } from '../test-support/listen-local.ts';
import { readStreamedAnswer } from './http-chat-stream.ts';

/** A custom app's streams: SSE ended by an event type, JSON lines ended by a marker, and two broken ones. */
const bodies: Record<string, string> = {
  '/sse': [
    'event: start\ndata: {"type":"start","conversation":{"id":"conv-9"}}\n\n',
    'data: {"type":"delta","chunk":{"text":"Bonjour — "}}\n\n',
    ': a comment line the app sends to keep the connection open\n\n',
    'data: {"type":"delta","chunk":{"text":"ça va?"}}\n\n',
    'data: {"type":"end","meter":{"in":12,"out":5}}\n\n',
    'data: {"type":"delta","chunk":{"text":" (after the end: never read)"}}\n\n',
  ].join(''),
  '/jsonl': ['{"piece":"Hello"}', '{"piece":", wörld"}', '{"usage":{"in":3,"out":2}}', '[DONE]', ''].join('\n'),
  '/jsonl-cut': ['{"piece":"Hello"}', '{"piece":" and then"}', ''].join('\n'),
  '/sse-wrong-path': 'data: {"type":"delta","chunk":{"text":"hi"}}\n\ndata: {"type":"end"}\n\n',
};

/** Bytes split every 7: lines, JSON and the multi-byte characters (—, ç, ö) are cut across chunks. */
const split = (text: string): Buffer[] => {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) parts.push(bytes.subarray(i, i + 7));
  return parts;
};

let server: { url: string; close(): Promise<void> };
const opened: OpenedLlmApp[] = [];
beforeAll(async () => {
  server = await listenLocal(
    createServer((req, res) => {
      req.resume();
      req.on('end', async () => {
        const body = bodies[req.url ?? ''];
        if (body === undefined) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': req.url?.startsWith('/sse') ? 'text/event-stream' : 'application/x-ndjson' });
        // Each chunk flushed on its own so the client sees the splits; the result must not depend on them arriving so.
        for (const part of split(body)) await new Promise((resolve) => res.write(part, resolve));
        res.end();
      });
    }),
  );
});
afterAll(async () => {
  await Promise.all(opened.map((a) => a.close()));
  await server.close();
});

async function open(path: string, stream: Record<string, unknown>, response: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<OpenedLlmApp> {
  const spec = { kind: 'http-chat', name: 'app', url: `${server.url}${path}`, retries: { max: 0, baseDelayMs: 0, maxDelayMs: 1 }, request: { messagePath: 'q' }, response, stream, ...extra };
  const app = await openChatApp(ChatTargetFile.parse(spec), { baseDir: '.', fallbackName: 'app' });
  opened.push(app);
  return app;
}
const hello = { messages: [{ role: 'user' as const, content: 'hello' }] };

describe('http-chat reads a streamed answer from a custom API', () => {
  it('SSE: joins the text pieces at stream.text until the done event, reads usage and the session id from any event', async () => {
    const app = await open('/sse', { format: 'sse', text: 'chunk.text', done: { path: 'type', equals: 'end' } }, { promptTokensPath: 'meter.in', completionTokensPath: 'meter.out' }, { session: { requestPath: 'session', responsePath: 'conversation.id' } });
    const reply = await app.target.chat(hello);
    expect(reply).toMatchObject({ content: 'Bonjour — ça va?', usage: { promptTokens: 12, completionTokens: 5 }, sessionId: 'conv-9' });
  });

  it('JSON lines: joins the pieces until the [DONE] line', async () => {
    const app = await open('/jsonl', { format: 'jsonl', text: 'piece', done: '[DONE]' }, { promptTokensPath: 'usage.in', completionTokensPath: 'usage.out' });
    expect(await app.target.chat(hello)).toMatchObject({ content: 'Hello, wörld', usage: { promptTokens: 3, completionTokens: 2 } });
  });

  it('without a done marker, the end of the body ends the answer', async () => {
    const app = await open('/jsonl-cut', { format: 'jsonl', text: 'piece' });
    expect((await app.target.chat(hello)).content).toBe('Hello and then');
  });

  it.each([
    ['/jsonl-cut', { format: 'jsonl', text: 'piece', done: '[DONE]' }, /request #1: the stream ended before its done marker \("\[DONE\]"\)/],
    ['/sse-wrong-path', { format: 'sse', text: 'delta.text', done: { path: 'type', equals: 'end' } }, /no streamed event had text at "delta\.text" \(check stream\.text/],
  ])('%s: one clear error naming the target and the request', async (path, stream, problem) => {
    const app = await open(path, stream);
    const error = await app.target.chat(hello).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as Error).message).toMatch(/^target "app" \(POST http:\/\/127\.0\.0\.1:\d+\//);
    expect((error as Error).message).toMatch(problem);
  });

  it('a byte split in any place gives the same answer (chunks exactly as cut, no network)', async () => {
    const parts = split(bodies['/sse'] as string);
    for (let first = 1; first < 40; first++) {
      const cut = [Buffer.concat(parts).subarray(0, first), Buffer.concat(parts).subarray(first)];
      const body = new ReadableStream<Uint8Array>({ start: (c) => (cut.forEach((p) => c.enqueue(new Uint8Array(p))), c.close()) });
      const answer = await readStreamedAnswer(new Response(body), { format: 'sse', text: 'chunk.text', done: { path: 'type', equals: 'end' } }, { secrets: [] });
      expect([answer.text, answer.at('conversation.id')]).toEqual(['Bonjour — ça va?', 'conv-9']);
    }
  });
});

describe('the http-chat target file', () => {
  it.each([
    [{ response: { replyPath: 'a' }, stream: { format: 'sse', text: 't' } }, /not both/],
    [{ response: {} }, /give response\.replyPath for a whole answer, or stream/],
    [{ stream: { format: 'xml', text: 't' } }, /stream\.format/],
  ])('says where the answer is, once: %j', (extra, problem) => {
    const parsed = ChatTargetFile.safeParse({ kind: 'http-chat', url: 'http://127.0.0.1:1/chat', request: { messagePath: 'q' }, ...extra });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`))).toMatch(problem);
  });
});
