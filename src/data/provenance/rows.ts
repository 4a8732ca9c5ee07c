import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { inputError } from '../../errors.ts';

/**
 * The reader interface the manifest is built on: column names and an async iterable of row batches. A stop-gap until
 * the dataset readers (src/data/readers/, branch dataset) are merged: any reader that yields cells aligned with
 * `columns` fits, and the manifest only needs this shape. Cells are what the file says (CSV cells stay strings; the
 * profile infers types), so a row's hash is a hash of its values, not of quoting or line endings.
 */
export type Cell = string | number | boolean | null;

export interface RowBatch {
  /** 0-based index of the first row of the batch among the file's data rows. */
  firstRow: number;
  /** The 1-based line each row starts on. */
  lines: number[];
  rows: Cell[][];
}

export interface RowSource {
  file: string;
  format: TabularFormat;
  /** Column names; JSON Lines may discover more while reading, so read this after the batches. */
  columns(): readonly string[];
  batches(): AsyncIterable<RowBatch>;
}

export type TabularFormat = 'csv' | 'tsv' | 'jsonl';

export interface OpenOptions {
  /** Sees every byte of the file as it is read (for the file's SHA-256), so the file is read once. */
  onBytes?: (chunk: Buffer) => void;
}

const BATCH_ROWS = 1_024;

/** The tabular format a file name says, or undefined (the file is then hashed as bytes only). */
export function tabularFormat(file: string): TabularFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return undefined;
}

export async function openRows(file: string, format: TabularFormat, options: OpenOptions = {}): Promise<RowSource> {
  const info = await stat(file).catch((error: unknown) => {
    throw inputError(`cannot read the data file: ${(error as Error).message}`, { file }, 'check the path');
  });
  if (!info.isFile()) throw inputError('not a file', { file }, 'name data files, or a folder to manifest every file in it');
  if (info.size === 0) throw inputError('the data file is empty (0 bytes)', { file }, 'a CSV needs at least a header line; a JSON Lines file one object per line');
  return format === 'jsonl' ? jsonlSource(file, options) : csvSource(file, format === 'tsv' ? '\t' : ',', options);
}

/** Decoded text of the file in chunks, feeding `onBytes` the raw bytes on the way. */
async function* textChunks(file: string, options: OpenOptions): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    // Only the read is guarded: an error of the consumer's never comes back into this generator.
    const next = await iterator.next().catch((error: unknown) => {
      throw inputError(`cannot read the data file: ${(error as Error).message}`, { file }, 'check the file and its permissions');
    });
    if (next.done) break;
    options.onBytes?.(next.value);
    yield decoder.decode(next.value, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function csvSource(file: string, delimiter: string, options: OpenOptions): RowSource {
  let header: string[] | undefined;
  return {
    file,
    format: delimiter === ',' ? 'csv' : 'tsv',
    columns: () => header ?? [],
    async *batches() {
      let batch: RowBatch = { firstRow: 0, lines: [], rows: [] };
      let row = 0;
      for await (const { fields, line } of csvRecords(textChunks(file, options), delimiter, file)) {
        if (!header) {
          header = checkHeader(fields, file, line);
          continue;
        }
        if (fields.length !== header.length) {
          throw inputError(`this row has ${fields.length} field(s), the header has ${header.length}`, { file, line, column: Math.min(fields.length, header.length) + 1 }, 'every row needs one value per header column (quote values that contain the delimiter)');
        }
        batch.rows.push(fields);
        batch.lines.push(line);
        row++;
        if (batch.rows.length === BATCH_ROWS) {
          yield batch;
          batch = { firstRow: row, lines: [], rows: [] };
        }
      }
      if (!header) throw inputError('the file has no header line', { file }, 'the first line of a CSV names its columns');
      if (batch.rows.length > 0) yield batch;
    },
  };
}

function checkHeader(fields: string[], file: string, line: number): string[] {
  const seen = new Map<string, number>();
  fields.forEach((name, i) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) throw inputError(`column "${name}" appears twice in the header (columns ${earlier + 1} and ${i + 1})`, { file, line, column: i + 1 }, 'give every column a distinct name');
    seen.set(name, i);
  });
  return fields;
}

/**
 * RFC 4180 records: quoted fields may hold the delimiter, doubled quotes and line breaks; CRLF or LF; blank lines are
 * skipped. Text is parsed as it arrives; an incomplete last record waits for the next chunk.
 */
export async function* csvRecords(chunks: AsyncIterable<string>, delimiter: string, file: string): AsyncGenerator<{ fields: string[]; line: number }> {
  let text = '';
  let line = 1;
  const delim = delimiter.charCodeAt(0);
  const iterator = chunks[Symbol.asyncIterator]();
  let final = false;
  while (!final) {
    const next = await iterator.next();
    if (next.done) final = true;
    else text = text.length === 0 ? next.value : text + next.value;
    let p = 0;
    for (;;) {
      const parsed = parseRecord(text, p, delim, final, file, line);
      if (!parsed) break;
      p = parsed.end;
      if (parsed.fields) yield { fields: parsed.fields, line };
      line += parsed.lines;
    }
    text = text.slice(p);
  }
}

interface Parsed {
  fields: string[] | undefined;
  end: number;
  /** Lines the record took, its own line break included. */
  lines: number;
}

/** One record from `start`, or undefined when the text ends before the record does (and more may come). */
function parseRecord(text: string, start: number, delim: number, final: boolean, file: string, line: number): Parsed | undefined {
  if (start >= text.length) return undefined;
  const fields: string[] = [];
  let p = start;
  let lines = 0;
  for (;;) {
    let value: string;
    if (text.charCodeAt(p) === 34) {
      value = '';
      let q = p + 1;
      for (;;) {
        const close = text.indexOf('"', q);
        if (close < 0 || (close === text.length - 1 && !final)) {
          if (final) throw inputError('a quoted value is never closed', { file, line: line + lines }, 'close the quote, or double quotes inside a quoted value ("")');
          return undefined;
        }
        const piece = text.slice(q, close);
        lines += countLineBreaks(piece);
        value += piece;
        if (text.charCodeAt(close + 1) === 34) {
          value += '"';
          q = close + 2;
          continue;
        }
        p = close + 1;
        break;
      }
      const after = text.charCodeAt(p);
      if (p < text.length && after !== delim && after !== 10 && after !== 13) {
        throw inputError('text follows a closing quote', { file, line: line + lines, column: fields.length + 1 }, 'quote the whole value, and double quotes inside it ("")');
      }
    } else {
      let j = p;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === delim || c === 10 || c === 13) break;
        j++;
      }
      if (j === text.length && !final) return undefined;
      value = text.slice(p, j);
      p = j;
    }
    fields.push(value);
    if (p >= text.length) return { fields, end: p, lines: lines + 1 };
    const c = text.charCodeAt(p);
    if (c === delim) {
      p++;
      continue;
    }
    // A line break ends the record; CR LF needs its LF, which may be in the next chunk.
    if (c === 13 && p + 1 >= text.length && !final) return undefined;
    const end = c === 13 && text.charCodeAt(p + 1) === 10 ? p + 2 : p + 1;
    const blank = fields.length === 1 && fields[0] === '' && text.charCodeAt(start) !== 34;
    return { fields: blank ? undefined : fields, end, lines: lines + 1 };
  }
}

function countLineBreaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function jsonlSource(file: string, options: OpenOptions): RowSource {
  const columns: string[] = [];
  const index = new Map<string, number>();
  return {
    file,
    format: 'jsonl',
    columns: () => columns,
    async *batches() {
      let batch: RowBatch = { firstRow: 0, lines: [], rows: [] };
      let row = 0;
      let line = 0;
      let rest = '';
      const take = (text: string): Cell[] | undefined => {
        line++;
        const trimmed = text.trim();
        if (trimmed === '') return undefined;
        let value: unknown;
        try {
          value = JSON.parse(trimmed);
        } catch (error) {
          throw inputError(`not valid JSON: ${(error as Error).message}`, { file, line }, 'a JSON Lines file holds one JSON object per line');
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw inputError('this line is not a JSON object', { file, line }, 'a JSON Lines data file holds one object per line, its keys the columns');
        const cells: Cell[] = new Array<Cell>(columns.length).fill(null);
        for (const [key, v] of Object.entries(value)) {
          let at = index.get(key);
          if (at === undefined) {
            at = columns.push(key) - 1;
            index.set(key, at);
          }
          cells[at] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
        }
        return cells;
      };
      for await (const chunk of textChunks(file, options)) {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const part of parts) {
          const cells = take(part);
          if (!cells) continue;
          batch.rows.push(cells);
          batch.lines.push(line);
          row++;
          if (batch.rows.length === BATCH_ROWS) {
            yield batch;
            batch = { firstRow: row, lines: [], rows: [] };
          }
        }
      }
      const cells = take(rest);
      if (cells) {
        batch.rows.push(cells);
        batch.lines.push(line);
      }
      if (batch.rows.length > 0) yield batch;
    },
  };
}
