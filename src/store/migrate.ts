import { Migrator, sql, type Kysely } from 'kysely';
import { MIGRATIONS } from './migrations/index.ts';
import { reason, storeError } from './store-error.ts';
import { RAMPART_VERSION } from '../version.ts';

export const MIGRATION_TABLE = 'rampart_migration';

/**
 * Bring the schema up to date; each migration runs in its own transaction and is recorded in rampart_migration.
 *
 * The migration tables are named with the schema the connection's search_path selects. Without it kysely looks for
 * them in every schema of the database, finds another Rampart schema's, and then fails to use them
 * (`relation "rampart_migration_lock" does not exist`).
 */
export async function migrateToLatest(db: Kysely<unknown>, where: string): Promise<string[]> {
  const schema = await currentSchema(db, where);
  if (await upToDate(db, schema)) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
    migrationTableSchema: schema,
  });
  const { error, results = [] } = await migrateRetryingForeignDrops(migrator, schema);
  if (error) {
    const message = reason(error);
    if (/corrupted migrations/i.test(message)) {
      // kysely's words ("previously executed migration X is missing") read as damage; the store is only newer.
      const unknown = /migration (\S+) is missing/.exec(message)?.[1];
      const what = unknown ? `it records migration ${unknown}, which Rampart ${RAMPART_VERSION} does not have` : message;
      throw storeError(`the store was written by a newer Rampart (${what})`, where, 'upgrade rampart to read it (nothing was changed), or point --store at another folder', error);
    }
    const failed = results.find((r) => r.status === 'Error');
    throw storeError(`migrating the store failed${failed ? ` at ${failed.migrationName}` : ''}: ${message}`, where, 'nothing was changed by the failed migration; fix the cause and run again', error);
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Every migration recorded, in order, and nothing else: one query instead of the Migrator's dozen (it creates its
 * tables if missing, takes its lock, reads the list in a transaction), which was a fifth of opening a small store.
 * Anything else, including a migration table that is not there yet or a name this Rampart does not know, goes
 * through the Migrator, which migrates under its lock or refuses the store.
 */
async function upToDate(db: Kysely<unknown>, schema: string): Promise<boolean> {
  const table = await sql<{ found: string | null }>`select to_regclass(${`${quoteIdent(schema)}.${MIGRATION_TABLE}`})::text as found`.execute(db);
  if (!table.rows[0]?.found) return false;
  const rows = await sql<{ name: string }>`select name from ${sql.table(`${schema}.${MIGRATION_TABLE}`)}`.execute(db);
  const [stored, known] = [rows.rows.map((row) => row.name).sort(), Object.keys(MIGRATIONS).sort()];
  return stored.length === known.length && stored.every((name, i) => name === known[i]);
}

/**
 * kysely's Migrator looks up its tables through an introspection of every schema in the database
 * (`has_schema_privilege(name, …)` over pg_namespace), which fails with 3F000 when another schema is dropped while it
 * runs: another application's, or another Rampart store's in a shared database. Nothing of ours was changed then
 * (each migration is its own transaction), so such a failure is tried again, a few times; a missing schema of our own
 * is an error as before.
 */
export async function migrateRetryingForeignDrops(migrator: Migrator, schema: string, attempts = 5): ReturnType<Migrator['migrateToLatest']> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await migrator.migrateToLatest();
    if (!outcome.error || attempt >= attempts || !droppedElsewhere(outcome.error, schema)) return outcome;
  }
}

function droppedElsewhere(error: unknown, schema: string): boolean {
  const cause = error as { code?: unknown; message?: unknown };
  if (cause?.code !== '3F000' || typeof cause.message !== 'string') return false;
  const missing = /schema "(.+)" does not exist/.exec(cause.message)?.[1];
  return missing !== undefined && missing !== schema;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function currentSchema(db: Kysely<unknown>, where: string): Promise<string> {
  const row = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = row.rows[0]?.schema;
  if (!schema) throw storeError('the schema named by search_path does not exist', where, 'create it first (create schema …), or fix search_path in the URL');
  return schema;
}
