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
  // Hugging Face TGI's /generate_stream: `data:` with no space, the last token a special `</s>` with the whole text.
  '/sse-tgi': [
    'data:{"index":1,"token":{"id":7,"text":"Water","logprob":-0.2,"special":false},"generated_text":null,"details":null}\n\n',
    'data:{"index":2,"token":{"id":8,"text":" deeply.","logprob":-0.3,"special":false},"generated_text":null,"details":null}\n\n',
    'data:{"index":3,"token":{"id":2,"text":"</s>","logprob":-0.01,"special":true},"generated_text":"Water deeply.","details":{"finish_reason":"eos_token","generated_tokens":3,"seed":null}}\n\n',
  ].join(''),
  // TGI failing after the 200: an event with `error` and no token.
  '/sse-tgi-error': 'data:{"index":1,"token":{"id":7,"text":"Water","logprob":-0.2,"special":false},"generated_text":null,"details":null}\n\ndata:{"error":"Request failed during generation: Server error: CUDA out of memory","error_type":"generation"}\n\n',
  // LangServe's /stream: a metadata event, AIMessageChunks as `event: data`, `event: end` with no data; or `event: error`.
  '/sse-langserve': 'event: metadata\r\ndata: {"run_id":"r-1"}\r\n\r\nevent: data\r\ndata: {"content":"Repairs take","type":"AIMessageChunk"}\r\n\r\nevent: data\r\ndata: {"content":" three days.","type":"AIMessageChunk"}\r\n\r\nevent: end\r\n\r\n',
  '/sse-langserve-error': 'event: metadata\r\ndata: {"run_id":"r-2"}\r\n\r\nevent: data\r\ndata: {"content":"Repairs take","type":"AIMessageChunk"}\r\n\r\nevent: error\r\ndata: {"status_code":500,"message":"Internal Server Error"}\r\n\r\n',
  // A gateway that answers HTTP 200 with an error object instead of a completion.
  '/json-error': '{"error":{"message":"upstream model timed out","type":"server_error","code":502}}',
};

/** Bytes split every 7: lines, JSON and the multi-byte characters (—, ç, ö) are cut across chunks. */
const split = (text: string): Buffer[] => {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) parts.push(bytes.subarray(i, i + 7));
  return parts;
};

let server: { url: string; close(): Promise<void> };
const requests = new Map<string, number>();
const opened: OpenedLlmApp[] = [];
beforeAll(async () => {
  server = await listenLocal(
    createServer((req, res) => {
      req.resume();
      req.on('end', async () => {
        const body = bodies[req.url ?? ''];
        if (body === undefined) return void res.writeHead(404).end();
        requests.set(req.url ?? '', (requests.get(req.url ?? '') ?? 0) + 1);
        res.writeHead(200, { 'content-type': req.url?.startsWith('/sse') ? 'text/event-stream' : req.url?.startsWith('/json') ? 'application/json' : 'application/x-ndjson' });
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

async function open(path: string, stream: Record<string, unknown> | undefined, response: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<OpenedLlmApp> {
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

describe('http-chat against the streams of servers it was not built on', () => {
  it('TGI: stream.when keeps the special end-of-sequence token out of the reply; token counts from the last event', async () => {
    const app = await open('/sse-tgi', { format: 'sse', text: 'token.text', when: { path: 'token.special', equals: false } }, { completionTokensPath: 'details.generated_tokens' });
    expect(await app.target.chat(hello)).toMatchObject({ content: 'Water deeply.', usage: { completionTokens: 3 } });
  });

  it('LangServe: text from its `event: data` chunks; the metadata event and the data-less `event: end` are not text', async () => {
    const app = await open('/sse-langserve', { format: 'sse', text: 'content' });
    expect((await app.target.chat(hello)).content).toBe('Repairs take three days.');
  });

  it.each([
    ['/sse-tgi-error', { format: 'sse', text: 'token.text' }, /streamed event 2 came with HTTP 200 but reports an error at "error": Request failed during generation: Server error: CUDA out of memory \(gave up after 2 attempts\)/],
    ['/sse-langserve-error', { format: 'sse', text: 'content' }, /streamed event 3 is an error event: \{"status_code":500,"message":"Internal Server Error"\} \(gave up after 2 attempts\)/],
  ])('%s: a failure reported after the 200 is retried, then one clear error — never half an answer taken as the reply', async (path, stream, problem) => {
    const app = await open(path, stream, {}, { retries: { max: 1, baseDelayMs: 0, maxDelayMs: 1 } });
    const before = requests.get(path) ?? 0;
    const error = await app.target.chat(hello).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as Error).message).toMatch(problem);
    expect((requests.get(path) ?? 0) - before).toBe(2);
  });

  it('a whole answer with HTTP 200 and an error object: retried, then quoted (response.errorPath, `error` when not said)', async () => {
    const app = await open('/json-error', undefined, { replyPath: 'choices.0.message.content' }, { retries: { max: 1, baseDelayMs: 0, maxDelayMs: 1 } });
    const error = await app.target.chat(hello).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/request #1: the answer came with HTTP 200 but reports an error at "error": \{"message":"upstream model timed out","type":"server_error","code":502\} \(gave up after 2 attempts\)/);
    expect(requests.get('/json-error')).toBe(2);
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
