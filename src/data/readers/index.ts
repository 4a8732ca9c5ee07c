export { openDataset, dataFormatOf } from './open-dataset.ts';
export type { Cell, Column, ColumnType, DataFormat, DatasetReader, ReadOptions, RowBatch, Schema } from './types.ts';
