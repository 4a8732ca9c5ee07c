import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputErrorOf } from '../test-support/input-error.ts';
import { openTextRows, type TextCell as Cell } from './text-rows.ts';

// Rows as written, the view the data manifests hash (src/data/provenance).
const dir = mkdtempSync(join(tmpdir(), 'rampart-text-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, content: string): Promise<{ columns: readonly string[]; rows: Cell[][]; lines: number[] }> {
  const file = join(dir, name);
  writeFileSync(file, content);
  const source = await openTextRows(file, { format: file.endsWith('.jsonl') ? 'jsonl' : 'csv', batchRows: 1024 });
  const rows: Cell[][] = [];
  const lines: number[] = [];
  for await (const batch of source.batches()) {
    rows.push(...batch.rows);
    lines.push(...batch.lines);
  }
  return { columns: source.columns(), rows, lines };
}

describe('reading rows', () => {
  it.each([
    { name: 'plain CSV, LF', file: 'a.csv', content: 'a,b\n1,2\n3,4\n', rows: [['1', '2'], ['3', '4']], lines: [2, 3] },
    { name: 'CRLF, no final line break', file: 'b.csv', content: 'a,b\r\n1,2\r\n3,4', rows: [['1', '2'], ['3', '4']], lines: [2, 3] },
    { name: 'quoted delimiter, doubled quote, line break', file: 'c.csv', content: 'a,b\n"x,y","say ""hi"""\n"two\nlines",z\nlast,1\n', rows: [['x,y', 'say "hi"'], ['two\nlines', 'z'], ['last', '1']], lines: [2, 3, 5] },
    { name: 'blank lines skipped', file: 'd.csv', content: 'a\n1\n\n2\n', rows: [['1'], ['2']], lines: [2, 4] },
    { name: 'TSV', file: 'e.tsv', content: 'a\tb\n1,5\t2\n', rows: [['1,5', '2']], lines: [2] },
    { name: 'JSON Lines: columns as they appear, missing as null', file: 'f.jsonl', content: '{"a":1,"b":"x"}\n\n{"b":"y","c":true}\n', rows: [[1, 'x'], [null, 'y', true]], lines: [1, 3] },
    { name: 'JSON Lines: arrays and objects as their JSON, CR LF', file: 'g.jsonl', content: '{"a":[1,2],"b":{"k":null}}\r\n{"a":"1.50"}\r\n', rows: [['[1,2]', '{"k":null}'], ['1.50', null]], lines: [1, 2] },
    { name: 'CSV cells as written: no types, no missing values', file: 'h.csv', content: 'a,b\n1.50,NA\n,x\n', rows: [['1.50', 'NA'], ['', 'x']], lines: [2, 3] },
  ])('$name', async ({ file, content, rows, lines }) => {
    const read_ = await read(file, content);
    expect(read_.rows).toEqual(rows);
    expect(read_.lines).toEqual(lines);
  });

  it('reads a CSV larger than one read chunk, with quoted values across chunk boundaries', async () => {
    const body = Array.from({ length: 40_000 }, (_, i) => `${i},"v ""${i}""\nx"`).join('\n');
    const result = await read('big.csv', `id,text\n${body}\n`);
    expect(result.rows.length).toBe(40_000);
    expect(result.rows[39_999]).toEqual(['39999', 'v "39999"\nx']);
    expect(result.lines[39_999]).toBe(2 + 39_999 * 2);
  });

  it.each([
    { name: '0-byte file', file: 'empty.csv', content: '', message: /empty \(0 bytes\)/, line: undefined },
    { name: 'blank lines only', file: 'blank.csv', content: '\n\n', message: /only blank lines/, line: undefined },
    { name: 'ragged row', file: 'ragged.csv', content: 'a,b\n1,2\n3\n', message: /ragged row: 1 field\(s\) where the header has 2/, line: 3 },
    { name: 'quote never closed', file: 'open.csv', content: 'a,b\n1,"2\n3,4\n', message: /never closed/, line: 2 },
    { name: 'text after a closing quote', file: 'after.csv', content: 'a,b\n1,"2"x\n', message: /follows a closing quote/, line: 2 },
    { name: 'duplicate column', file: 'dup.csv', content: 'a,a\n1,2\n', message: /names column "a" twice/, line: 1 },
    { name: 'invalid JSON line', file: 'bad.jsonl', content: '{"a":1}\n{"a":\n', message: /not valid JSON/, line: 2 },
    { name: 'JSON line not an object', file: 'arr.jsonl', content: '{"a":1}\n[1,2]\n', message: /not a JSON object/, line: 2 },
  ])('bad input: $name → one message with file and line', async ({ file, content, message, line }) => {
    const e = await inputErrorOf(() => read(file, content));
    expect(e.message).toMatch(message);
    expect(e.where.file).toBe(join(dir, file));
    expect(e.where.line).toBe(line);
  });
});
