import type { Matrix } from '../../ml/matrix.ts';

/** Where a row came from, for pointers in the report. */
export interface RowSource {
  /** Index into `Table.files`. */
  file: Uint16Array;
  /** Data row within its file, from 0. */
  row: Int32Array;
  /** 1-based line in the file (text formats), 0 when the format has no lines. */
  line: Int32Array;
}

/** A dataset loaded for the scan: every row's features packed as float32, its label as a class index. */
export interface Table {
  files: string[];
  features: string[];
  x: Matrix;
  /** Class index per row; −1 when the table has no labels (a reference set without them). */
  y: Int32Array;
  /** Class names by index, as they appear in the label column. */
  classes: string[];
  labelColumn: string | undefined;
  source: RowSource;
  /** Missing feature cells, filled with their column's mean. */
  missingCells: number;
  /** Text columns that are not the label, left out of the features. */
  ignoredColumns: string[];
}
