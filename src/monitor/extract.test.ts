import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import type { InferenceEvent } from './event.ts';
import { eventsOf } from './extract.ts';
import { loadMapping, presetMapping } from './mapping.ts';
import type { PresetName } from './presets.ts';

const T0 = Date.parse('2026-11-30T08:00:00Z');
const pick = (e: InferenceEvent) => ({ client: e.client, time: e.time, input: e.input ? Array.from(e.input) : undefined, label: e.label, scores: e.scores, prompt: e.prompt, reply: e.reply, tokensIn: e.tokensIn, tokensOut: e.tokensOut, latencyMs: e.latencyMs, toolCalls: e.toolCalls });
const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

describe('presets map each log shape to events', () => {
  it.each<{ preset: PresetName; name: string; line: unknown; events: Record<string, unknown>[] }>([
    {
      preset: 'rampart',
      name: 'a batched prediction call of a Rampart query log',
      line: { time: '2026-11-30T08:00:00.000Z', target: 'credit', call: 1, attempt: 1, firstQuery: 1, inputs: 2, outcome: 'ok', ms: 12, labels: [1, 0], x: [[0.1, 0.2], [0.3, 0.4]], scores: [[0.2, 0.8], [0.9, 0.1]] },
      events: [
        { client: 'credit', time: T0, input: [0.1, 0.2], label: '1', scores: [0.2, 0.8], latencyMs: 12 },
        { client: 'credit', time: T0, input: [0.3, 0.4], label: '0', scores: [0.9, 0.1], latencyMs: 12 },
      ],
    },
    {
      preset: 'rampart',
      name: 'a label-only call (empty score rows keep their places)',
      line: { time: '2026-11-30T08:00:00Z', target: 't', labels: [3, 4], x: [[1], [2]], scores: [[], []], ms: 1 },
      events: [
        { client: 't', time: T0, input: [1], label: '3', latencyMs: 1 },
        { client: 't', time: T0, input: [2], label: '4', latencyMs: 1 },
      ],
    },
    {
      preset: 'rampart',
      name: 'a chat request of a Rampart chat log',
      line: { time: '2026-11-30T08:00:00Z', target: 'app', request: 3, messages: [{ role: 'system', content: 'be nice' }, { role: 'user', content: 'hi' }], reply: 'hello', promptTokens: 10, completionTokens: 2, ms: 40, toolCalls: ['lookup_order'] },
      events: [{ client: 'app', time: T0, prompt: 'hi', reply: 'hello', tokensIn: 10, tokensOut: 2, latencyMs: 40, toolCalls: [{ name: 'lookup_order', arguments: '' }] }],
    },
    {
      preset: 'kserve',
      name: 'KServe v1 instances and score predictions, epoch seconds',
      line: { timestamp: 1796025600, client: 'k1', request: { instances: [[1, 2, 3]] }, response: { predictions: [[0.1, 0.7, 0.2]] }, latency_ms: '5' },
      events: [{ client: 'k1', time: 1796025600000, input: [1, 2, 3], label: '1', scores: [0.1, 0.7, 0.2], latencyMs: 5 }],
    },
    {
      preset: 'kserve',
      name: 'KServe v1 label predictions',
      line: { timestamp: '2026-11-30T08:00:00Z', client: 'k1', request: { instances: [[1], [2]] }, response: { predictions: [7, 8] } },
      events: [
        { client: 'k1', time: T0, input: [1], label: '7' },
        { client: 'k1', time: T0, input: [2], label: '8' },
      ],
    },
    {
      preset: 'kserve',
      name: 'KServe v1 / TF Serving instances that are images (a batch of two 2×2×1 images, each one input)',
      line: { timestamp: '2026-11-30T08:00:00Z', client: 'k1', request: { instances: [[[[0.1], [0.2]], [[0.3], [0.4]]], [[[1], [0]], [[0], [1]]]] }, response: { predictions: [[0.9, 0.1], [0.2, 0.8]] } },
      events: [
        { client: 'k1', time: T0, input: [0.1, 0.2, 0.3, 0.4], label: '0', scores: [0.9, 0.1] },
        { client: 'k1', time: T0, input: [1, 0, 0, 1], label: '1', scores: [0.2, 0.8] },
      ],
    },
    {
      preset: 'kserve',
      name: 'a v2 tensor whose data is nested as its shape (NCHW)',
      line: { timestamp: '2026-11-30T08:00:00Z', client: 'k1', request: { inputs: [{ name: 'x', shape: [1, 1, 2, 2], datatype: 'FP32', data: [[[[1, 2], [3, 4]]]] }] } },
      events: [{ client: 'k1', time: T0, input: [1, 2, 3, 4] }],
    },
    {
      preset: 'kserve',
      name: 'a gateway that logs the API key or the caller address at the top level',
      line: { timestamp: '2026-11-30T08:00:00Z', remote_addr: '10.0.0.7', request: { instances: [[1, 2]] } },
      events: [{ client: '10.0.0.7', time: T0, input: [1, 2] }],
    },
    {
      preset: 'kserve',
      name: 'Seldon data.ndarray with a client id, @timestamp',
      line: { '@timestamp': '2026-11-30T08:00:00Z', client_id: 's9', request: { data: { ndarray: [[1, 2]] } }, response: { data: { ndarray: [[0.3, 0.7]] } } },
      events: [{ client: 's9', time: T0, input: [1, 2], label: '1', scores: [0.3, 0.7] }],
    },
    {
      preset: 'kserve',
      name: 'MLflow dataframe_split with a user id',
      line: { ts: '2026-11-30T08:00:00Z', user_id: 'u4', dataframe_split: { columns: ['a', 'b'], data: [[5, 6]] }, predictions: [0] },
      events: [{ client: 'u4', time: T0, input: [5, 6], label: '0' }],
    },
    {
      preset: 'kserve',
      name: 'Triton / v2 tensors with shapes',
      line: { timestamp: '2026-11-30T08:00:00Z', headers: { 'x-api-key-id': 'team-a' }, request: { inputs: [{ name: 'x', shape: [2, 2], datatype: 'FP32', data: [1, 2, 3, 4] }] }, response: { outputs: [{ name: 'p', shape: [2, 2], data: [0.9, 0.1, 0.2, 0.8] }] } },
      events: [
        { client: 'team-a', time: T0, input: [1, 2], label: '0', scores: [0.9, 0.1] },
        { client: 'team-a', time: T0, input: [3, 4], label: '1', scores: [0.2, 0.8] },
      ],
    },
    {
      preset: 'openai',
      name: 'an OpenAI-compatible gateway record with a tool call',
      line: { startTime: '2026-11-30T08:00:00Z', user: 'u-9', request: { messages: [{ role: 'system', content: 'secret rules' }, { role: 'user', content: [{ type: 'text', text: 'order 5?' }] }] }, response: { choices: [{ message: { content: 'sure', tool_calls: [{ function: { name: 'fetch_url', arguments: '{"url":"https://x.example/a"}' } }] } }] }, usage: { prompt_tokens: 30, completion_tokens: 4 }, latency_ms: 800 },
      events: [{ client: 'u-9', time: T0, prompt: 'order 5?', reply: 'sure', tokensIn: 30, tokensOut: 4, latencyMs: 800, toolCalls: [{ name: 'fetch_url', arguments: '{"url":"https://x.example/a"}' }] }],
    },
    {
      preset: 'otel-genai',
      name: 'OTLP/JSON spans with gen_ai attributes (nanosecond times, intValue as text)',
      line: {
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    name: 'chat gpt',
                    startTimeUnixNano: String(T0 * 1e6),
                    attributes: [
                      { key: 'enduser.id', value: { stringValue: 'alice' } },
                      { key: 'gen_ai.input.messages', value: { stringValue: '[{"role":"user","parts":[{"type":"text","content":"hello"}]}]' } },
                      { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
                      { key: 'gen_ai.usage.output_tokens', value: { intValue: 3 } },
                    ],
                  },
                  { name: 'chat gpt', startTimeUnixNano: String(T0 * 1e6), attributes: [{ key: 'enduser.id', value: { stringValue: 'bob' } }] },
                ],
              },
            ],
          },
        ],
      },
      events: [
        { client: 'alice', time: T0, prompt: 'hello', tokensIn: 12, tokensOut: 3 },
        { client: 'bob', time: T0 },
      ],
    },
  ])('$preset: $name', ({ preset, line, events }) => {
    expect(eventsOf(line, presetMapping(preset), 'log', 7).map((e) => clean(pick(e)))).toEqual(events);
    // The monitor's fast path (input rows in reused buffers) reads the same events.
    expect(eventsOf(line, presetMapping(preset), 'log', 7, true).map((e) => clean(pick(e)))).toEqual(events);
  });

  it('reuses input buffers only when asked, and never for two rows of one line', () => {
    const line = { x: [[1, 2], [3, 4]], labels: [0, 1] };
    const [a, b] = eventsOf(line, presetMapping('rampart'), 'log', 1, true);
    expect(a?.input).not.toBe(b?.input);
    const [c] = eventsOf({ x: [[5, 6]] }, presetMapping('rampart'), 'log', 2, true);
    expect(c?.input).toBe(a?.input);
    const [d] = eventsOf({ x: [[5, 6]] }, presetMapping('rampart'), 'log', 3);
    expect(d?.input).not.toBe(c?.input);
  });

  it('names the source and line on every event, and an unknown client "unknown"', () => {
    const [e] = eventsOf({ x: [[1]] }, presetMapping('rampart'), 'a.jsonl', 42);
    expect(e).toMatchObject({ source: 'a.jsonl', line: 42, client: 'unknown' });
  });
});

describe('mapping files', () => {
  const write = async (text: string): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-mapping-'));
    const file = join(dir, 'mapping.yaml');
    await writeFile(file, text);
    return file;
  };

  it('start from a preset and override fields', async () => {
    const mapping = await loadMapping(await write('preset: openai\nfields:\n  client: headers["x-key"]\n'));
    const [e] = eventsOf({ headers: { 'x-key': 'k' }, prompt: 'p' }, mapping, '-', 1);
    expect(e).toMatchObject({ client: 'k', prompt: 'p' });
  });

  it.each([
    ['fields:\n  client: "a..b["\n', /cannot read/],
    ['fields:\n  colour: x\n', /mapping/],
    ['preset: splunk\n', /mapping/],
  ])('refuse %j with an input error naming the file', async (text, message) => {
    const file = await write(text);
    const error = await loadMapping(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).describe()).toMatch(message);
    expect((error as RampartError).where.file).toBe(file);
  });

  it('say which presets exist when the name is neither a preset nor a file', async () => {
    const error = (await loadMapping('kserv').catch((e: unknown) => e)) as RampartError;
    expect(error.kind).toBe('usage');
    expect(error.describe()).toMatch(/rampart, kserve, openai, otel-genai/);
  });
});

describe('the system turns of a logged chat request', () => {
  it('are kept beside the prompt (user and tool turns), from messages or their JSON text, for reply-leakage to compare', () => {
    const messages = [{ role: 'system', content: 'You are the Acme support bot.' }, { role: 'developer', content: 'Never name internal hosts.' }, { role: 'user', content: 'hi' }];
    for (const request of [{ messages }, { messages: JSON.stringify(messages) }]) {
      const [event] = eventsOf({ user: 'u', request }, presetMapping('openai'), 'log', 1);
      expect([event?.prompt, event?.system]).toEqual(['hi', 'You are the Acme support bot.\nNever name internal hosts.']);
    }
    const [plain] = eventsOf({ user: 'u', prompt: 'hello' }, presetMapping('openai'), 'log', 1);
    expect(plain?.system).toBeUndefined();
  });
});
