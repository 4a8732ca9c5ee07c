import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';

/**
 * SQL with `$1…` parameters on one connection, inside whatever transaction that connection is in. The shape is
 * pg-boss's `db` option, so a job's result, its row in `job` and pg-boss's own completion commit together.
 */
export interface Executor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** A kysely database or transaction as an Executor (PGlite and PostgreSQL alike). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any kysely database or transaction, whatever its tables
export function kyselyExecutor(db: Kysely<any>): Executor {
  return {
    executeSql: async (text, values) => ({ rows: (await db.executeQuery(CompiledQuery.raw(text, values))).rows as Record<string, unknown>[] }),
  };
}

/** A checked-out pg client as an Executor. */
export function clientExecutor(client: pg.PoolClient): Executor {
  return { executeSql: async (text, values) => ({ rows: (await client.query(text, values)).rows as Record<string, unknown>[] }) };
}

/** Run `work` in one transaction of the store's database. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any kysely database, whatever its tables
export async function inTransaction<T>(db: Kysely<any>, work: (exec: Executor) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => work(kyselyExecutor(trx)));
}
