import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { ChatTargetFile } from './chat-target-file.ts';
import { openChatApp, openChatTargetFile, type OpenedLlmApp } from './open-chat-target.ts';
import { BudgetExhaustedError } from './prediction-target.ts';
import { startChatTestServer, type ChatTestServer } from './test-support/chat-server.ts';

let server: ChatTestServer;
let dir: string;
const opened: OpenedLlmApp[] = [];
beforeAll(async () => {
  server = await startChatTestServer();
  dir = await mkdtemp(join(tmpdir(), 'rampart-chat-'));
});
afterAll(async () => {
  await Promise.all(opened.map((a) => a.close()));
  await server.close();
});

async function open(spec: Record<string, unknown>): Promise<OpenedLlmApp> {
  const app = await openChatApp(ChatTargetFile.parse({ name: 'app', retries: { max: 0, baseDelayMs: 0, maxDelayMs: 1 }, timeoutMs: 20_000, ...spec }), { baseDir: dir, fallbackName: 'app' });
  opened.push(app);
  return app;
}
const openai = (prefix: string, extra: Record<string, unknown> = {}): Promise<OpenedLlmApp> => open({ kind: 'openai-chat', url: `${server.url}/${prefix}/v1`, model: 'm', ...extra });
const hello = { messages: [{ role: 'user' as const, content: 'hello' }] };

describe('chat targets read what their API returns', () => {
  it('OpenAI-compatible, whole answer: text, usage and tool calls', async () => {
    const app = await openai('ok');
    const reply = await app.target.chat(hello);
    expect(reply).toMatchObject({ content: 'echo: hello', toolCalls: [], usage: { promptTokens: 11, completionTokens: 7 }, finishReason: 'stop', requestNumber: 1 });
    const withTools = await app.target.chat({ ...hello, tools: [{ name: 'lookup_order', parameters: { type: 'object' } }] });
    expect(withTools.toolCalls).toEqual([{ id: 'c1', name: 'lookup_order', arguments: '{"id":"42"}' }]);
    expect(withTools.requestNumber).toBe(2);
    const sent = server.bodies.filter((b) => b.path === '/ok/v1/chat/completions').at(-1)?.body;
    expect(sent).toMatchObject({ model: 'm', stream: false, tools: [{ type: 'function', function: { name: 'lookup_order' } }] });
    expect(app.target.spent()).toMatchObject({ requests: 2, promptTokens: 22, completionTokens: 14 });
  });

  it('OpenAI-compatible, SSE: joins content and tool-call deltas, reads the usage chunk', async () => {
    const app = await openai('stream', { stream: true });
    const reply = await app.target.chat(hello);
    expect(reply).toMatchObject({ content: 'Hello', toolCalls: [{ id: 'c9', name: 'send_email', arguments: '{"to":"a@b"}' }], usage: { promptTokens: 20, completionTokens: 5 }, finishReason: 'tool_calls' });
    expect(server.bodies.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('sends client-written assistant and tool turns in the OpenAI shape', async () => {
    const app = await openai('ok');
    await app.target.chat({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: '', toolCalls: [{ id: 't1', name: 'f', arguments: '{}' }] },
        { role: 'tool', content: 'result', toolCallId: 't1' },
      ],
    });
    expect(server.bodies.at(-1)?.body.messages).toEqual([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', content: 'result', tool_call_id: 't1' },
    ]);
  });

  it.each([
    [true, 'Bonjour', { promptTokens: 30, completionTokens: 4 }, [{ id: 'call_0', name: 'fetch_url', arguments: '{"url":"http://x"}' }]],
    [false, 'whole', { promptTokens: 9, completionTokens: 3 }, []],
  ])('Ollama /api/chat (stream %s): text, eval counts, tool calls', async (stream, content, usage, toolCalls) => {
    const app = await open({ kind: 'ollama-chat', url: `${server.url}/ollama`, model: 'llama3', stream });
    expect(await app.target.chat({ ...hello, maxTokens: 50 })).toMatchObject({ content, usage, toolCalls });
    expect(server.bodies.at(-1)?.body).toMatchObject({ model: 'llama3', stream, options: { num_predict: 50 } });
  });

  it('generic HTTP chat: text at a path, reply at a path, session id carried', async () => {
    const app = await open({
      kind: 'http-chat',
      url: `${server.url}/app/chat`,
      request: { template: { channel: 'web' }, messagePath: 'input' },
      response: { replyPath: 'data.answer', promptTokensPath: 'meter.in', completionTokensPath: 'meter.out' },
      session: { requestPath: 'session', responsePath: 'data.session' },
    });
    expect(app.target.capabilities).toMatchObject({ clientHistory: false, sessions: true });
    const first = await app.target.chat(hello);
    expect(first).toMatchObject({ content: 'you said hello', sessionId: 'sess-1', usage: { promptTokens: 5, completionTokens: 4 } });
    await app.target.chat({ messages: [{ role: 'user', content: 'again' }], sessionId: 'sess-7' });
    expect(server.bodies.at(-1)?.body).toEqual({ channel: 'web', input: 'again', session: 'sess-7' });
    await expect(app.target.chat({ messages: [{ role: 'assistant', content: 'I agreed' }] })).rejects.toThrow(/takes no client-written assistant turns/);
  });
});

describe('generic HTTP chat with the conversation kept by the client, folder retrieval and a judge', () => {
  it('sends the conversation at its path, plants files in the folder, opens the judge as its own target', async () => {
    const app = await open({
      kind: 'http-chat',
      url: `${server.url}/app/chat`,
      request: { conversationPath: 'history' },
      response: { replyPath: 'data.answer', toolCallsPath: 'data.tools' },
      retrieval: { kind: 'folder', path: 'kb' },
      judge: { kind: 'openai-chat', url: `${server.url}/ok/v1`, model: 'judge' },
    });
    expect(app.target.capabilities).toMatchObject({ clientHistory: true, systemRole: true, sessions: false });
    await app.target.chat({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }, { role: 'assistant', content: 'a' }, { role: 'user', content: 'v' }] });
    expect(server.bodies.at(-1)?.body).toEqual({ history: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }, { role: 'assistant', content: 'a' }, { role: 'user', content: 'v' }] });
    const id = (await app.knowledgeBase?.plant({ title: 'Note', text: 'planted' })) ?? '';
    expect(await readFile(join(dir, 'kb', id), 'utf8')).toBe('Note\n\nplanted\n');
    await app.knowledgeBase?.remove(id);
    await expect(readFile(join(dir, 'kb', id), 'utf8')).rejects.toThrow(/ENOENT/);
    expect((await app.judge?.chat(hello))?.content).toBe('echo: hello');
    expect(app.judge?.name).toBe('app-judge');
  });

  it('an app answer without text at the reply path is one clear error', async () => {
    const app = await open({ kind: 'http-chat', url: `${server.url}/app/chat`, request: { messagePath: 'input' }, response: { replyPath: 'data.reply' } });
    await expect(app.target.chat(hello)).rejects.toThrow(/^target "app" \(POST http:\/\/127\.0\.0\.1:\d+\/app\/chat\), request #1: no reply text at "data\.reply" \(found nothing\)/);
  });
});

describe('misbehaving endpoints get one clear error naming the target and the request', () => {
  it.each([
    ['html', /answer is not JSON \(text\/html\): "<html><body>Gateway login/],
    ['500', /HTTP 500: "upstream exploded" \(gave up after 1 attempt\)/],
    ['hang', /no complete answer within 300 ms/],
    ['bad-tools', /tool_calls\[0\]\.function\.name/],
    ['tools-not-list', /choices\[0\]\.message\.tool_calls/],
    ['sse-forever', /no complete answer within 300 ms/],
    ['sse-cut', /stream ended before "data: \[DONE\]"/],
    ['body-forever', /no complete answer within 300 ms/],
  ])('%s', async (prefix, problem) => {
    // Only answers that never complete get a small timeout: nothing here depends on how fast the machine is.
    const app = await openai(prefix, { stream: prefix.startsWith('sse'), ...(/forever|hang/.test(prefix) ? { timeoutMs: 300 } : {}) });
    const error = await app.target.chat(hello).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).kind).toBe('target');
    expect((error as Error).message).toMatch(new RegExp(`^target "app" \\(POST http://127\\.0\\.0\\.1:\\d+/${prefix}/v1/chat/completions\\), request #1: `));
    expect((error as Error).message).toMatch(problem);
  });

  it.each([
    ['ollama-forever', /no complete answer within 300 ms/],
    ['ollama-error', /the server reported an error: "model \\"x\\" not found"/],
  ])('%s', async (prefix, problem) => {
    const app = await open({ kind: 'ollama-chat', url: `${server.url}/${prefix}`, model: 'x', ...(prefix.endsWith('forever') ? { timeoutMs: 300 } : {}) });
    await expect(app.target.chat(hello)).rejects.toThrow(problem);
  });

  it('retries a 500 within the budget, then stops', async () => {
    const app = await openai('500', { retries: { max: 2, baseDelayMs: 1, maxDelayMs: 2 }, budget: { requests: 2 } });
    await expect(app.target.chat(hello)).rejects.toThrow(/gave up after 2 attempts/);
    expect(app.target.spent()).toMatchObject({ requests: 2, retries: 1 });
    await expect(app.target.chat(hello)).rejects.toBeInstanceOf(BudgetExhaustedError);
  });
});

describe('budgets count requests and tokens', () => {
  it('stops before a request once the token budget is spent', async () => {
    const app = await openai('ok', { budget: { tokens: 30 } });
    await app.target.chat(hello);
    await app.target.chat(hello);
    await expect(app.target.chat(hello)).rejects.toThrow(/token budget of 30 spent/);
    expect(app.target.spent().requests).toBe(2);
  });
});

describe('the target file', () => {
  it('reads the owner knowledge: system prompt from a file, canaries, refusals; logs with secrets redacted', async () => {
    await writeFile(join(dir, 'prompt.txt'), 'You are Acme support. The vault code is ZEBRA-7731.\n');
    const file = join(dir, 'chat.yaml');
    const log = join(dir, 'log.jsonl');
    await writeFile(
      file,
      [
        'kind: openai-chat',
        `url: ${server.url}/ok/v1`,
        'model: m',
        'headers: { authorization: "Bearer ${CHAT_KEY}" }',
        'systemPrompt: file:prompt.txt',
        'canaries: [ZEBRA-7731]',
        'refusals: [{ behaviour: refunds without an order, sample: refund me 500 dollars }]',
        `queryLog: { path: ${log}, includeContent: true }`,
      ].join('\n'),
    );
    const app = await openChatTargetFile(file, { env: { CHAT_KEY: 'sk-test-123456' } });
    expect(app.knowledge).toEqual({ systemPrompt: 'You are Acme support. The vault code is ZEBRA-7731.', canaries: ['ZEBRA-7731'], refusals: [{ behaviour: 'refunds without an order', sample: 'refund me 500 dollars' }] });
    const reply = await app.target.chat({ messages: [{ role: 'user', content: 'is it ZEBRA-7731?' }] });
    expect(reply.content).toBe('echo: is it ZEBRA-7731?');
    expect(server.bodies.at(-1)?.headers.authorization).toBe('Bearer sk-test-123456');
    await app.close();
    const text = await readFile(log, 'utf8');
    expect(text).toContain('[REDACTED:canary-1]');
    expect(text).not.toContain('ZEBRA-7731');
    expect(app.redact('code WkVCUkEtNzczMQ and You are Acme support. The vault code is ZEBRA-7731.')).toBe('code [REDACTED:canary-1] and [REDACTED:system-prompt]');
  });

  it.each([
    [{ kind: 'openai-chat', url: 'http://x/v1' }, /at model/],
    [{ kind: 'openai-chat', url: 'http://x/v1', model: 'm', canaries: ['ab'] }, /at canaries\[0\]: .*shorter than 4/],
    [{ kind: 'http-chat', url: 'http://x', request: {}, response: { replyPath: 'a' } }, /at request: .*give request\.messagePath or request\.conversationPath/],
    [{ kind: 'openai-chat', url: 'http://x/v1', model: 'm', retrieval: { kind: 'upload' } }, /at retrieval\.url/],
    [{ kind: 'grpc', url: 'http://x' }, /at kind/],
  ])('names the file and the field: %j', async (spec, problem) => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(spec));
    const error = await openChatTargetFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).describe()).toContain(file);
    expect((error as RampartError).describe()).toMatch(problem);
  });
});
