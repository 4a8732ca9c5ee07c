import { stat } from 'node:fs/promises';
import { csvFields } from './csv-fields.ts';
import { dataError, numericCell } from './data-error.ts';
import { textRecords, type TextRecord } from './text-lines.ts';
import { DEFAULT_BATCH_ROWS, type Cell, type Column, type DatasetReader, type ReadOptions, type RowBatch } from './types.ts';

/**
 * CSV (comma, or tab for .tsv). The first record is a header when none of its cells is a number; otherwise
 * columns are named `col1`, `col2`, …. A column is numeric when every non-empty cell among the first
 * `inferRows` rows is a number; a later non-numeric cell in it is an error naming its line and column.
 */
export async function openCsv(file: string, options: ReadOptions = {}): Promise<DatasetReader> {
  if ((await stat(file)).size === 0) throw dataError(file, 'the file is empty (0 bytes): no header and no rows', {}, 'check that the export finished writing');
  const delimiter = delimiterOf(file);
  const records = textRecords(file, true);
  try {
    return await csvReader(file, delimiter, records, options);
  } catch (error) {
    // The header or the rows that decide the column types were bad: the reader is never returned, so close here.
    await records.return(undefined);
    throw error;
  }
}

async function csvReader(file: string, delimiter: string, records: AsyncGenerator<TextRecord>, options: ReadOptions): Promise<DatasetReader> {
  const first = (await records.next()).value as TextRecord | undefined;
  if (!first) throw dataError(file, 'the file holds only blank lines: no header and no rows');
  const firstFields = csvFields(first.text, delimiter, { file, line: first.line });
  const header = firstFields.every((f) => f.trim() !== '' && numericCell(f) === undefined);
  const names = header ? firstFields.map((f) => f.trim()) : firstFields.map((_, i) => `col${i + 1}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw dataError(file, `the header names column "${name}" twice`, { line: first.line }, 'give every column a distinct name');
    seen.add(name);
  }
  const head: { fields: string[]; line: number }[] = header ? [] : [{ fields: firstFields, line: first.line }];
  const inferRows = options.inferRows ?? 1000;
  while (head.length < inferRows) {
    const next = await records.next();
    if (next.done) break;
    head.push({ fields: csvFields(next.value.text, delimiter, { file, line: next.value.line, names }), line: next.value.line });
  }
  for (const row of head) checkWidth(file, row.fields.length, names.length, row.line, header);
  const columns: Column[] = names.map((name, c) => ({ name, type: head.every((r) => numericCell(r.fields[c] as string) !== undefined) ? 'number' : 'string' }));
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  return {
    file,
    format: 'csv',
    schema: { columns },
    close: async () => void (await records.return(undefined)),
    async *batches(): AsyncGenerator<RowBatch> {
      try {
        yield* csvBatches();
      } finally {
        // A bad row among the first inferRows throws before `for await` owns the records.
        await records.return(undefined);
      }
    },
  };

  async function* csvBatches(): AsyncGenerator<RowBatch> {
    let batch: RowBatch = { firstRow: 0, rows: [], lines: [] };
    let count = 0;
    const push = (fields: string[], line: number): RowBatch | undefined => {
      checkWidth(file, fields.length, names.length, line, header);
      batch.rows.push(cells(file, fields, columns, line));
      batch.lines?.push(line);
      count++;
      if (batch.rows.length < batchRows) return undefined;
      const full = batch;
      batch = { firstRow: count, rows: [], lines: [] };
      return full;
    };
    for (const row of head) {
      const full = push(row.fields, row.line);
      if (full) yield full;
    }
    for await (const record of records) {
      const full = push(csvFields(record.text, delimiter, { file, line: record.line, names }), record.line);
      if (full) yield full;
    }
    if (batch.rows.length > 0) yield batch;
  }
}

/** Tab for `.tsv` and `.tab`, else comma. */
export function delimiterOf(file: string): string {
  return /\.(tsv|tab)$/i.test(file) ? '\t' : ',';
}

export function checkWidth(file: string, width: number, expected: number, line: number, header: boolean): void {
  if (width === expected) return;
  throw dataError(file, `ragged row: ${width} field(s) where the ${header ? 'header has' : 'first row has'} ${expected}`, { line }, 'every row needs one field per column (quote fields that contain commas)');
}

function cells(file: string, fields: string[], columns: Column[], line: number): Cell[] {
  const out = new Array<Cell>(fields.length);
  for (let c = 0; c < fields.length; c++) {
    const text = fields[c] as string;
    const column = columns[c] as Column;
    if (column.type === 'string') {
      out[c] = text.trim() === '' ? null : text;
      continue;
    }
    const value = numericCell(text);
    if (value === undefined) throw dataError(file, `non-numeric cell "${text.slice(0, 40)}" in numeric column ${c + 1}`, { line, column: column.name }, 'fix or blank the cell (an empty cell counts as missing)');
    out[c] = value;
  }
  return out;
}
