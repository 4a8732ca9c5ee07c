import { randomBytes } from 'node:crypto';
import type { Sink } from './sink.ts';

/**
 * JSON written as a stream: a document is an ordinary value in which some arrays are `streamedArray(items)`, read
 * one element at a time while writing. The rest is serialised by JSON.stringify, so the output is exactly what
 * JSON.stringify(document, null, indent) would give for the same values — a test holds it to that.
 */
export class StreamedArray<T = unknown> {
  constructor(readonly items: AsyncIterable<T> | Iterable<T>) {}
}

export function streamedArray<T>(items: AsyncIterable<T> | Iterable<T>): StreamedArray<T> {
  return new StreamedArray(items);
}

/** A token that cannot occur in serialised text by chance: stands in for each streamed array in the skeleton. */
const NONCE = randomBytes(9).toString('base64url');
const TOKEN = new RegExp(`"@@stream-${NONCE}-(\\d+)@@"`, 'g');

export async function writeJson(out: Sink, value: unknown, indent = 2, margin = ''): Promise<void> {
  const streams: StreamedArray[] = [];
  const replacer = function (this: unknown, _key: string, v: unknown): unknown {
    if (v instanceof StreamedArray) return `@@stream-${NONCE}-${streams.push(v) - 1}@@`;
    return v;
  };
  const skeleton = reindent(JSON.stringify(value, replacer, indent), margin);
  if (skeleton === undefined) return;
  let from = 0;
  for (const match of skeleton.matchAll(TOKEN)) {
    const at = match.index;
    await out.write(skeleton.slice(from, at));
    const lineStart = skeleton.lastIndexOf('\n', at) + 1;
    const lineMargin = /^ */.exec(skeleton.slice(lineStart, at))?.[0] ?? '';
    await writeElements(out, streams[Number(match[1])] as StreamedArray, indent, lineMargin);
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
    // JSON.stringify writes null for array elements it cannot represent.
    const value = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item;
    await writeJson(out, value, indent, inner);
  }
  await out.write(first ? '[]' : close);
}

/** Shift every line after the first by `margin`: newlines only occur between tokens in JSON, never inside strings. */
function reindent(text: string | undefined, margin: string): string | undefined {
  return margin === '' || text === undefined ? text : text.replace(/\n/g, `\n${margin}`);
}
