import { ProtocolError } from '../guarded-target.ts';
import { getPath } from '../json-path.ts';
import { BlockedByApp, blockedBy, type BlockedRule } from '../chat/blocked.ts';
import { parseLine, parseStreamedJson, readLines, readSseData } from '../chat/chat-http.ts';

/** How an app streams its answer (the target file's `stream`): the framing, where each piece's text is, what ends it. */
export interface HttpChatStream {
  format: 'sse' | 'jsonl';
  text: string;
  done?: string | { path: string; equals: string | number | boolean };
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
export async function readStreamedAnswer(response: Response, stream: HttpChatStream, options: { secrets: readonly string[]; blocked?: readonly BlockedRule[] }): Promise<StreamedAnswer> {
  const events: unknown[] = [];
  let text = '';
  let pieces = 0;
  let ended = false;
  const payloads = stream.format === 'sse' ? readSseData(response) : readLines(response);
  for await (const payload of payloads) {
    if (typeof stream.done === 'string' && payload.trim() === stream.done) {
      ended = true;
      break;
    }
    const event = stream.format === 'sse' ? parseStreamedJson(payload, response.status) : parseLine(payload, response, options.secrets);
    // A guardrail may refuse mid-stream with a JSON error event: the app refusing, not a broken answer.
    const evidence = blockedBy(options.blocked, response.status, event);
    if (evidence !== undefined) throw new BlockedByApp(evidence, response.status);
    events.push(event);
    const piece = getPath(event, stream.text);
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

function describeDone(done: NonNullable<HttpChatStream['done']>): string {
  return typeof done === 'string' ? JSON.stringify(done) : `${done.path} = ${JSON.stringify(done.equals)}`;
}
