import { stat } from 'node:fs/promises';
import { dataError } from './data-error.ts';
import { textRecords, type TextRecord } from './text-lines.ts';
import { DEFAULT_BATCH_ROWS, type Cell, type Column, type DatasetReader, type ReadOptions, type RowBatch } from './types.ts';

/** How one key of the first object maps to columns: a scalar, or a numeric array spread over `key[i]`. */
interface Field {
  key: string;
  width?: number;
}

/**
 * JSON Lines: one object per line. The first object fixes the columns: scalars become one column each,
 * arrays of numbers (an image, an embedding) one column per element, named `key[i]`. A missing key or a
 * null is a missing value; a wrong type, a different array length or a line that is not an object is an
 * error naming its line and key.
 */
export async function openJsonl(file: string, options: ReadOptions = {}): Promise<DatasetReader> {
  if ((await stat(file)).size === 0) throw dataError(file, 'the file is empty (0 bytes): no rows', {}, 'check that the export finished writing');
  const records = textRecords(file, false);
  try {
    return await jsonlReader(file, records, options);
  } catch (error) {
    // The first line was bad: the reader is never returned, so close the file here.
    await records.return(undefined);
    throw error;
  }
}

async function jsonlReader(file: string, records: AsyncGenerator<TextRecord>, options: ReadOptions): Promise<DatasetReader> {
  const first = (await records.next()).value as TextRecord | undefined;
  if (!first) throw dataError(file, 'the file holds only blank lines: no rows');
  const firstObject = parseJsonLine(file, first);
  const fields: Field[] = [];
  const columns: Column[] = [];
  for (const [key, value] of Object.entries(firstObject)) {
    if (Array.isArray(value)) {
      if (!value.every((v) => typeof v === 'number')) throw dataError(file, 'an array value must hold numbers only', { line: first.line, column: key });
      fields.push({ key, width: value.length });
      value.forEach((_, i) => columns.push({ name: `${key}[${i}]`, type: 'number' }));
    } else if (value !== null && typeof value === 'object') {
      throw dataError(file, 'nested objects are not supported', { line: first.line, column: key }, 'flatten the record, or store numeric features as an array');
    } else {
      fields.push({ key });
      columns.push({ name: key, type: typeof value === 'string' ? 'string' : 'number' });
    }
  }
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  return {
    file,
    format: 'jsonl',
    schema: { columns },
    close: async () => void (await records.return(undefined)),
    async *batches(): AsyncGenerator<RowBatch> {
      let batch: RowBatch = { firstRow: 0, rows: [], lines: [] };
      let count = 0;
      const rowOf = (record: TextRecord, object: Record<string, unknown>): void => {
        batch.rows.push(toRow(file, record.line, object, fields, columns));
        batch.lines?.push(record.line);
        count++;
      };
      try {
        // The first row is checked before `for await` owns the records; a bad one must still close the file.
        rowOf(first, firstObject);
        for await (const record of records) {
          if (batch.rows.length >= batchRows) {
            yield batch;
            batch = { firstRow: count, rows: [], lines: [] };
          }
          rowOf(record, parseJsonLine(file, record));
        }
      } finally {
        await records.return(undefined);
      }
      if (batch.rows.length > 0) yield batch;
    },
  };
}

export function parseJsonLine(file: string, record: TextRecord): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(record.text);
  } catch (error) {
    throw dataError(file, `not valid JSON: ${(error as Error).message}`, { line: record.line }, 'each line must be one JSON object');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw dataError(file, 'the line is not a JSON object', { line: record.line }, 'each line must be one JSON object');
  return value as Record<string, unknown>;
}

function toRow(file: string, line: number, object: Record<string, unknown>, fields: Field[], columns: Column[]): Cell[] {
  const row: Cell[] = [];
  for (const field of fields) {
    const value = object[field.key];
    if (field.width !== undefined) {
      if (value === undefined || value === null) {
        for (let i = 0; i < field.width; i++) row.push(null);
        continue;
      }
      if (!Array.isArray(value) || value.length !== field.width || !value.every((v) => typeof v === 'number' || v === null)) {
        throw dataError(file, `expected an array of ${field.width} numbers, as on the first line`, { line, column: field.key });
      }
      for (const v of value as (number | null)[]) row.push(v);
      continue;
    }
    const type = columns[row.length]?.type;
    if (value === undefined || value === null) row.push(null);
    else if (typeof value === 'boolean' && type === 'number') row.push(value ? 1 : 0);
    else if (typeof value === 'number' && type === 'number') row.push(value);
    else if (type === 'string' && (typeof value === 'string' || typeof value === 'number')) row.push(String(value));
    else throw dataError(file, `expected a ${type === 'number' ? 'number' : 'string'}, found ${JSON.stringify(value).slice(0, 40)}`, { line, column: field.key }, 'every line must give a key the same type as the first line does');
  }
  return row;
}
