import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { storeError } from './store-error.ts';

/**
 * PGlite is a single-process database: two processes opening one folder would corrupt it. A lock file beside the
 * folder holds the owner's pid and what it does (`write` or `read`); a lock whose process is gone (killed
 * mid-review) is taken over.
 *
 * Writers never change the folder in place (they work on a staging copy and swap it in, see pglite-folder.ts), so
 * while a writer holds the lock a reader can still copy the folder and read the copy. Someone who opens the folder
 * in place (a writer copying it, a reader reading it) waits for the other: those holds are short.
 */
export type LockMode = 'read' | 'write';

export type LockResult = { held: true; release: () => Promise<void> } | { held: false; by: number; mode: LockMode };

const WAIT_MS = 120_000;
const POLL_MS = 100;

/** Take the lock; wait while a reader holds it; report (without waiting) a live writer holding it. */
export async function tryLockStore(dir: string, mode: LockMode): Promise<LockResult> {
  const file = `${dir}.lock`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid} ${mode}`);
      await handle.close();
      return { held: true, release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const [pidText, heldMode] = (await readFile(file, 'utf8').catch(() => '')).trim().split(/\s+/);
    const owner = Number(pidText);
    if (!(Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))) {
      await rm(file, { force: true });
      continue;
    }
    // Files written before modes existed hold only a pid: a writer.
    if (heldMode !== 'read') return { held: false, by: owner, mode: 'write' };
    if (Date.now() > deadline) throw storeError(`the review store has been read by process ${owner} for over ${WAIT_MS / 1000} s`, dir, 'wait for that rampart to finish, or end it');
    await sleep(POLL_MS);
  }
}

/** The write lock, or one message saying who has it. */
export async function lockStore(dir: string): Promise<() => Promise<void>> {
  let result: LockResult;
  try {
    result = await tryLockStore(dir, 'write');
  } catch (error) {
    if ((error as { name?: string }).name === 'RampartError') throw error;
    throw storeError(`cannot lock the review store: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, dir, 'make the folder writable, or choose another with --store or RAMPART_STORE', error);
  }
  if (!result.held) throw storeError(`the review store is in use by process ${result.by}`, dir, 'wait for that rampart to finish; for concurrent writers point DATABASE_URL at PostgreSQL');
  return result.release;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
