import { open, readFile, rm } from 'node:fs/promises';
import { storeError } from './store-error.ts';

/**
 * PGlite is a single-process database: two processes writing one folder would corrupt it. A lock file beside the
 * folder holds the owner's pid; a lock whose process is gone (killed mid-review) is taken over.
 */
export async function lockStore(dir: string): Promise<() => Promise<void>> {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw storeError(`cannot lock the review store: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, dir, 'make the folder writable, or choose another with --store or RAMPART_STORE', error);
      }
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw storeError(`the review store is in use by process ${owner}`, dir, 'wait for that rampart to finish; for concurrent runs point DATABASE_URL at PostgreSQL');
      }
      await rm(file, { force: true });
    }
  }
  throw storeError('cannot lock the review store: another process keeps taking the lock', dir, 'retry in a moment');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
