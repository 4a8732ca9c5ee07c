import type { InferenceEvent } from '../event.ts';
import { argmax, labelsOf, promptOf, pushEvents, rowsOf, setNumber, systemOf, textOf, timeOf, toolCallsOf } from '../extract.ts';
import type { Mapping } from '../mapping.ts';
import { isoMillis } from './iso-time.ts';
import { asciiText, line, type Bytes } from './json-scan.ts';
import { Names } from './names.ts';
import { bytesOf, readLine, releaseBuffers } from './reader.ts';
import { planOf, type PathNode, type Plan } from './wanted.ts';

/**
 * A line's events without JSON.parse: the bench's KServe line (459 bytes, 64 numbers) took ~6.7 µs through
 * JSON.parse and extract.ts, mostly building and collecting an object whose numbers were then copied out. The line
 * is scanned once (reader.ts); the fields are then read as extract.ts reads them, from the same helpers, so the
 * events are the same. `undefined` (the line is not one this reads, see reader.ts) means: take the generic path,
 * which gives today's events or today's message for a malformed line.
 */
/** Lines longer than this (characters) leave no outsized buffers behind (reader.ts). */
const LARGE_LINE = 65_536;

export class FastEvents {
  private stamp = 0;
  private readonly names = new Names();

  private constructor(private readonly plan: Plan) {}

  /** Undefined for a mapping whose paths the reader does not model (wanted.ts). */
  static of(mapping: Mapping): FastEvents | undefined {
    const plan = planOf(mapping);
    return plan ? new FastEvents(plan) : undefined;
  }

  /** A line given as text (the alternate bench and tests; the CLI gives bytes). */
  events(text: string, source: string, lineNo: number): InferenceEvent[] | undefined {
    const b = bytesOf(text);
    if (b !== undefined) return this.read(b, 0, text.length, text, source, lineNo);
    if (text.length > LARGE_LINE) releaseBuffers();
    return undefined;
  }

  /**
   * A line as the bytes `b[start..end)`, `b[end]` a 0: the file's own buffer, so a line read from a file is never
   * decoded to a string and encoded back. A line that is not ASCII is not read here.
   */
  eventsOfBytes(b: Bytes, start: number, end: number, source: string, lineNo: number): InferenceEvent[] | undefined {
    return this.read(b, start, end, undefined, source, lineNo);
  }

  private read(b: Bytes, start: number, end: number, text: string | undefined, source: string, lineNo: number): InferenceEvent[] | undefined {
    // Stamps tell this line's values from earlier lines' without clearing every node.
    const stamp = ++this.stamp;
    line.text = text;
    line.start = start;
    line.end = end;
    try {
      if (!readLine(b, start, end, this.plan.root, stamp)) return undefined;
      return this.mapped(b, source, lineNo, stamp);
    } catch {
      // What extract.ts throws on (a tensor's impossible shape) it throws again on the generic path, which reports it.
      return undefined;
    } finally {
      line.text = undefined;
      if (end - start > LARGE_LINE) releaseBuffers();
    }
  }

  /** extract.ts's `eventsOf` for one record, each field taken from the nodes the scan filled. */
  private mapped(b: Bytes, source: string, lineNo: number, stamp: number): InferenceEvent[] {
    const f = this.plan.fields;
    const base: InferenceEvent = { source, line: lineNo, client: this.client(b, stamp) };
    const timeNode = found(f.time, stamp);
    if (timeNode) {
      // The ISO form every payload logger writes, from its digits; Date.parse (in timeOf) for any other.
      const iso = timeNode.kind === 34 && !timeNode.escaped ? isoMillis(b, timeNode.start + 1, timeNode.end - 1) : undefined;
      const time = iso ?? timeOf(decode(b, timeNode), this.plan.timeUnit);
      if (time !== undefined) base.time = time;
    }
    if (f.prompt) {
      const messages = valueOf(b, f.prompt, stamp);
      const prompt = promptOf(messages);
      if (prompt) base.prompt = prompt;
      const system = systemOf(messages);
      if (system) base.system = system;
    }
    if (f.reply) {
      const reply = promptOf(valueOf(b, f.reply, stamp), true);
      if (reply) base.reply = reply;
    }
    setNumber(base, 'tokensIn', valueOf(b, f.tokensIn, stamp));
    setNumber(base, 'tokensOut', valueOf(b, f.tokensOut, stamp));
    setNumber(base, 'latencyMs', valueOf(b, f.latency, stamp));
    if (f.toolCalls) {
      const tools = toolCallsOf(valueOf(b, f.toolCalls, stamp));
      if (tools.length > 0) base.toolCalls = tools;
    }

    const inputNode = found(f.input, stamp);
    const inputs = !inputNode ? [] : (inputNode.rows ?? rowsOf(decode(b, inputNode), false, true));
    let scores: (Float64Array | undefined)[];
    let labels: (string | undefined)[];
    if (this.plan.sharedAnswer) {
      const answerNode = found(f.scores, stamp);
      if (answerNode?.rows && answerNode.direct === 'answer') {
        scores = answerNode.rows;
        // A loop, not `scores.map`: the builtin's result is a packed array, TurboFan's inlined map a holey one, and the
        // second kind reaching pushEvents threw away the compiled `mapped` (a 26 ms compilation again).
        labels = [];
        for (let i = 0; i < scores.length; i++) {
          const row = scores[i];
          labels.push(row ? String(argmax(row)) : undefined);
        }
      } else {
        const answer = answerNode ? decode(b, answerNode) : undefined;
        scores = rowsOf(answer, true);
        labels = labelsOf(answer, scores);
      }
    } else {
      scores = rowsOf(valueOf(b, f.scores, stamp), true);
      labels = labelsOf(valueOf(b, f.label, stamp));
    }
    const out: InferenceEvent[] = [];
    pushEvents(out, base, inputs, scores, labels);
    return out;
  }

  /** extract.ts's client: the text of the value, its first 200 characters, 'unknown' for none or an empty one. */
  private client(b: Bytes, stamp: number): string {
    const node = found(this.plan.fields.client, stamp);
    if (node === undefined || node.kind !== 34 || node.escaped) return textOf(node && decode(b, node))?.slice(0, 200) || 'unknown';
    const from = node.start + 1;
    const to = Math.min(node.end - 1, from + 200);
    return to > from ? this.names.of(b, from, to) : 'unknown';
  }
}

/** The first alternative this line holds and is not null: what `readPath` returns. */
function found(nodes: readonly PathNode[] | undefined, stamp: number): PathNode | undefined {
  if (nodes) for (const node of nodes) if (node.stamp === stamp && node.kind !== 110) return node;
  return undefined;
}

function valueOf(b: Bytes, nodes: readonly PathNode[] | undefined, stamp: number): unknown {
  const node = found(nodes, stamp);
  return node ? decode(b, node) : undefined;
}

/**
 * The value JSON.parse would have given at the node: strings and numbers as scanned, objects and arrays parsed alone
 * (the line was read whole, so its bytes are ASCII: its characters).
 */
function decode(b: Bytes, node: PathNode): unknown {
  switch (node.kind) {
    case 34:
      return node.escaped ? JSON.parse(asciiText(b, node.start, node.end)) : asciiText(b, node.start + 1, node.end - 1);
    case 116:
      return true;
    case 102:
      return false;
    case 123:
    case 91:
      return JSON.parse(asciiText(b, node.start, node.end));
    default:
      return node.number;
  }
}
