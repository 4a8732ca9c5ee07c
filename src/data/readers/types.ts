/**
 * The dataset readers' small public API (documented in src/data/README.md): open a file, get its schema,
 * then iterate its rows in batches. Memory is bounded by the batch (or, for Parquet, the row group).
 */
export type DataFormat = 'csv' | 'jsonl' | 'parquet' | 'npy' | 'npz';

/** A cell as read: numbers for numeric columns, strings for text, null for a missing value. */
export type Cell = number | string | null;

export type ColumnType = 'number' | 'string';

export interface Column {
  name: string;
  type: ColumnType;
}

export interface Schema {
  columns: Column[];
}

export interface RowBatch {
  /** Index of the batch's first row among the file's data rows, from 0. */
  firstRow: number;
  /** One array per row, cells in schema order. */
  rows: Cell[][];
  /** The 1-based line of each row in the file (CSV and JSON Lines only). */
  lines?: number[];
}

export interface DatasetReader {
  file: string;
  format: DataFormat;
  schema: Schema;
  /** The rows in order; iterate once. Bad input throws a RampartError naming file, line and column. */
  batches(): AsyncIterable<RowBatch>;
  /**
   * Release the file when the batches are not read to their end (a scan that stops at a bad label, a column
   * mismatch or an abort). Reading to the end, or an error while reading, releases it too; closing twice is fine.
   */
  close(): Promise<void>;
}

export interface ReadOptions {
  /** Rows per batch (default 4096). */
  batchRows?: number;
  /** Rows read to decide the column types of CSV (default 1000). */
  inferRows?: number;
}

export const DEFAULT_BATCH_ROWS = 4096;
