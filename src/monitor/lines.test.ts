import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../ml/rng.ts';
import { followLog, readLog, textSink, type ByteSink } from './lines.ts';

/**
 * The lines as they were read before lines were bytes: the stream decoded a chunk at a time (a StringDecoder),
 * then split as text. Unlike readline, an incomplete character at the very end is a U+FFFD, not dropped.
 */
function decodedLines(chunks: readonly Buffer[]): string[] {
  const decoder = new StringDecoder('utf8');
  const text = chunks.map((c) => decoder.write(c)).join('') + decoder.end();
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

describe('reading logs', () => {
  it('numbers the lines of standard input, CRLF or LF', async () => {
    const seen: [string, string, number][] = [];
    await readLog('-', textSink((t, s, n) => seen.push([t, s, n])), Readable.from(['{"a":1}\r\n{"a"', ':2}\n\n{"a":3}']));
    expect(seen).toEqual([
      ['{"a":1}', '-', 1],
      ['{"a":2}', '-', 2],
      ['', '-', 3],
      ['{"a":3}', '-', 4],
    ]);
  });

  it('keeps a character whose UTF-16 pair is split across two string chunks', async () => {
    const seen: string[] = [];
    await readLog('-', textSink((t) => seen.push(t)), Readable.from(['{"a":"\ud83d', '\ude00"}\n{"b":"\ud83d']));
    expect(seen).toEqual(['{"a":"\u{1f600}"}', '{"b":"\ufffd']);
  });

  it('splits lines as readline did, wherever the chunks break (CR, CRLF across chunks, characters split in two)', async () => {
    const rng = createRng(5);
    const alphabet = ['a', '{"x":1}', '\r', '\n', '\r\n', 'é', '😀', ' '];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: rng.int(30) }, () => alphabet[rng.int(alphabet.length)]).join('');
      const bytes = Buffer.from(text, 'utf8');
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + rng.int(6);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const want: string[] = [];
      for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) want.push(line);
      const got: string[] = [];
      await readLog('-', textSink((t) => got.push(t)), Readable.from(chunks));
      expect(got, JSON.stringify(text)).toEqual(want);
    }
  });

  it('gives each line as bytes ending in a 0, decoded as the stream decoded whole was split: invalid UTF-8 and characters split across chunks', async () => {
    // Pieces of bytes: line ends, ASCII, 2-, 3- and 4-byte characters, and sequences that are not UTF-8 (a lone
    // continuation, a cut 3-byte character, an overlong form, a surrogate's encoding, 0xFF).
    const pieces = ['\n', '\r', '\r\n', 'a', '{"x":1}', ' ', 'é', '€', '😀'].map((t) => Buffer.from(t)).concat([[0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf0, 0x9f]].map((b) => Buffer.from(b)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(pieces.length - 1), { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), async (picks, sizes) => {
        const bytes = Buffer.concat(picks.map((k) => pieces[k] as Buffer));
        const chunks: Buffer[] = [];
        for (let at = 0, k = 0; at < bytes.length; k++) {
          const size = sizes[k % sizes.length] as number;
          chunks.push(Buffer.from(bytes.subarray(at, at + size)));
          at += size;
        }
        const want = decodedLines(chunks);
        const got: string[] = [];
        const sink: ByteSink = (b, start, end, _source, n) => {
          expect(b[end]).toBe(0);
          expect(n).toBe(got.length + 1);
          got.push(b.toString('utf8', start, end));
        };
        await readLog('-', sink, Readable.from(chunks));
        expect(got).toEqual(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a file of several read buffers: lines, a CRLF and a character across the buffers\' edges', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-lines-'));
    const file = join(dir, 'log.jsonl');
    const rng = createRng(9);
    const MB = 1024 * 1024;
    const parts: Buffer[] = [];
    let size = 0;
    const add = (text: string): void => {
      const b = Buffer.from(text);
      parts.push(b);
      size += b.length;
    };
    // Up to a byte before the first edge, then \r | \n across it; before the second edge a 4-byte character across it.
    while (size < MB - 200) add(`{"client":"k${rng.int(100)}","x":[${rng.int(1000)}],"note":"${'é😀a'.slice(0, 1 + rng.int(3))}"}${['\n', '\r\n', '\r'][rng.int(3)]}`);
    add('x'.repeat(MB - 1 - size) + '\r\n');
    while (size < 2 * MB - 200) add(`{"client":"k${rng.int(100)}"}\n`);
    add('y'.repeat(2 * MB - 2 - size) + '😀' + '\n' + `{"long":"${'z'.repeat(3 * MB)}"}\nlast, no line end`);
    await writeFile(file, Buffer.concat(parts));
    const want: string[] = [];
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) want.push(line);
    const got: string[] = [];
    expect(await readLog(file, textSink((t) => got.push(t)))).toBe(want.length);
    expect(got).toEqual(want);
  });

  it('follows a file: appended lines, a partial line completed later, and a truncated file read again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-follow-'));
    const file = join(dir, 'log.jsonl');
    await writeFile(file, 'one\ntw');
    const seen: string[] = [];
    const controller = new AbortController();
    // Each wait is a step of the scenario: no clock is involved.
    const steps = [
      () => appendFile(file, 'o\nthree\n'),
      () => writeFile(file, 'new\n'),
      async () => controller.abort(),
    ];
    await followLog(file, (t, _s, n) => seen.push(`${n}:${t}`), { signal: controller.signal, wait: async () => void (await steps.shift()?.()) });
    expect(seen).toEqual(['1:one', '2:two', '3:three', '1:new']);
  });
});
