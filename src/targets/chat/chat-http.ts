import { createParser } from 'eventsource-parser';
import type { z } from 'zod';
import { redact } from '../credentials.ts';
import { ProtocolError } from '../guarded-target.ts';
import { failureFor, sendRequest } from '../http-call.ts';
import { BlockedByApp, blockedBy, type BlockedRule } from './blocked.ts';

export interface ChatHttpCall {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body?: unknown;
  signal: AbortSignal;
  /** Resolved credentials, scrubbed from anything quoted back to the user. */
  secrets: readonly string[];
  /** What the answer is expected to be, for the Accept header. */
  accept?: string;
  /** Answers that mean the app refused by policy (HTTP 400 with a policy code, say). */
  blocked?: readonly BlockedRule[];
}

/** What every model-API transport (OpenAI, Ollama, Anthropic) is opened with; each adds its URL and extras. */
export interface ChatApiOptions {
  model: string;
  headers: Record<string, string>;
  /** Resolved credentials, scrubbed from anything quoted back to the user. */
  secrets: readonly string[];
  /** Answers that mean the app refused by policy (the target file's `blocked`). */
  blocked?: readonly BlockedRule[];
  stream: boolean;
}

/** One `data:` payload of an event stream as JSON, or an error quoting it. */
export function parseStreamedJson(data: string, status: number): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    throw new ProtocolError(`a streamed event is not JSON: ${JSON.stringify(data.slice(0, 120))}`, status);
  }
}

/** Chat answers are text; a body past this is not a chat answer but an endpoint that never stops talking. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** Sends the request; a non-2xx answer becomes the retry-or-fail error every target shares. */
export async function openChatResponse(call: ChatHttpCall): Promise<Response> {
  const method = call.method ?? 'POST';
  const headers = { 'content-type': 'application/json', accept: call.accept ?? 'application/json', ...call.headers };
  const response = await sendRequest(call.url, method, headers, method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(call.body), call.signal);
  if (!response.ok) {
    const text = await readText(response, 64 * 1024).catch(() => '');
    const evidence = blockedBy(call.blocked, response.status, jsonOrUndefined(text));
    if (evidence !== undefined) throw new BlockedByApp(evidence, response.status);
    throw failureFor(response, text, call.secrets);
  }
  return response;
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Raw chunks of the body, ended with an error past `maxBytes` (a body that never ends stops at the timeout). */
async function* chunks(response: Response, maxBytes: number): AsyncGenerator<string> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let bytes = 0;
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new ProtocolError(`answer is longer than ${maxBytes} bytes`, response.status);
    }
    yield decoder.decode(chunk, { stream: true });
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

export async function readText(response: Response, maxBytes = MAX_ANSWER_BYTES): Promise<string> {
  let text = '';
  for await (const part of chunks(response, maxBytes)) {
    // Only the start of an over-long error body is ever quoted.
    if (text.length < maxBytes) text += part;
  }
  return text;
}

/**
 * Parses a JSON answer or says what came instead (HTML error pages are the usual culprit); an answer that
 * matches a `blocked` rule (a JSON error object sent with HTTP 200) is the app refusing.
 */
export function parseJsonAnswer(text: string, response: Response, secrets: readonly string[], blocked?: readonly BlockedRule[]): unknown {
  try {
    const json = JSON.parse(text) as unknown;
    const evidence = blockedBy(blocked, response.status, json);
    if (evidence !== undefined) throw new BlockedByApp(evidence, response.status);
    return json;
  } catch (error) {
    if (error instanceof BlockedByApp) throw error;
    const type = response.headers.get('content-type') ?? 'no content-type';
    throw new ProtocolError(`answer is not JSON (${type}): ${JSON.stringify(redact(text.slice(0, 120), secrets))}`, response.status);
  }
}

/** The non-blank lines of the body, trimmed, whole however the chunks split them. */
export async function* readLines(response: Response): AsyncGenerator<string> {
  let buffer = '';
  for await (const part of chunks(response, MAX_ANSWER_BYTES)) {
    buffer += part;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield line;
    }
  }
  if (buffer.trim()) yield buffer.trim();
}

/** NDJSON lines (Ollama's streaming), parsed one by one. */
export async function* readJsonLines(response: Response, secrets: readonly string[]): AsyncGenerator<unknown> {
  for await (const line of readLines(response)) yield parseLine(line, response, secrets);
}

export function parseLine(line: string, response: Response, secrets: readonly string[]): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new ProtocolError(`a streamed line is not JSON: ${JSON.stringify(redact(line.slice(0, 120), secrets))}`, response.status);
  }
}

/** The `data:` payloads of a server-sent event stream, up to the end of the body. */
export async function* readSseData(response: Response): AsyncGenerator<string> {
  for await (const event of readSseEvents(response)) yield event.data;
}

/** The events of a server-sent event stream with their names (`event:`; undefined when the server gives none). */
export async function* readSseEvents(response: Response): AsyncGenerator<{ event?: string; data: string }> {
  const pending: { event?: string; data: string }[] = [];
  const parser = createParser({ onEvent: (event) => void pending.push({ ...(event.event ? { event: event.event } : {}), data: event.data }) });
  for await (const part of chunks(response, MAX_ANSWER_BYTES)) {
    parser.feed(part);
    while (pending.length > 0) yield pending.shift() as { event?: string; data: string };
  }
}

export function isEventStream(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').includes('text/event-stream');
}

/** Checks an answer against the shape its API documents; the error names the first field that is wrong. */
export function parseShape<T>(schema: z.ZodType<T>, value: unknown, what: string, status?: number): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '';
  throw new ProtocolError(`${what} is not as the API documents it: ${path || '(top)'}: ${issue?.message ?? 'invalid'}`, status);
}
