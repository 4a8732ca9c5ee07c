export { openDataset, dataFormatOf } from './open-dataset.ts';
export type { Cell, Column, ColumnType, DataFormat, DatasetReader, ReadOptions, RowBatch, Schema } from './types.ts';
export { openTextRows } from './text-rows.ts';
export type { TextBatch, TextCell, TextRows, TextRowsOptions } from './text-rows.ts';
