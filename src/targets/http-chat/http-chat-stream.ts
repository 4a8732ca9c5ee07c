import { ProtocolError } from '../guarded-target.ts';
import { redact } from '../credentials.ts';
import { getPath } from '../json-path.ts';
import { BlockedByApp, blockedBy, type BlockedRule } from '../chat/blocked.ts';
import { parseLine, parseStreamedJson, readLines, readSseEvents } from '../chat/chat-http.ts';
import { TransientError } from '../retry.ts';
import { errorInAnswer } from '../chat/answer-error.ts';

/** How an app streams its answer (the target file's `stream`): the framing, where each piece's text is, what ends it. */
export interface HttpChatStream {
  format: 'sse' | 'jsonl';
  text: string;
  done?: string | { path: string; equals: string | number | boolean };
  /** Only events whose value at `path` equals `equals` carry text (TGI's final special token, a Responses API's other deltas). */
  when?: { path: string; equals: string | number | boolean };
}

export interface StreamedAnswer {
  text: string;
  /** Events read, and those that carried text: events but no text mean `stream.text` names the wrong place (or the answer is tool calls only). */
  events: number;
  pieces: number;
  /** The value at `path` in the last event that has one: usage, tool calls and session ids come once, often last. */
  at(path: string): unknown;
}

/**
 * Reads a streamed answer: server-sent events (`data:` payloads) or JSON lines, each a JSON event with a piece
 * of the text at `stream.text`; events that carry no text (a start, a usage report) are kept for `at`. The
 * framing is the one the model-API targets read (`readSseData`, `readLines`), so a line or a character split
 * across chunks is joined the same way.
 */
export async function readStreamedAnswer(response: Response, stream: HttpChatStream, options: { secrets: readonly string[]; blocked?: readonly BlockedRule[]; errorPath?: string }): Promise<StreamedAnswer> {
  const events: unknown[] = [];
  let text = '';
  let pieces = 0;
  let ended = false;
  for await (const { name, payload } of payloadsOf(response, stream.format)) {
    if (typeof stream.done === 'string' && payload.trim() === stream.done) {
      ended = true;
      break;
    }
    // `event: error` is how SSE servers (LangServe, Anthropic, the Responses API) report a failure after the 200.
    if (name === 'error') throw new TransientError(`streamed event ${events.length + 1} is an error event: ${redact(payload.slice(0, 200), options.secrets)}`);
    const event = stream.format === 'sse' ? parseStreamedJson(payload, response.status) : parseLine(payload, response, options.secrets);
    // A guardrail may refuse mid-stream with a JSON error event: the app refusing, not a broken answer.
    const evidence = blockedBy(options.blocked, response.status, event);
    if (evidence !== undefined) throw new BlockedByApp(evidence, response.status);
    const failure = options.errorPath === undefined ? undefined : errorInAnswer(event, options.errorPath, options.secrets, `streamed event ${events.length + 1}`);
    if (failure) throw failure;
    events.push(event);
    const carriesText = stream.when === undefined || getPath(event, stream.when.path) === stream.when.equals;
    const piece = carriesText ? getPath(event, stream.text) : undefined;
    if (typeof piece === 'string') {
      text += piece;
      pieces++;
    }
    else if (piece !== undefined && piece !== null) throw new ProtocolError(`streamed event ${events.length}: the text at "${stream.text}" is ${typeof piece}, not a string`, response.status);
    if (typeof stream.done === 'object' && getPath(event, stream.done.path) === stream.done.equals) {
      ended = true;
      break;
    }
  }
  if (stream.done !== undefined && !ended) throw new ProtocolError(`the stream ended before its done marker (${describeDone(stream.done)})`, response.status);
  if (events.length === 0 && !ended) throw new ProtocolError('the stream ended with no event', response.status);
  return {
    text,
    events: events.length,
    pieces,
    at(path) {
      for (let i = events.length - 1; i >= 0; i--) {
        const value = getPath(events[i], path);
        if (value !== undefined) return value;
      }
      return undefined;
    },
  };
}

/** The payloads of the stream, with the SSE event's name (JSON lines have none); SSE events with no data are skipped. */
async function* payloadsOf(response: Response, format: HttpChatStream['format']): AsyncGenerator<{ name?: string; payload: string }> {
  if (format === 'jsonl') {
    for await (const payload of readLines(response)) yield { payload };
    return;
  }
  for await (const event of readSseEvents(response)) {
    // LangServe ends with `event: end` and no data: a marker, not a JSON event.
    if (event.data.trim() === '' && event.event !== 'error') continue;
    yield { ...(event.event ? { name: event.event } : {}), payload: event.data };
  }
}

function describeDone(done: NonNullable<HttpChatStream['done']>): string {
  return typeof done === 'string' ? JSON.stringify(done) : `${done.path} = ${JSON.stringify(done.equals)}`;
}
