import { randomBytes } from 'node:crypto';
import type { Sink } from './sink.ts';

/**
 * JSON written as a stream: a document is an ordinary value in which some arrays are `streamedArray(items)`, read
 * one element at a time while writing. The rest is serialised by JSON.stringify, so the output is exactly what
 * JSON.stringify(document, null, indent) would give for the same values — a test holds it to that.
 */
export class StreamedArray<T = unknown> {
  constructor(
    readonly items: AsyncIterable<T> | Iterable<T>,
    /** Each item is already JSON text (see `serialisedArray`), written as it is. */
    readonly serialised = false,
  ) {}

  /**
   * JSON.stringify's own hook, not a replacer: a replacer function is called for every key of every finding and took
   * JSON.stringify off its native path (writeJson was the largest cost of an HDF report in a CPU profile). Only called
   * inside writeJson's synchronous JSON.stringify, which sets `collecting`.
   */
  toJSON(): string {
    return placeholder(this);
  }
}

/**
 * An object whose entries are read one at a time while writing, in the order given: `rollups.byAsset` of a stored
 * review, one entry per asset. An entry whose value is undefined is left out, as JSON.stringify leaves it out.
 */
export class StreamedObject<T = unknown> {
  constructor(readonly entries: AsyncIterable<readonly [string, T]> | Iterable<readonly [string, T]>) {}

  toJSON(): string {
    return placeholder(this);
  }
}

export function streamedObject<T>(entries: AsyncIterable<readonly [string, T]> | Iterable<readonly [string, T]>): StreamedObject<T> {
  return new StreamedObject(entries);
}

function placeholder(streamed: StreamedArray | StreamedObject): string {
  if (!collecting) throw new Error('a streamed value is written by writeJson, not JSON.stringify');
  return `@@stream-${NONCE}-${collecting.push(streamed) - 1}@@`;
}

export function streamedArray<T>(items: AsyncIterable<T> | Iterable<T>): StreamedArray<T> {
  return new StreamedArray(items);
}

/**
 * An array whose elements are already JSON: each text is `JSON.stringify(element, null, indent)` with the indent of the
 * writeJson that writes the array (its margin is added here). For elements serialised earlier, in a pass that had
 * to read them before their place in the document came (src/report/stream/spill.ts).
 */
export function serialisedArray(texts: AsyncIterable<string> | Iterable<string>): StreamedArray<string> {
  return new StreamedArray(texts, true);
}

/** A token that cannot occur in serialised text by chance: stands in for each streamed array in the skeleton. */
const NONCE = randomBytes(9).toString('base64url');
const TOKEN = new RegExp(`"@@stream-${NONCE}-(\\d+)@@"`, 'g');

/** The streamed values met by the JSON.stringify running now (it is synchronous, so one at a time). */
let collecting: (StreamedArray | StreamedObject)[] | undefined;

export async function writeJson(out: Sink, value: unknown, indent = 2, margin = ''): Promise<void> {
  const streams: (StreamedArray | StreamedObject)[] = [];
  collecting = streams;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, indent) as string | undefined;
  } finally {
    collecting = undefined;
  }
  const skeleton = reindent(text, margin);
  if (skeleton === undefined) return;
  // Most values (every finding of a report) hold no streamed array: no token to look for.
  if (streams.length === 0) return out.write(skeleton);
  let from = 0;
  for (const match of skeleton.matchAll(TOKEN)) {
    const at = match.index;
    await out.write(skeleton.slice(from, at));
    const lineStart = skeleton.lastIndexOf('\n', at) + 1;
    const lineMargin = /^ */.exec(skeleton.slice(lineStart, at))?.[0] ?? '';
    const streamed = streams[Number(match[1])];
    if (streamed instanceof StreamedObject) await writeEntries(out, streamed, indent, lineMargin);
    else await writeElements(out, streamed as StreamedArray, indent, lineMargin);
    from = at + match[0].length;
  }
  await out.write(skeleton.slice(from));
}

async function writeElements(out: Sink, array: StreamedArray, indent: number, margin: string): Promise<void> {
  const inner = margin + ' '.repeat(indent);
  const [open, separator, close] = indent > 0 ? [`[\n${inner}`, `,\n${inner}`, `\n${margin}]`] : ['[', ',', ']'];
  let first = true;
  for await (const item of array.items) {
    await out.write(first ? open : separator);
    first = false;
    if (array.serialised) {
      await out.write(reindent(item as string, inner) as string);
      continue;
    }
    // JSON.stringify writes null for array elements it cannot represent.
    const value = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item;
    await writeJson(out, value, indent, inner);
  }
  await out.write(first ? '[]' : close);
}

async function writeEntries(out: Sink, object: StreamedObject, indent: number, margin: string): Promise<void> {
  const inner = margin + ' '.repeat(indent);
  const [open, separator, close, colon] = indent > 0 ? [`{\n${inner}`, `,\n${inner}`, `\n${margin}}`, ': '] : ['{', ',', '}', ':'];
  let first = true;
  for await (const [key, value] of object.entries) {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    await out.write(`${first ? open : separator}${JSON.stringify(key)}${colon}`);
    first = false;
    await writeJson(out, value, indent, inner);
  }
  await out.write(first ? '{}' : close);
}

/** Shift every line after the first by `margin`: newlines only occur between tokens in JSON, never inside strings. */
function reindent(text: string | undefined, margin: string): string | undefined {
  return margin === '' || text === undefined ? text : text.replace(/\n/g, `\n${margin}`);
}
