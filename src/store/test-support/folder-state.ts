import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';

/** Every file under a folder with the SHA-256 of its content, sorted by path: equal only if the folder is unchanged. */
export async function folderState(dir: string): Promise<[string, string][]> {
  const files: [string, string][] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.push([relative(dir, path), createHash('sha256').update(await readFile(path)).digest('hex')]);
  }
  return files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The store folder and what lies beside it under its name (staging copies, the spare, the lock file), sorted. */
export async function storeSiblings(dir: string): Promise<string[]> {
  return (await readdir(dirname(dir))).filter((name) => name.startsWith(basename(dir))).sort();
}
