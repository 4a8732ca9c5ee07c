import { constants } from 'node:fs';
import { access, chmod, cp, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isAlive } from './lock.ts';
import { reason, storeError } from './store-error.ts';
import { usableTemplate } from './store-template.ts';

/**
 * The embedded store's folder on disk, and how writes reach it: **write-then-swap**. A writer copies the folder to
 * `<folder>.staging-<pid>`, works there, closes PGlite cleanly and renames the copy into place. So:
 * - a write killed part-way leaves only its staging copy, which the next open removes: the space of an aborted
 *   write is never taken in the store itself, and the store keeps exactly its committed reviews;
 * - the folder is never changed while it is open, so a reader can copy it at any time and read the copy.
 * The copy costs about the store's size in disk time per write (a reflink where the file system has them).
 */
export const BROKEN_HINT = 'the folder is not a readable Rampart store: move it aside (e.g. mv it to *.broken) to start a new store, or restore it from a backup';

const STAGING = '.staging-';
const PREVIOUS = '.previous';
const SPARE = '.spare';

/** A writer may create or use this folder: refuse a file, a path under a file, an unwritable parent, a folder of something else. */
export async function checkWritableLocation(dir: string): Promise<void> {
  const info = await statOrUndefined(dir);
  if (info) {
    if (!info.isDirectory()) throw storeError('the review store path is a file, not a folder', dir, 'pass a folder with --store or RAMPART_STORE');
    const entries = await readdir(dir);
    if (entries.length > 0 && !entries.includes('PG_VERSION')) throw storeError('the folder is not empty and holds no Rampart store', dir, BROKEN_HINT);
  }
  // The folder's parent must take the lock file, the staging copy and the swap.
  let parent = dirname(dir);
  for (;;) {
    const found = await statOrUndefined(parent);
    if (found && !found.isDirectory()) throw storeError(`the review store path is under a file (${parent})`, dir, 'pass a folder with --store or RAMPART_STORE');
    if (found) break;
    if (dirname(parent) === parent) break;
    parent = dirname(parent);
  }
  await access(parent, constants.W_OK).catch((error: unknown) => {
    throw storeError(`cannot write the review store: ${parent} is not writable (${(error as NodeJS.ErrnoException).code ?? 'denied'})`, dir, 'choose a writable folder with --store or RAMPART_STORE');
  });
}

/** A reader needs a store to be there; it never creates one. */
export async function checkExistingStore(dir: string, isDefault: boolean): Promise<void> {
  const info = await statOrUndefined(dir);
  if (!info) {
    const hint = 'run `rampart review <inventory>` to store a review there, or point --store at an existing store';
    throw storeError(isDefault ? 'no review is stored here yet (no store folder)' : 'there is no review store at this path', dir, hint);
  }
  if (!info.isDirectory()) throw storeError('the review store path is a file, not a folder', dir, 'pass a folder with --store or RAMPART_STORE');
  if (!(await readdir(dir)).includes('PG_VERSION')) throw storeError('the folder holds no Rampart store', dir, BROKEN_HINT);
}

/** Remove staging copies left by killed writers; put back a folder a writer killed mid-swap had moved aside. */
export async function cleanUpAfterWriters(dir: string): Promise<void> {
  const parent = dirname(dir);
  const name = basename(dir);
  const entries = await readdir(parent).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(`${name}${STAGING}`)) continue;
    const pid = Number(entry.slice(name.length + STAGING.length));
    if (!(pid === process.pid || isAlive(pid))) await rm(join(parent, entry), { recursive: true, force: true });
  }
  const previous = `${dir}${PREVIOUS}`;
  if (await statOrUndefined(previous)) {
    if (await statOrUndefined(dir)) await rm(previous, { recursive: true, force: true });
    else await rename(previous, dir);
  }
}

/**
 * What a folder is copied from to become this writer's staging folder: the store, the template, or nothing (a new store
 * made by initdb). PGlite's worker makes the copy (pglite-worker.ts), so it is made on its own thread while the main
 * thread loads and analyses: made here, each of its hundreds of file operations would wait for a busy main thread.
 */
export interface FolderCopy {
  from: string;
  /** Folders the copy must have, empty ones included (the template's: npm's tarballs keep no empty folder). */
  directories: string[];
  /** Make the copy the writer's own (0700/0600): the template may be installed read-only. */
  own: boolean;
  /**
   * The staging folder is the store's spare (the version a swap replaced): brought up to date file by file, only the
   * files that differ rewritten in place, rather than copied anew. A copy creates ~490 files, and on ext4 allocating
   * their inodes beside the ~490 the last write freed cost 60–330 ms of system time a write (10× a content compare).
   */
  update?: boolean;
}

/** The staging folder for this writer (any old one removed), and what it is to be a copy of; an empty folder when there is nothing to copy. */
export async function planStagingCopy(dir: string): Promise<{ staging: string; copy?: FolderCopy }> {
  const staging = `${dir}${STAGING}${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  if ((await statOrUndefined(join(dir, 'PG_VERSION'))) !== undefined) {
    // The spare is only ever a whole store that a swap replaced, and is made equal to the store whatever it holds.
    const update = await rename(`${dir}${SPARE}`, staging).then(
      () => true,
      () => false,
    );
    return { staging, copy: { from: dir, directories: [], own: false, ...(update ? { update } : {}) } };
  }
  const template = await usableTemplate();
  if (template) return { staging, copy: { ...template, own: true } };
  await mkdir(staging, { recursive: true });
  return { staging };
}

/**
 * Put the closed staging copy in place of the folder, and keep the folder it replaces as the next write's spare. Each
 * rename is atomic; a crash between them is undone by cleanUpAfterWriters.
 */
export async function swapIn(dir: string, staging: string): Promise<void> {
  const previous = `${dir}${PREVIOUS}`;
  const had = (await statOrUndefined(dir)) !== undefined;
  if (had) await rename(dir, previous);
  await rename(staging, dir);
  if (!had) return;
  await rm(`${dir}${SPARE}`, { recursive: true, force: true });
  await rename(previous, `${dir}${SPARE}`);
}

/**
 * A read-only copy of the folder in the temp folder, for reading while a writer holds the lock or when the folder
 * cannot be written. A swap during the copy changes the folder's inode (or removes files under the copy): retried.
 */
export async function snapshotCopy(dir: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'rampart-read-'));
  const remove = () => rm(root, { recursive: true, force: true });
  const target = join(root, 'store');
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const before = await stat(dir);
      await rm(target, { recursive: true, force: true });
      await copyFolder(dir, target);
      // A copy of a read-only folder is read-only too, and PostgreSQL writes to its folder even to read.
      await ownCopy(target);
      if ((await stat(dir)).ino === before.ino) return { dir: target, remove };
    } catch (error) {
      lastError = error;
    }
  }
  await remove();
  throw storeError(`cannot take a copy of the review store to read: ${lastError ? reason(lastError) : 'it kept changing'}`, dir, 'run the command again');
}

async function ownCopy(root: string): Promise<void> {
  await chmod(root, 0o700);
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    await chmod(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  }
}

async function copyFolder(from: string, to: string): Promise<void> {
  // The lock file of a PGlite that ran in the folder means nothing in a copy.
  await cp(from, to, { recursive: true, mode: constants.COPYFILE_FICLONE, filter: (source) => basename(source) !== 'postmaster.pid' });
}

async function statOrUndefined(path: string) {
  return stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : Promise.reject(error)));
}
