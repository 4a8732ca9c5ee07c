import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import { PgliteDialect } from './pglite-dialect.ts';
import { BROKEN_HINT, type FolderCopy } from './pglite-folder.ts';
import { PgliteInWorker, type PgliteHandle, type StorePglite } from './pglite-worker.ts';
import type { Database } from './schema.ts';
import { reason, storeError } from './store-error.ts';

/**
 * How PGlite runs a store, on top of its own defaults (single user, fsync off):
 * - `shared_buffers=16MB` instead of 128MB. PostgreSQL zeroes its shared memory at start; in WebAssembly that
 *   memset of 128 MB was over half of PGlite's start-up (a second on a loaded machine) and 300 MB of resident
 *   memory. A store is written by one process in one pass, so the buffers are a small cache over the OS's own.
 * - `wal_recycle=off`: WAL segments behind a checkpoint are deleted, not renamed and kept for reuse. Kept, they
 *   made up half of a small store (seven 1 MB segments after a review of the example), and every write copies
 *   the whole store (write-then-swap, pglite-folder.ts).
 */
export const STORE_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'wal_recycle=off'];

/** Arguments for initdb when a store is made from nothing (no template): 1 MB WAL segments rather than 16 MB. */
const INITDB_PARAMS = ['--wal-segsize=1'];

/**
 * PGlite on a folder, in its own thread (pglite-worker.ts). A store made from nothing is slimmed (see slim); one
 * copied from the template (store-template.ts) already is.
 */
export async function startPglite(dir: string, shownAs: string, copy?: FolderCopy): Promise<{ db: Kysely<Database>; pglite: StorePglite }> {
  let pglite: StorePglite | undefined;
  try {
    const fresh = !copy && !existsSync(join(dir, 'PG_VERSION'));
    pglite = new PgliteInWorker(dir, { settings: STORE_SETTINGS, ...(fresh ? { initDbStartParams: INITDB_PARAMS } : {}), ...(copy ? { copy } : {}) });
    await pglite.waitReady;
    if (fresh) await slim(pglite);
    await pglite.query('select 1');
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    if ((error as { stage?: string }).stage === 'copy') {
      throw storeError(`cannot prepare the review store for writing: ${reason(error)}`, shownAs, 'check the folder and its parent are writable and the disk is not full', error);
    }
    // WASM aborts say nothing useful ("Aborted(). Build with -sASSERTIONS…"): name what it means instead.
    const why = /Aborted\(|failed to initiali[sz]e/i.test(reason(error)) ? 'its database files are damaged (PGlite could not start on them)' : reason(error);
    throw storeError(`cannot open the review store: ${why}`, shownAs, BROKEN_HINT, error);
  }
  return { db: new Kysely<Database>({ dialect: new PgliteDialect(pglite) }), pglite };
}

/**
 * A new cluster made small: no template databases (Rampart never creates a database), at most 2 MB of WAL kept
 * (what 1 MB segments allow), and none of the segments initdb made in advance: each is used up by a switch to the
 * next, then removed by a checkpoint (wal_recycle is off). initdb's 39 MB become 9 MB, nearly all of it
 * PostgreSQL's own catalogue.
 */
async function slim(pglite: PgliteHandle): Promise<void> {
  for (const statement of [
    'alter database template0 with is_template false',
    'alter database template1 with is_template false',
    'drop database template0',
    'drop database template1',
    "alter system set min_wal_size = '2MB'",
    'select pg_reload_conf()',
    'checkpoint',
  ]) {
    await pglite.exec(statement);
  }
  for (let i = 0; i < 64 && (await walSegments(pglite)) > 1; i++) await pglite.exec('select pg_switch_wal(); checkpoint');
}

async function walSegments(pglite: PgliteHandle): Promise<number> {
  const result = await pglite.query<{ n: number }>("select count(*)::int as n from pg_ls_waldir() where name ~ '^[0-9A-F]{24}$'");
  return result.rows[0]?.n ?? 0;
}
