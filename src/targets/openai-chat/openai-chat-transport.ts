import { z } from 'zod';
import type { ChatMessage, ChatRequest, ToolCall } from '../../llm/chat.ts';
import { ProtocolError } from '../guarded-target.ts';
import { errorInAnswer } from '../chat/answer-error.ts';
import type { ChatTransport, TransportReply } from '../chat/chat-guard.ts';
import { type ChatApiOptions, parseStreamedJson, isEventStream, openChatResponse, parseJsonAnswer, parseShape, readSseData, readText } from '../chat/chat-http.ts';

/**
 * OpenAI-compatible Chat Completions (`POST {url}/chat/completions`), what vLLM, Ollama, llama.cpp server,
 * LiteLLM, Azure OpenAI and most gateways speak: messages, tools and tool_calls, SSE streaming, usage.
 */
export interface OpenAiChatOptions extends ChatApiOptions {
  /** The base URL, e.g. `http://host:8000/v1`; `/chat/completions` is appended unless already there. */
  url: string;
  /** Extra body fields the deployment needs (e.g. `top_p`); request fields win. */
  extraBody?: Record<string, unknown>;
}

const Usage = z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional(), total_tokens: z.number().optional() }).nullish();
const ToolCallShape = z.object({ id: z.string().optional(), type: z.string().optional(), function: z.object({ name: z.string().min(1), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).default('') }) });

const Completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish(), tool_calls: z.array(ToolCallShape).nullish() }), finish_reason: z.string().nullish() })).min(1),
  usage: Usage,
});

const Chunk = z.object({
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullish(),
            tool_calls: z
              .array(z.object({ index: z.number().int().min(0), id: z.string().nullish(), function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish() }))
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: Usage,
});

export function toOpenAiMessage(m: ChatMessage): Record<string, unknown> {
  if (m.role === 'tool') return { role: 'tool', content: m.content, tool_call_id: m.toolCallId ?? '' };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    return { role: 'assistant', content: m.content || null, tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) };
  }
  return { role: m.role, content: m.content };
}

const usageOf = (u: z.infer<typeof Usage>): TransportReply['usage'] =>
  u ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, totalTokens: u.total_tokens } : undefined;

const argumentsText = (a: string | Record<string, unknown>): string => (typeof a === 'string' ? a : JSON.stringify(a));

export function openAiChatTransport(options: OpenAiChatOptions): ChatTransport {
  const url = completionsUrl(options.url);
  return {
    endpoint: `POST ${url}`,
    capabilities: { tools: true, clientHistory: true, systemRole: true, sessions: false },
    async send(request: ChatRequest, signal: AbortSignal) {
      const body = {
        ...options.extraBody,
        model: options.model,
        messages: request.messages.map(toOpenAiMessage),
        ...(request.tools?.length ? { tools: request.tools.map((t) => ({ type: 'function', function: t })) } : {}),
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : { stream: false }),
      };
      const response = await openChatResponse({ url, headers: options.headers, body, signal, secrets: options.secrets, blocked: options.blocked, accept: options.stream ? 'text/event-stream' : 'application/json' });
      // Some servers ignore `stream` and answer whole; read what came.
      const reply = isEventStream(response) ? await readStream(response, options.secrets) : readWhole(parseJsonAnswer(await readText(response), response, options.secrets, options.blocked), response.status, options.secrets);
      return { reply, status: response.status };
    },
    close: async () => undefined,
  };
}

/**
 * `{base}/chat/completions`, the query kept where it belongs: Azure OpenAI's deployment URLs carry `?api-version=…`,
 * which must stay after the path (appending to the whole string put the path inside the query's value).
 */
export function completionsUrl(given: string): string {
  const url = new URL(given);
  if (!/\/chat\/completions\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;
  return url.toString();
}

function readWhole(json: unknown, status: number, secrets: readonly string[]): TransportReply {
  // Gateways and proxies answer HTTP 200 with `{ "error": … }` instead of a completion.
  const failure = errorInAnswer(json, 'error', secrets);
  if (failure) throw failure;
  const answer = parseShape(Completion, json, 'the answer', status);
  const choice = answer.choices[0] as z.infer<typeof Completion>['choices'][number];
  const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).map((c, i) => ({ id: c.id ?? `call_${i}`, name: c.function.name, arguments: argumentsText(c.function.arguments) }));
  return { content: choice.message.content ?? '', toolCalls, usage: usageOf(answer.usage), finishReason: choice.finish_reason ?? undefined };
}

/** Joins the deltas of an SSE stream, tool-call fragments by their index, until `data: [DONE]`. */
async function readStream(response: Response, secrets: readonly string[]): Promise<TransportReply> {
  let content = '';
  let finishReason: string | undefined;
  let usage: TransportReply['usage'];
  let done = false;
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  for await (const data of readSseData(response)) {
    if (data.trim() === '[DONE]') {
      done = true;
      break;
    }
    const json = parseStreamedJson(data, response.status);
    // vLLM and OpenRouter report a failure after the 200 as a chunk with `error`.
    const failure = errorInAnswer(json, 'error', secrets, 'a streamed chunk');
    if (failure) throw failure;
    const chunk = parseShape(Chunk, json, 'a streamed chunk', response.status);
    usage = usageOf(chunk.usage) ?? usage;
    for (const choice of chunk.choices) {
      content += choice.delta?.content ?? '';
      finishReason = choice.finish_reason ?? finishReason;
      for (const delta of choice.delta?.tool_calls ?? []) {
        const call = calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
        call.id ||= delta.id ?? '';
        call.name += delta.function?.name ?? '';
        call.arguments += delta.function?.arguments ?? '';
        calls.set(delta.index, call);
      }
    }
  }
  // A stream cut before [DONE] and before any finish_reason is a broken answer, not a short one.
  if (!done && finishReason === undefined) throw new ProtocolError('the stream ended before "data: [DONE]" and without a finish_reason', response.status);
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, c]) => {
      if (!c.name) throw new ProtocolError(`streamed tool call ${index} has no function name`, response.status);
      return { id: c.id || `call_${index}`, name: c.name, arguments: c.arguments };
    });
  return { content, toolCalls, usage, finishReason };
}
