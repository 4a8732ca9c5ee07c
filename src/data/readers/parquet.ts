import { stat } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { dataError } from './data-error.ts';
import { DEFAULT_BATCH_ROWS, type Cell, type Column, type DatasetReader, type ReadOptions, type RowBatch } from './types.ts';

/**
 * Parquet, read with hyparquet (pure JavaScript, no native download; src/data/README.md says why) and
 * hyparquet-compressors for GZIP, ZSTD, Brotli and LZ4 pages. Top-level primitive columns are read; numbers,
 * booleans, dates and 64-bit integers become numbers, strings stay strings. Rows are read one row group at
 * a time, so memory is bounded by the largest row group.
 */
export async function openParquet(file: string, options: ReadOptions = {}): Promise<DatasetReader> {
  if ((await stat(file)).size === 0) throw dataError(file, 'the file is empty (0 bytes)', {}, 'check that the export finished writing');
  const buffer = await asyncBufferFromFile(file);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw dataError(file, `not a readable Parquet file: ${(error as Error).message}`);
  }
  const tree = parquetSchema(metadata);
  const columns: Column[] = tree.children.map((child) => columnOf(file, child));
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  return {
    file,
    format: 'parquet',
    schema: { columns },
    // hyparquet's file buffer opens the file per slice read and closes it after: nothing is held between batches.
    close: () => Promise.resolve(),
    async *batches(): AsyncGenerator<RowBatch> {
      let rowStart = 0;
      for (const group of metadata.row_groups) {
        const rowEnd = rowStart + Number(group.num_rows);
        let rows: unknown[][] = [];
        await parquetRead({ file: buffer, metadata, rowStart, rowEnd, compressors, rowFormat: 'array', onComplete: (r) => (rows = r) });
        for (let start = 0; start < rows.length; start += batchRows) {
          yield { firstRow: rowStart + start, rows: rows.slice(start, start + batchRows).map((row) => row.map(cellOf)) };
        }
        rowStart = rowEnd;
      }
    },
  };
}

function columnOf(file: string, node: SchemaTree): Column {
  const { element } = node;
  if (node.children.length > 0 || element.repetition_type === 'REPEATED') {
    throw dataError(file, 'nested and list columns are not supported', { column: element.name }, 'store one feature per column');
  }
  const text = element.type === 'BYTE_ARRAY' || element.type === 'FIXED_LEN_BYTE_ARRAY';
  return { name: element.name, type: text ? 'string' : 'number' };
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return value;
  return String(value);
}
