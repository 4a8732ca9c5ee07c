import type { ChatRequest, ToolCall } from '../../llm/chat.ts';
import { ProtocolError } from '../guarded-target.ts';
import { getPath, setPath } from '../json-path.ts';
import type { ChatTransport } from '../chat/chat-guard.ts';
import { openChatResponse, parseJsonAnswer, readText } from '../chat/chat-http.ts';
import type { BlockedRule } from '../chat/blocked.ts';

/**
 * An application that wraps a model behind its own JSON API: the user's text (or the whole conversation) goes
 * at a path of a request template, the reply is read at a path, and a session id is carried when the app keeps
 * the conversation itself.
 */
export interface HttpChatOptions {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  secrets: readonly string[];
  /** Answers that mean the app refused by policy (the target file's `blocked`). */
  blocked?: readonly BlockedRule[];
  template: unknown;
  /** Where the last user turn's text goes; the app keeps the conversation (or has none). */
  messagePath?: string;
  /** Where the conversation goes, as `[{ role, content }]`; the client keeps the conversation. */
  conversationPath?: string;
  replyPath: string;
  session?: { requestPath?: string; requestHeader?: string; responsePath?: string; responseHeader?: string };
  /** Where the app reports the tools it called, as `[{ name, arguments }]`. */
  toolCallsPath?: string;
  /** Where in each tool call its name and arguments are (`name` and `arguments` when not said). */
  toolCall?: { namePath: string; argumentsPath: string };
  usage?: { promptTokensPath?: string; completionTokensPath?: string };
}

export function httpChatTransport(options: HttpChatOptions): ChatTransport {
  const conversation = options.conversationPath !== undefined;
  return {
    endpoint: `${options.method} ${options.url}`,
    capabilities: { tools: false, clientHistory: conversation, systemRole: conversation, sessions: options.session !== undefined },
    async send(request: ChatRequest, signal: AbortSignal) {
      let body: unknown;
      if (options.conversationPath !== undefined) {
        body = setPath(options.template, options.conversationPath, request.messages.map((m) => ({ role: m.role, content: m.content })));
      } else {
        const last = [...request.messages].reverse().find((m) => m.role === 'user');
        body = setPath(options.template, options.messagePath ?? 'message', last?.content ?? '');
      }
      const headers = { ...options.headers };
      if (request.sessionId !== undefined && options.session?.requestPath) body = setPath(body, options.session.requestPath, request.sessionId);
      if (request.sessionId !== undefined && options.session?.requestHeader) headers[options.session.requestHeader] = request.sessionId;
      const response = await openChatResponse({ url: options.url, method: options.method, headers, body, signal, secrets: options.secrets, blocked: options.blocked });
      const json = parseJsonAnswer(await readText(response), response, options.secrets, options.blocked);
      const reply = getPath(json, options.replyPath);
      if (typeof reply !== 'string') {
        throw new ProtocolError(`no reply text at "${options.replyPath}" (found ${reply === undefined ? 'nothing' : typeof reply})`, response.status);
      }
      const sessionId = sessionOf(json, response, options.session) ?? request.sessionId;
      const promptTokens = numberAt(json, options.usage?.promptTokensPath);
      const completionTokens = numberAt(json, options.usage?.completionTokensPath);
      return {
        reply: {
          content: reply,
          toolCalls: toolCallsOf(json, options.toolCallsPath, options.toolCall ?? { namePath: 'name', argumentsPath: 'arguments' }, response.status),
          ...(promptTokens !== undefined || completionTokens !== undefined ? { usage: { promptTokens, completionTokens } } : {}),
          ...(sessionId !== undefined ? { sessionId } : {}),
        },
        status: response.status,
      };
    },
    close: async () => undefined,
  };
}

function sessionOf(json: unknown, response: Response, session: HttpChatOptions['session']): string | undefined {
  if (session?.responseHeader) {
    const value = response.headers.get(session.responseHeader);
    if (value) return value;
  }
  if (session?.responsePath) {
    const value = getPath(json, session.responsePath);
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

function numberAt(json: unknown, path: string | undefined): number | undefined {
  if (path === undefined) return undefined;
  const value = getPath(json, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function toolCallsOf(json: unknown, path: string | undefined, fields: { namePath: string; argumentsPath: string }, status: number): ToolCall[] {
  if (path === undefined) return [];
  const value = getPath(json, path);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ProtocolError(`tool calls at "${path}" are not a list`, status);
  return value.map((raw, i) => {
    const name = getPath(raw, fields.namePath);
    const given = getPath(raw, fields.argumentsPath);
    const id = getPath(raw, 'id');
    if (typeof name !== 'string' || name === '') throw new ProtocolError(`tool call ${i} at "${path}" has no name at "${fields.namePath}"`, status);
    const args = typeof given === 'string' ? given : JSON.stringify(given ?? {});
    return { id: typeof id === 'string' ? id : `call_${i}`, name, arguments: args };
  });
}
