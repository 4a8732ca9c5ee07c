import { constants } from 'node:fs';
import { access, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { inputError, RampartError } from '../errors.ts';

const HINT = 'pass --out a folder you can write to, or --no-write to write no report files';

/**
 * Fails early, with one message, when `--out` cannot hold the reports: checked before a review is analysed and
 * stored, so a run that cannot write its reports leaves nothing behind. Creates nothing.
 */
export async function checkOutputFolder(folder: string): Promise<void> {
  const target = resolve(folder);
  const info = await statOrUndefined(target);
  if (info && !info.isDirectory()) throw inputError('the report folder is a file, not a folder', { file: folder }, HINT);
  if (info) return probe(target, folder);
  // The folder will be created: the nearest part of the path that exists must be a folder we may write into.
  for (let parent = dirname(target), child = target; parent !== child; child = parent, parent = dirname(parent)) {
    const up = await statOrUndefined(parent);
    if (!up) continue;
    if (!up.isDirectory()) throw inputError(`the report folder cannot be created: ${parent} is a file, not a folder`, { file: folder }, HINT);
    return writable(parent, folder, `cannot create the report folder in ${parent}`);
  }
}

/** A failure while writing reports after the check (the disk filled, the folder was removed) as one message. */
export function reportWriteError(error: unknown, folder: string): unknown {
  if (error instanceof RampartError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error;
  return inputError(`writing the reports failed (${code}${(error as NodeJS.ErrnoException).path ? ` at ${(error as NodeJS.ErrnoException).path}` : ''})`, { file: folder }, HINT, error);
}

/** An existing folder: permission bits first (as a non-root user sees them), then a real write (read-only mounts, root). */
async function probe(target: string, folder: string): Promise<void> {
  await writable(target, folder, 'the report folder is not writable');
  const file = join(target, `.rampart-write-check-${process.pid}`);
  try {
    await writeFile(file, '');
  } catch (error) {
    throw inputError(`the report folder is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { file: folder }, HINT, error);
  } finally {
    await rm(file, { force: true }).catch(() => undefined);
  }
}

async function writable(dir: string, folder: string, problem: string): Promise<void> {
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw inputError(`${problem} (${(error as NodeJS.ErrnoException).code ?? 'no access'})`, { file: folder }, HINT, error);
  }
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Under a file, stat fails with ENOTDIR; the walk up then finds that file.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw inputError(`cannot read the report folder (${code ?? 'error'})`, { file: resolve(path) }, HINT, error);
  }
}
