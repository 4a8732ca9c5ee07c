import { z } from 'zod';
import type { ChatMessage, ChatRequest, ToolCall } from '../../llm/chat.ts';
import { ProtocolError } from '../guarded-target.ts';
import type { ChatTransport, TransportReply } from '../chat/chat-guard.ts';
import { type ChatApiOptions, openChatResponse, parseJsonAnswer, parseShape, readJsonLines, readText } from '../chat/chat-http.ts';

/** Ollama's native `POST {url}/api/chat`: NDJSON streaming, token counts as `prompt_eval_count` and `eval_count`. */
export interface OllamaChatOptions extends ChatApiOptions {
  /** The server, e.g. `http://127.0.0.1:11434`; `/api/chat` is appended unless already there. */
  url: string;
  /** Ollama `options` (e.g. `num_ctx`); request settings win. */
  options?: Record<string, unknown>;
}

const Line = z.object({
  message: z
    .object({
      content: z.string().nullish(),
      // Ollama gives arguments as an object; some proxies pass OpenAI's string through.
      tool_calls: z.array(z.object({ function: z.object({ name: z.string().min(1), arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}) }) })).nullish(),
    })
    .nullish(),
  done: z.boolean().optional(),
  done_reason: z.string().nullish(),
  prompt_eval_count: z.number().nullish(),
  eval_count: z.number().nullish(),
  error: z.string().nullish(),
});
type Line = z.infer<typeof Line>;

function toOllamaMessage(m: ChatMessage): Record<string, unknown> {
  const base: Record<string, unknown> = { role: m.role, content: m.content };
  if (m.toolCalls?.length) base.tool_calls = m.toolCalls.map((c) => ({ function: { name: c.name, arguments: parseArguments(c.arguments) } }));
  return base;
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

export function ollamaChatTransport(options: OllamaChatOptions): ChatTransport {
  const url = /\/api\/chat\/?$/.test(options.url) ? options.url : `${options.url.replace(/\/+$/, '')}/api/chat`;
  return {
    endpoint: `POST ${url}`,
    capabilities: { tools: true, clientHistory: true, systemRole: true, sessions: false },
    async send(request: ChatRequest, signal: AbortSignal) {
      const settings = {
        ...options.options,
        ...(request.maxTokens !== undefined ? { num_predict: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      };
      const body = {
        model: options.model,
        messages: request.messages.map(toOllamaMessage),
        stream: options.stream,
        ...(request.tools?.length ? { tools: request.tools.map((t) => ({ type: 'function', function: t })) } : {}),
        ...(Object.keys(settings).length > 0 ? { options: settings } : {}),
      };
      const response = await openChatResponse({ url, headers: options.headers, body, signal, secrets: options.secrets, blocked: options.blocked, accept: 'application/x-ndjson, application/json' });
      const lines: Line[] = [];
      if (options.stream) {
        for await (const json of readJsonLines(response, options.secrets)) {
          const line = check(json, response.status);
          lines.push(line);
          if (line.done) break;
        }
        if (!lines.at(-1)?.done) throw new ProtocolError('the stream ended without a line marked "done": true', response.status);
      } else {
        lines.push(check(parseJsonAnswer(await readText(response), response, options.secrets, options.blocked), response.status));
      }
      return { reply: join(lines), status: response.status };
    },
    close: async () => undefined,
  };
}

function check(json: unknown, status: number): Line {
  const line = parseShape(Line, json, 'the answer', status);
  if (line.error) throw new ProtocolError(`the server reported an error: ${JSON.stringify(line.error.slice(0, 200))}`, status);
  return line;
}

function join(lines: Line[]): TransportReply {
  const last = lines.at(-1);
  const toolCalls: ToolCall[] = lines
    .flatMap((l) => l.message?.tool_calls ?? [])
    .map((c, i) => ({ id: `call_${i}`, name: c.function.name, arguments: typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments) }));
  const prompt = last?.prompt_eval_count ?? undefined;
  const completion = last?.eval_count ?? undefined;
  return {
    content: lines.map((l) => l.message?.content ?? '').join(''),
    toolCalls,
    usage: prompt !== undefined || completion !== undefined ? { promptTokens: prompt, completionTokens: completion, totalTokens: (prompt ?? 0) + (completion ?? 0) } : undefined,
    finishReason: last?.done_reason ?? (last?.done ? 'stop' : undefined),
  };
}
