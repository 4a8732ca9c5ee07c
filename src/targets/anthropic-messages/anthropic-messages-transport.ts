import { z } from 'zod';
import type { ChatMessage, ChatRequest, ToolCall } from '../../llm/chat.ts';
import { ProtocolError } from '../guarded-target.ts';
import type { ChatTransport, TransportReply } from '../chat/chat-guard.ts';
import { type ChatApiOptions, parseStreamedJson, isEventStream, openChatResponse, parseJsonAnswer, parseShape, readSseData, readText } from '../chat/chat-http.ts';

/**
 * Anthropic's Messages API (`POST {url}/v1/messages`) and the gateways that copy it: `system` at the top level,
 * `content` as blocks (`text`, `tool_use`, `tool_result`), tools with `input_schema`, `max_tokens` required,
 * server-sent events (`message_start` … `content_block_delta` … `message_stop`) when streaming.
 */
export interface AnthropicMessagesOptions extends ChatApiOptions {
  /** The API base (`https://api.anthropic.com`, `…/v1`) or the full `…/v1/messages` URL. */
  url: string;
  maxTokens: number;
  extraBody?: Record<string, unknown>;
}

const Usage = z.object({ input_tokens: z.number().optional(), output_tokens: z.number().optional() }).nullish();
const Block = z.union([
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('tool_use'), id: z.string().optional(), name: z.string().min(1), input: z.unknown() }),
  // Thinking, citations and blocks of later API versions carry no reply text.
  z.object({ type: z.string() }),
]);
const Message = z.object({ content: z.array(Block), stop_reason: z.string().nullish(), usage: Usage });

export function messagesUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  if (/\/messages$/.test(base)) return base;
  return /\/v1$/.test(base) ? `${base}/messages` : `${base}/v1/messages`;
}

/** The conversation as the Messages API takes it: system text apart, tool calls and results as blocks. */
export function toAnthropic(messages: readonly ChatMessage[]): { system?: string; messages: Record<string, unknown>[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const out = messages
    .filter((m) => m.role !== 'system')
    .map((m): Record<string, unknown> => {
      if (m.role === 'tool') return { role: 'user', content: [{ type: 'tool_result', tool_use_id: m.toolCallId ?? '', content: m.content }] };
      if (m.role === 'assistant' && m.toolCalls?.length) {
        const calls = m.toolCalls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: parseArguments(c.arguments) }));
        return { role: 'assistant', content: [...(m.content ? [{ type: 'text', text: m.content }] : []), ...calls] };
      }
      return { role: m.role, content: m.content };
    });
  return { ...(system ? { system } : {}), messages: out };
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text || '{}') as unknown;
  } catch {
    return { text };
  }
}

export function anthropicMessagesTransport(options: AnthropicMessagesOptions): ChatTransport {
  const url = messagesUrl(options.url);
  const headers = { 'anthropic-version': '2023-06-01', ...options.headers };
  return {
    endpoint: `POST ${url}`,
    capabilities: { tools: true, clientHistory: true, systemRole: true, sessions: false },
    async send(request: ChatRequest, signal: AbortSignal) {
      const body = {
        ...options.extraBody,
        model: options.model,
        max_tokens: request.maxTokens ?? options.maxTokens,
        ...toAnthropic(request.messages),
        ...(request.tools?.length ? { tools: request.tools.map((t) => ({ name: t.name, description: t.description ?? '', input_schema: t.parameters ?? { type: 'object' } })) } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(options.stream ? { stream: true } : {}),
      };
      const response = await openChatResponse({ url, headers, body, signal, secrets: options.secrets, blocked: options.blocked, accept: options.stream ? 'text/event-stream' : 'application/json' });
      const reply = isEventStream(response) ? await readStream(response) : readWhole(parseJsonAnswer(await readText(response), response, options.secrets, options.blocked), response.status);
      return { reply, status: response.status };
    },
    close: async () => undefined,
  };
}

function readWhole(json: unknown, status: number): TransportReply {
  const message = parseShape(Message, json, 'the answer', status);
  let content = '';
  const toolCalls: ToolCall[] = [];
  message.content.forEach((block, i) => {
    if (block.type === 'text' && 'text' in block) content += block.text;
    if (block.type === 'tool_use' && 'name' in block) toolCalls.push({ id: block.id ?? `call_${i}`, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
  });
  return { content, toolCalls, usage: usageOf(message.usage), finishReason: message.stop_reason ?? undefined };
}

const usageOf = (u: z.infer<typeof Usage>): TransportReply['usage'] =>
  u && (u.input_tokens !== undefined || u.output_tokens !== undefined) ? { promptTokens: u.input_tokens, completionTokens: u.output_tokens } : undefined;

const Event = z.object({
  type: z.string(),
  index: z.number().int().min(0).optional(),
  message: z.object({ usage: Usage }).partial().optional(),
  content_block: z.object({ type: z.string(), id: z.string().optional(), name: z.string().optional(), text: z.string().optional() }).optional(),
  delta: z.object({ type: z.string().optional(), text: z.string().optional(), partial_json: z.string().optional(), stop_reason: z.string().nullish() }).optional(),
  usage: Usage,
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
});

/** Joins the text and tool-input deltas of the event stream by block index, until `message_stop`. */
async function readStream(response: Response): Promise<TransportReply> {
  const blocks = new Map<number, { type: string; text: string; id?: string; name?: string; json: string }>();
  let promptTokens: number | undefined;
  let completionTokens: number | undefined;
  let finishReason: string | undefined;
  let stopped = false;
  for await (const data of readSseData(response)) {
    const json = parseStreamedJson(data, response.status);
    const event = parseShape(Event, json, 'a streamed event', response.status);
    if (event.type === 'error') throw new ProtocolError(`the stream reported an error: ${event.error?.type ?? 'error'}: ${event.error?.message ?? ''}`.trim(), response.status);
    if (event.type === 'message_start') promptTokens = event.message?.usage?.input_tokens ?? promptTokens;
    if (event.type === 'content_block_start' && event.index !== undefined && event.content_block) {
      blocks.set(event.index, { type: event.content_block.type, text: event.content_block.text ?? '', id: event.content_block.id, name: event.content_block.name, json: '' });
    }
    if (event.type === 'content_block_delta' && event.index !== undefined) {
      const block = blocks.get(event.index);
      if (!block) throw new ProtocolError(`a delta for content block ${event.index}, which never started`, response.status);
      block.text += event.delta?.text ?? '';
      block.json += event.delta?.partial_json ?? '';
    }
    if (event.type === 'message_delta') {
      finishReason = event.delta?.stop_reason ?? finishReason;
      completionTokens = event.usage?.output_tokens ?? completionTokens;
    }
    if (event.type === 'message_stop') {
      stopped = true;
      break;
    }
  }
  if (!stopped) throw new ProtocolError('the stream ended before "message_stop"', response.status);
  const ordered = [...blocks.entries()].sort(([a], [b]) => a - b);
  const content = ordered.filter(([, b]) => b.type === 'text').map(([, b]) => b.text).join('');
  const toolCalls = ordered
    .filter(([, b]) => b.type === 'tool_use')
    .map(([index, b]) => {
      if (!b.name) throw new ProtocolError(`streamed tool call ${index} has no name`, response.status);
      return { id: b.id ?? `call_${index}`, name: b.name, arguments: b.json || '{}' };
    });
  const usage = promptTokens !== undefined || completionTokens !== undefined ? { promptTokens, completionTokens } : undefined;
  return { content, toolCalls, ...(usage ? { usage } : {}), ...(finishReason ? { finishReason } : {}) };
}
