import { stat } from 'node:fs/promises';
import { checkWidth, delimiterOf } from './csv.ts';
import { csvFields } from './csv-fields.ts';
import { dataError } from './data-error.ts';
import { parseJsonLine } from './jsonl.ts';
import { textRecords } from './text-lines.ts';
import { DEFAULT_BATCH_ROWS } from './types.ts';

/**
 * The same CSV and JSON Lines parsing as `openDataset`, but cells *as written*, for hashing rows
 * (src/data/provenance): CSV cells stay the strings of the file (no types inferred, `1.50` is not `1.5`, `NA` is
 * not missing) and the first record is always the header; JSON Lines scalars keep their JSON type (booleans
 * too), arrays and objects become their JSON text, and every key is a column in order of first appearance.
 */
export type TextCell = string | number | boolean | null;

export interface TextBatch {
  /** Index of the batch's first row among the file's data rows, from 0. */
  firstRow: number;
  /** The 1-based line each row starts on. */
  lines: number[];
  rows: TextCell[][];
}

export interface TextRows {
  file: string;
  /** Column names; JSON Lines finds more while reading, so read this after the batches. */
  columns(): readonly string[];
  batches(): AsyncIterable<TextBatch>;
}

export interface TextRowsOptions {
  format: 'csv' | 'jsonl';
  batchRows?: number;
  /** Sees every byte of the file as it is read (for the file's SHA-256 in the same read); must not keep it. */
  onBytes?: (chunk: Buffer) => void;
}

export async function openTextRows(file: string, options: TextRowsOptions): Promise<TextRows> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw dataError(file, `cannot read the file: ${error.code ?? error.message}`, {}, 'check the path');
  });
  if (!info.isFile()) throw dataError(file, 'not a file', {}, 'name data files, or a folder of them');
  if (info.size === 0) throw dataError(file, 'the file is empty (0 bytes): no rows', {}, 'check that the export finished writing');
  return options.format === 'jsonl' ? jsonlRows(file, options) : csvRows(file, options);
}

function csvRows(file: string, options: TextRowsOptions): TextRows {
  const delimiter = delimiterOf(file);
  let header: string[] | undefined;
  return {
    file,
    columns: () => header ?? [],
    batches: () =>
      batched(options, async function* () {
        for await (const record of textRecords(file, true, options.onBytes)) {
          const fields = csvFields(record.text, delimiter, { file, line: record.line, ...(header ? { names: header } : {}) });
          if (header) {
            checkWidth(file, fields.length, header.length, record.line, true);
            yield { cells: fields, line: record.line };
          } else header = checkHeader(file, fields, record.line);
        }
        if (!header) throw dataError(file, 'the file holds only blank lines: no header', {}, 'the first line of a CSV names its columns');
      }),
  };
}

function checkHeader(file: string, names: string[], line: number): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw dataError(file, `the header names column "${name}" twice`, { line }, 'give every column a distinct name');
    seen.add(name);
  }
  return names;
}

function jsonlRows(file: string, options: TextRowsOptions): TextRows {
  const columns: string[] = [];
  const index = new Map<string, number>();
  return {
    file,
    columns: () => columns,
    batches: () =>
      batched(options, async function* () {
        for await (const record of textRecords(file, false, options.onBytes)) {
          const cells = new Array<TextCell>(columns.length).fill(null);
          for (const [key, value] of Object.entries(parseJsonLine(file, record))) {
            let at = index.get(key);
            if (at === undefined) {
              at = columns.push(key) - 1;
              index.set(key, at);
            }
            cells[at] = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value);
          }
          yield { cells, line: record.line };
        }
      }),
  };
}

async function* batched(options: TextRowsOptions, rows: () => AsyncGenerator<{ cells: TextCell[]; line: number }>): AsyncGenerator<TextBatch> {
  const size = options.batchRows ?? DEFAULT_BATCH_ROWS;
  let batch: TextBatch = { firstRow: 0, lines: [], rows: [] };
  let count = 0;
  for await (const { cells, line } of rows()) {
    batch.rows.push(cells);
    batch.lines.push(line);
    count++;
    if (batch.rows.length === size) {
      yield batch;
      batch = { firstRow: count, lines: [], rows: [] };
    }
  }
  if (batch.rows.length > 0) yield batch;
}
