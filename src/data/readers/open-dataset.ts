import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { openCsv } from './csv.ts';
import { dataError } from './data-error.ts';
import { openJsonl } from './jsonl.ts';
import type { DataFormat, DatasetReader, ReadOptions } from './types.ts';

const FORMATS: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.npy': 'npy',
  '.npz': 'npz',
};

/** The format a file name says, if it is one the readers know. */
export function dataFormatOf(file: string): DataFormat | undefined {
  return FORMATS[extname(file).toLowerCase()];
}

/**
 * Open a dataset file by its extension: its schema now, its rows in batches when iterated. Bad input is a
 * RampartError (kind `input`, exit code 2) naming file, line and column.
 */
export async function openDataset(file: string, options: ReadOptions = {}): Promise<DatasetReader> {
  const format = dataFormatOf(file);
  if (!format) throw dataError(file, `unknown dataset format "${extname(file) || '(no extension)'}"`, {}, `use one of ${Object.keys(FORMATS).join(', ')}`);
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw dataError(file, `cannot read the file: ${error.code ?? error.message}`);
  });
  if (!info.isFile()) throw dataError(file, 'not a file');
  switch (format) {
    case 'csv':
      return openCsv(file, options);
    case 'jsonl':
      return openJsonl(file, options);
    // Parquet (hyparquet and its codecs) and NumPy (fflate) load when such a file is opened: every review imports the
    // readers for its data provenance, and most name no such file (~45 modules, ~60 ms of start-up).
    case 'parquet':
      return (await import('./parquet.ts')).openParquet(file, options);
    case 'npy':
      return (await import('./numpy.ts')).openNpy(file, options);
    case 'npz':
      return (await import('./numpy.ts')).openNpz(file, options);
  }
}
