import { dataError } from '../readers/data-error.ts';
import { openDataset } from '../readers/open-dataset.ts';
import type { Cell, Column, DatasetReader } from '../readers/types.ts';
import type { Table } from './table.ts';

const LABEL_NAMES = ['label', 'labels', 'target', 'class', 'y'];
const MAX_CLASSES = 1000;

export interface LoadOptions {
  /** The label column; default a column named label/target/class/y, else the last column. */
  label?: string | undefined;
  /** When false, a table without the label column loads with y = −1 (a reference set). */
  requireLabel?: boolean;
  /** Class names already known (a reference set shares the dataset's class indices). */
  classes?: string[];
  /** Feature names the files must have (a reference set must match the dataset). */
  features?: string[];
  signal?: AbortSignal;
}

/**
 * Read one or more files into a table: every numeric column but the label is a feature, text columns are
 * left out and named. Files must agree on the feature columns. Rows stream in batches into growing
 * float32 storage, so memory is 4 bytes per cell plus one batch.
 */
export async function loadTable(files: readonly string[], options: LoadOptions = {}): Promise<Table> {
  const classes = options.classes ? [...options.classes] : [];
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  let features = options.features;
  let labelColumn: string | undefined;
  let ignored: string[] = [];
  let capacity = 1024;
  let n = 0;
  let x = new Float32Array(0);
  let y = new Int32Array(capacity);
  let fileOf = new Uint16Array(capacity);
  let rowOf = new Int32Array(capacity);
  let lineOf = new Int32Array(capacity);
  let missing = 0;
  const missingAt: number[] = [];
  for (const [f, file] of files.entries()) {
    const reader = await openDataset(file);
    try {
      const plan = planColumns(reader, options, f === 0 ? undefined : labelColumn);
      if (f === 0) labelColumn = plan.label?.name;
      ignored = [...new Set([...ignored, ...plan.ignored])];
      const names = plan.features.map((i) => (reader.schema.columns[i] as Column).name);
      if (features && names.join('\u0000') !== features.join('\u0000')) {
        throw dataError(file, `the feature columns differ from ${f === 0 ? 'the dataset' : files[0]}'s (${names.length} here, ${features.length} there)`, {}, 'scan files with the same columns together');
      }
      features ??= names;
      const d = features.length;
      if (x.length === 0) x = new Float32Array(capacity * d);
      for await (const batch of reader.batches()) {
        if (options.signal?.aborted) throw new Error('aborted');
        while (n + batch.rows.length > capacity) {
          capacity *= 2;
          x = grow(x, capacity * d);
          y = grow(y, capacity);
          fileOf = grow(fileOf, capacity);
          rowOf = grow(rowOf, capacity);
          lineOf = grow(lineOf, capacity);
        }
        batch.rows.forEach((row, i) => {
          const o = n * d;
          plan.features.forEach((c, k) => {
            const v = row[c];
            if (typeof v === 'number') x[o + k] = v;
            else {
              x[o + k] = Number.NaN;
              missing++;
              missingAt.push(o + k);
            }
          });
          y[n] = plan.label ? classOf(row[plan.label.index], classes, classIndex, file, batch.lines?.[i], plan.label.name, options.classes !== undefined) : -1;
          fileOf[n] = f;
          rowOf[n] = batch.firstRow + i;
          lineOf[n] = batch.lines?.[i] ?? 0;
          n++;
        });
      }
    } finally {
      // A missing label column, a column mismatch, a bad label or an abort stops before the last batch.
      await reader.close();
    }
  }
  const d = features?.length ?? 0;
  if (n === 0) throw dataError(files[0] ?? '', 'the dataset has no rows');
  if (d === 0) throw dataError(files[0] ?? '', 'the dataset has no numeric feature columns', {}, 'features must be numbers (text columns other than the label are left out)');
  if (missing > 0) fillMeans(x, n, d, missingAt);
  return {
    files: [...files],
    features: features ?? [],
    x: { data: x.subarray(0, n * d), rows: n, cols: d },
    y: y.subarray(0, n),
    classes,
    labelColumn,
    source: { file: fileOf.subarray(0, n), row: rowOf.subarray(0, n), line: lineOf.subarray(0, n) },
    missingCells: missing,
    ignoredColumns: ignored,
  };
}

interface ColumnPlan {
  label: { index: number; name: string } | undefined;
  features: number[];
  ignored: string[];
}

function planColumns(reader: DatasetReader, options: LoadOptions, firstLabel: string | undefined): ColumnPlan {
  const columns = reader.schema.columns;
  const wanted = options.label ?? firstLabel;
  let index: number;
  if (wanted !== undefined) index = columns.findIndex((c) => c.name === wanted);
  else {
    index = columns.findIndex((c) => LABEL_NAMES.includes(c.name.toLowerCase()));
    if (index === -1 && options.requireLabel !== false) index = columns.length - 1;
  }
  if (index === -1 && wanted !== undefined && options.requireLabel !== false) {
    throw dataError(reader.file, `no label column "${wanted}"`, reader.format === 'csv' || reader.format === 'jsonl' ? { line: 1 } : {}, `the columns are ${preview(columns)}; name one with --label`);
  }
  const label = index >= 0 ? { index, name: (columns[index] as Column).name } : undefined;
  const features: number[] = [];
  const ignored: string[] = [];
  columns.forEach((c, i) => {
    if (i === index) return;
    if (c.type === 'number') features.push(i);
    else ignored.push(c.name);
  });
  return { label, features, ignored };
}

function preview(columns: Column[]): string {
  const names = columns.map((c) => c.name);
  return names.length > 12 ? `${names.slice(0, 10).join(', ')}, … (${names.length} in all)` : names.join(', ');
}

function classOf(cell: Cell | undefined, classes: string[], index: Map<string, number>, file: string, line: number | undefined, column: string, fixed: boolean): number {
  if (cell === null || cell === undefined) {
    if (fixed) return -1;
    throw dataError(file, 'the row has no label', { ...(line ? { line } : {}), column }, 'label every row, or leave unlabelled rows out of the scan');
  }
  const name = String(cell);
  let c = index.get(name);
  if (c === undefined) {
    if (fixed) return -1;
    if (classes.length >= MAX_CLASSES) throw dataError(file, `the label column has more than ${MAX_CLASSES} distinct values: not class labels`, { ...(line ? { line } : {}), column }, 'name the class column with --label');
    c = classes.length;
    classes.push(name);
    index.set(name, c);
  }
  return c;
}

function fillMeans(x: Float32Array, n: number, d: number, at: number[]): void {
  const sum = new Float64Array(d);
  const count = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < d; c++) {
      const v = x[r * d + c] as number;
      if (Number.isNaN(v)) continue;
      sum[c] = (sum[c] as number) + v;
      count[c] = (count[c] as number) + 1;
    }
  }
  for (const o of at) x[o] = (count[o % d] as number) > 0 ? (sum[o % d] as number) / (count[o % d] as number) : 0;
}

function grow<T extends Float32Array | Int32Array | Uint16Array>(a: T, length: number): T {
  const out = new (a.constructor as new (n: number) => T)(length);
  out.set(a);
  return out;
}
