import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { inputError } from '../../errors.ts';

/** The files named on a command line: each file as given, each folder's files (recursively, sorted, no dot files). */
export async function manifestPaths(paths: readonly string[]): Promise<{ file: string; path: string }[]> {
  const out: { file: string; path: string }[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw inputError('no such file or folder', { file: path }, 'check the path');
    if (!info.isDirectory()) {
      out.push({ file: path, path });
      continue;
    }
    const entries = await readdir(path, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    if (files.length === 0) throw inputError('the folder holds no files', { file: path }, 'name data files or a folder that holds them');
    out.push(...files.map((file) => ({ file, path: file })));
  }
  return out;
}

export type TabularFormat = 'csv' | 'tsv' | 'jsonl';

/** The tabular format a file name says, or undefined (the file is then hashed as bytes only). */
export function tabularFormat(file: string): TabularFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return undefined;
}
