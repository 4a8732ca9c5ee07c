import type { ChatRequest, ToolCall } from '../../llm/chat.ts';
import { ProtocolError } from '../guarded-target.ts';
import { getPath, setPath } from '../json-path.ts';
import type { ChatTransport } from '../chat/chat-guard.ts';
import { openChatResponse, parseJsonAnswer, readText } from '../chat/chat-http.ts';
import type { BlockedRule } from '../chat/blocked.ts';
import { errorInAnswer } from '../chat/answer-error.ts';
import { readStreamedAnswer, type HttpChatStream } from './http-chat-stream.ts';

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
  /** Where the whole answer's text is; unused when the answer is streamed. */
  replyPath?: string;
  /** The answer comes as server-sent events or JSON lines, a piece of text in each. */
  stream?: HttpChatStream;
  session?: { requestPath?: string; requestHeader?: string; responsePath?: string; responseHeader?: string };
  /** Where the app reports the tools it called, as `[{ name, arguments }]`. */
  toolCallsPath?: string;
  /** Where in each tool call its name and arguments are (`name` and `arguments` when not said). */
  toolCall?: { namePath: string; argumentsPath: string };
  usage?: { promptTokensPath?: string; completionTokensPath?: string };
  /** Where an answer sent with HTTP 200 (or a streamed event) says it failed; `error` when not said. */
  errorPath?: string;
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
      const stream = options.stream;
      const accept = stream?.format === 'sse' ? 'text/event-stream' : stream ? 'application/x-ndjson, application/json' : 'application/json';
      const response = await openChatResponse({ url: options.url, method: options.method, headers, body, signal, secrets: options.secrets, blocked: options.blocked, accept });
      const errorPath = options.errorPath ?? 'error';
      const answer = stream
        ? await readStreamedAnswer(response, stream, { ...options, errorPath })
        : wholeAnswer(parseJsonAnswer(await readText(response), response, options.secrets, options.blocked), options.replyPath ?? '', response.status, errorPath, options.secrets);
      const toolCalls = toolCallsOf(answer.at, options.toolCallsPath, options.toolCall ?? { namePath: 'name', argumentsPath: 'arguments' }, response.status);
      if (stream && answer.events > 0 && answer.pieces === 0 && toolCalls.length === 0) throw new ProtocolError(`no streamed event had text at "${stream.text}" (check stream.text in the target file)`, response.status);
      const sessionId = sessionOf(answer.at, response, options.session) ?? request.sessionId;
      const promptTokens = numberAt(answer.at, options.usage?.promptTokensPath);
      const completionTokens = numberAt(answer.at, options.usage?.completionTokensPath);
      return {
        reply: {
          content: answer.text,
          toolCalls,
          ...(promptTokens !== undefined || completionTokens !== undefined ? { usage: { promptTokens, completionTokens } } : {}),
          ...(sessionId !== undefined ? { sessionId } : {}),
        },
        status: response.status,
      };
    },
    close: async () => undefined,
  };
}

/** Where a value of the answer is found: in the one JSON body, or in the last streamed event that has it. */
type Lookup = (path: string) => unknown;

function wholeAnswer(json: unknown, replyPath: string, status: number, errorPath: string, secrets: readonly string[]): { text: string; events: number; pieces: number; at: Lookup } {
  const failure = errorInAnswer(json, errorPath, secrets);
  if (failure) throw failure;
  const reply = getPath(json, replyPath);
  if (typeof reply !== 'string') throw new ProtocolError(`no reply text at "${replyPath}" (found ${reply === undefined ? 'nothing' : typeof reply})`, status);
  return { text: reply, events: 1, pieces: 1, at: (path) => getPath(json, path) };
}

function sessionOf(at: Lookup, response: Response, session: HttpChatOptions['session']): string | undefined {
  if (session?.responseHeader) {
    const value = response.headers.get(session.responseHeader);
    if (value) return value;
  }
  if (session?.responsePath) {
    const value = at(session.responsePath);
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

function numberAt(at: Lookup, path: string | undefined): number | undefined {
  if (path === undefined) return undefined;
  const value = at(path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function toolCallsOf(at: Lookup, path: string | undefined, fields: { namePath: string; argumentsPath: string }, status: number): ToolCall[] {
  if (path === undefined) return [];
  const value = at(path);
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
