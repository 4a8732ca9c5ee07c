import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { DEFAULT_STORE_DIR, describeLocation, type StoreLocation } from './location.ts';
import { lockStore, tryLockStore } from './lock.ts';
import { migrateToLatest } from './migrate.ts';
import { checkExistingStore, checkWritableLocation, cleanUpAfterWriters, planStagingCopy, snapshotCopy, swapIn } from './pglite-folder.ts';
import { startPglite } from './pglite-start.ts';
import { warmPglite, type StorePglite } from './pglite-worker.ts';
import type { Database } from './schema.ts';
import { reason, storeError } from './store-error.ts';
import { timing } from '../util/timing.ts';

export interface Store {
  db: Kysely<Database>;
  location: StoreLocation;
  /** Where the store is, for messages (no password). */
  where: string;
  /** PostgreSQL only: the pool behind `db`, for what kysely cannot do (COPY). */
  pool?: pg.Pool;
  /** PGlite only: the database behind `db`, for what kysely cannot do (COPY). */
  pglite?: StorePglite;
  close(): Promise<void>;
  /**
   * Close without keeping anything written, for a store opened ahead of a command that then did not run (a bad command
   * line, an unusable report folder: cli/early-store.ts): an embedded store made new for it is not created after all.
   */
  discard?(): Promise<void>;
}

/**
 * `write`: create the store if needed and take the write lock (review).
 * `update`: like write, but the store must exist (waive, signoff: they act on stored reviews).
 * `read`: the store must exist; never created, never locked against a writer (reviews, show, diff, report, gate).
 * `serve`: a long-lived writer (`rampart serve`): takes the write lock and works on the folder in place, so each
 * commit lands at once instead of at close; readers meanwhile copy the folder as they do while any writer runs.
 */
export type StoreMode = 'read' | 'write' | 'update' | 'serve';

/** Open the store, creating and migrating it as needed. Every failure is a RampartError of kind 'store'. */
export async function openStore(location: StoreLocation, { mode = 'write', prepared }: { mode?: StoreMode; prepared?: () => void } = {}): Promise<Store> {
  const where = describeLocation(location);
  if (location.kind === 'postgres') prepared?.();
  const opened =
    location.kind === 'postgres'
      ? await openPostgres(location.url, where)
      : mode === 'read'
        ? await openPgliteToRead(location.dir)
        : mode === 'serve'
          ? await openPgliteInPlace(location.dir)
          : await openPgliteToWrite(location.dir, mode === 'update', prepared);
  try {
    await migrateToLatest(opened.db as Kysely<unknown>, where);
    timing('store: schema up to date');
  } catch (error) {
    await opened.db.destroy().catch(() => undefined);
    await opened.release(false);
    throw error;
  }
  return {
    db: opened.db,
    location,
    where,
    ...(opened.pool ? { pool: opened.pool } : {}),
    ...(opened.pglite ? { pglite: opened.pglite } : {}),
    close: async () => {
      // A PGlite writer keeps its staging copy only if something in it was committed: after a failed write it holds
      // the rolled-back rows' space and nothing else, so the store stays exactly as it was.
      const keep = opened.committed ? await opened.committed().catch(() => false) : true;
      await opened.db.destroy();
      await opened.release(keep);
    },
    discard: async () => {
      await opened.db.destroy();
      await opened.release(false);
    },
  };
}

interface Opened {
  db: Kysely<Database>;
  pool?: pg.Pool;
  pglite?: StorePglite;
  /** After the database is closed: keep (swap in) or drop what was written, and let go of the folder. */
  release: (keep: boolean) => Promise<void>;
  /** PGlite writers: whether any transaction committed since the store was opened (migrations included). */
  committed?: () => Promise<boolean>;
}

/**
 * Lock, then work on a staging copy that close() swaps in (see pglite-folder.ts). `prepared` is called once PGlite
 * has its folder and is starting.
 */
async function openPgliteToWrite(dir: string, mustExist: boolean, prepared?: () => void): Promise<Opened> {
  // PGlite's code and WebAssembly load on their thread while the folder is checked, locked and copied.
  warmPglite();
  if (mustExist) await checkExistingStore(dir, dir.endsWith(DEFAULT_STORE_DIR));
  await checkWritableLocation(dir);
  // The lock file sits beside the folder, so the folder's parents must exist first (`.rampart/` on a first run).
  const madeParent = await mkdir(dirname(dir), { recursive: true }).catch((error: unknown) => {
    throw storeError(`cannot create the review store: ${reason(error)}`, dir, 'choose a writable folder with --store or RAMPART_STORE');
  });
  const unlock = await lockStore(dir).catch(async (error: unknown) => {
    await removeMadeParents(dir, madeParent);
    throw error;
  });
  timing('store: locked');
  let staging: string | undefined;
  try {
    await cleanUpAfterWriters(dir);
    const plan = await planStagingCopy(dir);
    staging = plan.staging;
    const starting = startPglite(staging, dir, plan.copy);
    prepared?.();
    const { db, pglite } = await starting;
    timing('store: PGlite ready');
    const ready = staging;
    // A store made new by this open (from the template or by initdb) is kept at close as before: opening it is the
    // write (test and template set-ups open a store only to create it). An existing one only if something committed.
    const existed = plan.copy?.from === dir;
    const firstId = existed ? await nextTransactionId(pglite) : undefined;
    return {
      db,
      pglite,
      ...(firstId === undefined ? {} : { committed: () => committedSince(pglite, firstId) }),
      release: async (keep) => {
        try {
          // Kept, the copy becomes the store; not kept, it goes (cleanUpAfterWriters leaves a live writer's copies alone).
          await (keep ? swapIn(dir, ready) : rm(ready, { recursive: true, force: true }));
        } finally {
          await cleanUpAfterWriters(dir);
          await unlock();
          if (!keep) await removeMadeParents(dir, madeParent);
        }
      },
    };
  } catch (error) {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await cleanUpAfterWriters(dir).catch(() => undefined);
    await unlock();
    await removeMadeParents(dir, madeParent);
    if ((error as { name?: string }).name === 'RampartError') throw error;
    throw storeError(`cannot prepare the review store for writing: ${reason(error)}`, dir, 'check the folder and its parent are writable and the disk is not full', error);
  }
}

/** The id the next transaction that writes will be given (read-only ones are given none). */
async function nextTransactionId(pglite: StorePglite): Promise<string> {
  const { rows } = await pglite.query<{ next: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as next');
  return rows[0]?.next ?? '0';
}

/**
 * Whether a transaction given an id since `first` committed. A session makes a handful (migrations, a review, a
 * waiver), so each is looked up: a rolled-back write reads as 'aborted' and counts for nothing.
 */
async function committedSince(pglite: StorePglite, first: string): Promise<boolean> {
  const { rows } = await pglite.query<{ committed: boolean }>(
    `select exists (select 1 from generate_series($1::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 1) as id
      where pg_xact_status(id::text::xid8) = 'committed') as committed`,
    [first],
  );
  return rows[0]?.committed === true;
}

/**
 * A write that kept nothing leaves no trace of the store's parents it made (`.rampart/` on a first run): each, from the
 * store's parent up to the first one made, is removed if it is empty.
 */
async function removeMadeParents(dir: string, firstMade: string | undefined): Promise<void> {
  if (firstMade === undefined) return;
  for (let parent = dirname(dir); ; parent = dirname(parent)) {
    if (!(await rmdir(parent).then(() => true, () => false)) || parent === firstMade || dirname(parent) === parent) return;
  }
}

/** The server's store: created from the template when missing (a first staged write), then locked and opened in place. */
async function openPgliteInPlace(dir: string): Promise<Opened> {
  if (!(await readdir(dir).catch(() => [] as string[])).includes('PG_VERSION')) {
    const created = await openPgliteToWrite(dir, false);
    await created.db.destroy();
    await created.release(true);
  }
  await checkExistingStore(dir, dir.endsWith(DEFAULT_STORE_DIR));
  const unlock = await lockStore(dir);
  try {
    await cleanUpAfterWriters(dir);
    return { ...(await startPglite(dir, dir)), release: () => unlock() };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** In place when the folder is free and writable; otherwise a private copy (a writer is busy, or the folder is read-only). */
async function openPgliteToRead(dir: string): Promise<Opened> {
  warmPglite();
  await checkExistingStore(dir, dir.endsWith(DEFAULT_STORE_DIR));
  const lock = await tryLockStore(dir, 'read').catch(() => undefined);
  if (lock?.held) {
    try {
      await cleanUpAfterWriters(dir);
      return { ...(await startPglite(dir, dir)), release: () => lock.release() };
    } catch (error) {
      await lock.release();
      throw error;
    }
  }
  const copy = await snapshotCopy(dir);
  try {
    return { ...(await startPglite(copy.dir, dir)), release: () => copy.remove() };
  } catch (error) {
    await copy.remove();
    throw error;
  }
}

async function openPostgres(url: string, where: string): Promise<Opened> {
  // Loaded here, not at the top: the embedded store never needs the PostgreSQL client (a third of a second to load).
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server must not crash the process; the next query reports the problem.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw storeError(`cannot reach PostgreSQL: ${reason(error)}`, where, 'check DATABASE_URL and that the server is running and accepts this user', error);
  }
  return { db, pool, release: async () => undefined };
}
