import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputErrorOf } from '../test-support/input-error.ts';
import { npyBytes, writeCsv, writeJsonl, writeNpy, writeNpz, writeParquet, type Table } from '../test-support/write-formats.ts';
import { openDataset } from './open-dataset.ts';
import type { Cell, DatasetReader } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const table: Table = {
  features: Array.from({ length: 2500 }, (_, i) => Float64Array.from([i, i * 0.5, -i / 7])),
  labels: Array.from({ length: 2500 }, (_, i) => i % 3),
};

async function readAll(reader: DatasetReader): Promise<{ rows: Cell[][]; firsts: number[] }> {
  const rows: Cell[][] = [];
  const firsts: number[] = [];
  for await (const batch of reader.batches()) {
    firsts.push(batch.firstRow);
    rows.push(...batch.rows);
  }
  return { rows, firsts };
}

describe('every format reads the same table, in bounded batches', () => {
  const cases: { format: string; file: string; write: (p: string) => void; columns: string[] }[] = [
    { format: 'csv with header', file: 't.csv', write: (p) => writeCsv(p, table), columns: ['f0', 'f1', 'f2', 'label'] },
    { format: 'csv without header', file: 'n.csv', write: (p) => writeCsv(p, table, false), columns: ['col1', 'col2', 'col3', 'col4'] },
    { format: 'json lines, array features', file: 't.jsonl', write: (p) => writeJsonl(p, table), columns: ['x[0]', 'x[1]', 'x[2]', 'label'] },
    { format: 'parquet, 3 row groups', file: 't.parquet', write: (p) => writeParquet(p, table, 1000), columns: ['f0', 'f1', 'f2', 'label'] },
    { format: 'npy 2-D', file: 't.npy', write: (p) => writeNpy(p, table), columns: ['col1', 'col2', 'col3', 'col4'] },
    { format: 'npz x and y', file: 't.npz', write: (p) => writeNpz(p, table), columns: ['x[0]', 'x[1]', 'x[2]', 'y'] },
  ];
  it.each(cases)('$format', async ({ file, write, columns }) => {
    const path = join(dir, file);
    write(path);
    const reader = await openDataset(path, { batchRows: 700 });
    expect(reader.schema.columns.map((c) => c.name)).toEqual(columns);
    expect(reader.schema.columns.every((c) => c.type === 'number')).toBe(true);
    const { rows, firsts } = await readAll(reader);
    expect(rows).toHaveLength(2500);
    expect(firsts.slice(0, 2)).toEqual([0, 700]);
    expect(rows[1234]?.map(Number)).toEqual([1234, 617, -1234 / 7, 1234 % 3].map((v) => Number(v)));
  });
});

describe('text cells', () => {
  it('reads quoted CSV fields, missing values and string labels, with line numbers', async () => {
    const path = join(dir, 'quoted.csv');
    writeFileSync(path, 'a,b,kind\n1,,"cat, striped"\n\n2,NaN,"dog\nbig"\n3,4.5,bird\n');
    const reader = await openDataset(path);
    expect(reader.schema.columns).toEqual([
      { name: 'a', type: 'number' },
      { name: 'b', type: 'number' },
      { name: 'kind', type: 'string' },
    ]);
    const batches = [];
    for await (const b of reader.batches()) batches.push(b);
    expect(batches[0]?.rows).toEqual([
      [1, null, 'cat, striped'],
      [2, null, 'dog\nbig'],
      [3, 4.5, 'bird'],
    ]);
    expect(batches[0]?.lines).toEqual([2, 4, 6]);
  });
});

describe('bad input: one message naming file, line and column', () => {
  const cases: { name: string; file: string; content: string | Uint8Array; message: RegExp; line?: number; column?: string }[] = [
    { name: 'ragged CSV row', file: 'ragged.csv', content: 'a,b,c\n1,2,3\n4,5\n', message: /ragged row: 2 field\(s\) where the header has 3/, line: 3 },
    { name: 'non-numeric cell after inference', file: 'nonnum.csv', content: `a,b\n${'1,2\n'.repeat(5)}7,x9\n`, message: /non-numeric cell "x9" in numeric column 2/, line: 7, column: 'b' },
    { name: '0-byte CSV', file: 'empty.csv', content: '', message: /empty \(0 bytes\)/ },
    { name: '0-byte JSON Lines', file: 'empty.jsonl', content: '', message: /empty \(0 bytes\)/ },
    { name: '0-byte Parquet', file: 'empty.parquet', content: '', message: /empty \(0 bytes\)/ },
    { name: '0-byte npy', file: 'empty.npy', content: '', message: /empty \(0 bytes\)/ },
    { name: 'duplicate header', file: 'dup.csv', content: 'a,a\n1,2\n', message: /names column "a" twice/, line: 1 },
    { name: 'JSON Lines syntax error', file: 'bad.jsonl', content: '{"a":1}\n{"a":\n', message: /not valid JSON/, line: 2 },
    { name: 'JSON Lines wrong type', file: 'type.jsonl', content: '{"a":1,"b":"x"}\n{"a":"one","b":"y"}\n', message: /expected a number/, line: 2, column: 'a' },
    { name: 'JSON Lines array length', file: 'len.jsonl', content: '{"x":[1,2]}\n{"x":[1]}\n', message: /array of 2 numbers/, line: 2, column: 'x' },
    { name: 'Parquet garbage', file: 'garbage.parquet', content: 'not parquet at all, just text', message: /not a readable Parquet file/ },
    { name: 'npy object array', file: 'obj.npy', content: objectNpy(), message: /unsupported \.npy dtype '\|O'/ },
    { name: 'npy truncated', file: 'short.npy', content: npyBytes([1, 2, 3, 4], [2, 2]).subarray(0, 140), message: /truncated/ },
    { name: 'unknown extension', file: 'data.xlsx', content: 'x', message: /unknown dataset format "\.xlsx"/ },
  ];
  it.each(cases)('$name', async ({ file, content, message, line, column }) => {
    const path = join(dir, file);
    writeFileSync(path, content);
    const e = await inputErrorOf(async () => readAll(await openDataset(path, { inferRows: 3 })));
    expect(e.message).toMatch(message);
    expect(e.where.file).toBe(path);
    expect(e.where.line).toBe(line);
    expect(e.where.path).toBe(column === undefined ? undefined : `column "${column}"`);
  });
});

function objectNpy(): Uint8Array {
  const bytes = npyBytes([0, 0], [2]);
  const text = new TextDecoder('latin1').decode(bytes).replace("'<f8'", "'|O' ");
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
