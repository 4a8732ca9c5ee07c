import { mkdir, readdir, stat } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describeLocation, type StoreLocation } from './location.ts';
import { lockStore } from './lock.ts';
import { migrateToLatest } from './migrate.ts';
import { PgliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
import { reason, storeError } from './store-error.ts';

export interface Store {
  db: Kysely<Database>;
  location: StoreLocation;
  /** Where the store is, for messages (no password). */
  where: string;
  close(): Promise<void>;
}

/** Open the store, creating and migrating it as needed. Every failure is a RampartError of kind 'store'. */
export async function openStore(location: StoreLocation): Promise<Store> {
  const where = describeLocation(location);
  const { db, release } = location.kind === 'pglite' ? await openPglite(location.dir) : await openPostgres(location.url, where);
  try {
    await migrateToLatest(db as Kysely<unknown>, where);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    await release();
    throw error;
  }
  return {
    db,
    location,
    where,
    close: async () => {
      await db.destroy();
      await release();
    },
  };
}

const BROKEN_HINT = 'the folder is not a readable Rampart store: move it aside (e.g. mv it to *.broken) to start a new store, or restore it from a backup';

async function openPglite(dir: string): Promise<{ db: Kysely<Database>; release: () => Promise<void> }> {
  await checkFolder(dir);
  const release = await lockStore(dir);
  let pglite: PGlite | undefined;
  try {
    // PGlite reports a damaged folder on its own stderr as well as by rejecting; the rejection is what we show.
    pglite = await PGlite.create(dir, { onStderr: () => true, onStdout: () => true });
    await pglite.query('select 1');
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    await release();
    // WASM aborts say nothing useful ("Aborted(). Build with -sASSERTIONS…"): name what it means instead.
    const why = /Aborted\(|failed to initiali[sz]e/i.test(reason(error)) ? 'its database files are damaged (PGlite could not start on them)' : reason(error);
    throw storeError(`cannot open the review store: ${why}`, dir, BROKEN_HINT, error);
  }
  return { db: new Kysely<Database>({ dialect: new PgliteDialect(pglite) }), release };
}

/** Refuse a file, or a non-empty folder that is not a PostgreSQL data folder, before PGlite touches it. */
async function checkFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (!info) {
    await mkdir(dir, { recursive: true }).catch((error: unknown) => {
      throw storeError(`cannot create the review store: ${reason(error)}`, dir, 'choose a writable folder with --store or RAMPART_STORE');
    });
    return;
  }
  if (!info.isDirectory()) throw storeError('the review store path is a file, not a folder', dir, 'pass a folder with --store or RAMPART_STORE');
  const entries = await readdir(dir);
  if (entries.length > 0 && !entries.includes('PG_VERSION')) throw storeError('the folder is not empty and holds no Rampart store', dir, BROKEN_HINT);
}

async function openPostgres(url: string, where: string): Promise<{ db: Kysely<Database>; release: () => Promise<void> }> {
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
  return { db, release: async () => undefined };
}
