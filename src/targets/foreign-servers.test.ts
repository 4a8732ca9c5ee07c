import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { ChatTargetFile } from './chat-target-file.ts';
import { openChatApp, type OpenedLlmApp } from './open-chat-target.ts';
import { retryAfterOf } from './retry.ts';
import { AZURE_DEPLOYMENT, AZURE_KEY, startAzureOpenAi } from './test-support/foreign-llm/azure-openai.ts';
import { GATEWAY_TOKEN, startGateway } from './test-support/foreign-llm/gateway.ts';
import { startGemini } from './test-support/foreign-llm/gemini.ts';

// Chat targets against stand-ins of servers they were not built on (src/targets/test-support/foreign-llm/).
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function open(spec: Record<string, unknown>): Promise<OpenedLlmApp> {
  const app = await openChatApp(ChatTargetFile.parse({ name: 'app', retries: { max: 0, baseDelayMs: 0, maxDelayMs: 1 }, ...spec }), { baseDir: '.', fallbackName: 'app', env: { AZURE_OPENAI_API_KEY: AZURE_KEY, GATEWAY_TOKEN } });
  closers.push(() => app.close());
  return app;
}
const say = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
const failure = async (app: OpenedLlmApp): Promise<string> => {
  const error = await app.target.chat(say('What is covered?')).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RampartError);
  return (error as RampartError).message;
};

describe('Azure OpenAI: a deployment URL with ?api-version=, an api-key header, 429 with retry-after', () => {
  let url: string;
  let throttled: () => number;
  beforeAll(async () => {
    const azure = await startAzureOpenAi({ throttle: { at: [3, 5], seconds: 1 } });
    closers.push(azure.close);
    url = `${azure.url}/openai/deployments/${AZURE_DEPLOYMENT}`;
    throttled = azure.throttled;
  });
  const azure = (at: string, extra: Record<string, unknown> = {}) => open({ kind: 'openai-chat', url: at, model: AZURE_DEPLOYMENT, headers: { 'api-key': '${AZURE_OPENAI_API_KEY}' }, ...extra });

  it.each([['the full URL', '/chat/completions?api-version=2024-10-21'], ['the deployment URL', '?api-version=2024-10-21']])('%s: the query stays after the path', async (_what, tail) => {
    const reply = await (await azure(`${url}${tail}`)).target.chat(say('What is covered?'));
    expect(reply.content).toMatch(/claim was received/);
  });

  it('a Retry-After within retries.maxDelayMs is waited out in full', async () => {
    const app = await azure(`${url}?api-version=2024-10-21`, { retries: { max: 2, baseDelayMs: 1, maxDelayMs: 2000 } });
    const before = throttled();
    // Request 3 is throttled for a second: one retry, sent after the window, is answered.
    await app.target.chat(say('What is covered?'));
    expect(throttled() - before).toBe(1);
    expect(app.target.spent()).toMatchObject({ requests: 2, retries: 1, throttled: 1 });
  });

  it('a Retry-After longer than retries.maxDelayMs: no early retry that is refused again, one error saying what to raise', async () => {
    const app = await azure(`${url}?api-version=2024-10-21`, { retries: { max: 3, baseDelayMs: 1, maxDelayMs: 200 } });
    const before = throttled();
    // Request 5 is throttled for a second, five times longer than this file lets Rampart wait.
    expect(await failure(app)).toMatch(/request #1: HTTP 429 \(throttled, Retry-After \d+ ms\) \(the server asks to wait 1(\.0)? s, longer than retries\.maxDelayMs \(0\.2 s\): raise retries\.maxDelayMs/);
    expect(throttled() - before).toBe(1);
  });
});

describe('an OpenAI-compatible gateway that answers HTTP 200 with an error object, behind "Authorization: Token"', () => {
  it('the error is retried, and quoted when it persists — never read as a malformed completion', async () => {
    const gateway = await startGateway({ failOn: [1, 3, 4] });
    closers.push(gateway.close);
    const app = await open({ kind: 'openai-chat', url: `${gateway.url}/v1`, model: 'gw', headers: { authorization: 'Token ${GATEWAY_TOKEN}' }, retries: { max: 1, baseDelayMs: 1, maxDelayMs: 5 } });
    expect((await app.target.chat(say('hello'))).content).toBe('You asked: hello');
    expect(gateway.requests()).toBe(2);
    expect(await failure(app)).toMatch(/request #2: the answer came with HTTP 200 but reports an error at "error": \{"message":"litellm\.Timeout: upstream request timed out after 600s".*\(gave up after 2 attempts\)/);
  });
});

describe('how long a throttled answer asks to wait', () => {
  it.each([
    [{ 'retry-after': '2', 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after-ms': 'soon', 'retry-after': '1' }, 1000],
    [{}, undefined],
  ])('%j → %s ms', (headers, ms) => {
    expect(retryAfterOf(new Headers(headers as Record<string, string>))).toBe(ms);
  });
});

describe('Gemini: a key it does not take is HTTP 400, not 401', () => {
  it('the one error says to check the credentials, quoting the server', async () => {
    const gemini = await startGemini();
    closers.push(gemini.close);
    const app = await open({ kind: 'http-chat', url: `${gemini.url}/v1beta/models/gemini-2.0-flash:generateContent`, headers: { 'x-goog-api-key': 'not-the-key' }, request: { messagePath: 'contents[0].parts[0].text' }, response: { replyPath: 'candidates[0].content.parts[0].text' } });
    expect(await failure(app)).toMatch(/request #1: HTTP 400 \(check the credentials the target file refers to\): .*API key not valid/);
  });
});
