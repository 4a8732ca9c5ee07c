import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRng } from '../ml/rng.ts';
import { followLog, readLog } from './lines.ts';

describe('reading logs', () => {
  it('numbers the lines of standard input, CRLF or LF', async () => {
    const seen: [string, string, number][] = [];
    await readLog('-', (t, s, n) => seen.push([t, s, n]), Readable.from(['{"a":1}\r\n{"a"', ':2}\n\n{"a":3}']));
    expect(seen).toEqual([
      ['{"a":1}', '-', 1],
      ['{"a":2}', '-', 2],
      ['', '-', 3],
      ['{"a":3}', '-', 4],
    ]);
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
      await readLog('-', (t) => got.push(t), Readable.from(chunks));
      expect(got, JSON.stringify(text)).toEqual(want);
    }
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
