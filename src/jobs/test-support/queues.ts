import pg from 'pg';
import { sql } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { backends, TEST_DATABASE_URL, type Backend } from '../../store/test-support/backends.ts';
import { createInProcessQueue } from '../in-process-queue.ts';
import { createPgBossQueue } from '../pg-boss-queue.ts';
import type { JobLimits, JobQueue } from '../queue.ts';

/** Limits for tests: no waiting between attempts, two attempts. */
export const TEST_LIMITS: Partial<JobLimits> = { attempts: 2, retryDelaySeconds: 0, timeLimitSeconds: 600 };

/** The store backends with the queue each gets: in-process on PGlite, pg-boss on PostgreSQL (when reachable). */
export async function queueBackends(): Promise<{ backend: Backend; open: (store: Store) => Promise<JobQueue> }[]> {
  return (await backends()).map((backend) => ({
    backend,
    open: (store: Store) =>
      backend.name === 'pglite'
        ? Promise.resolve(createInProcessQueue({ store }, { limits: TEST_LIMITS, pollMs: 100, cancelPollMs: 200 }))
        : createPgBossQueue({ store }, { limits: TEST_LIMITS, pollingIntervalSeconds: 0.5, cancelPollMs: 200 }),
  }));
}

/** pg-boss's schema beside a test schema, dropped with it. */
export async function dropBossSchema(store: Store): Promise<void> {
  if (store.location.kind !== 'postgres') return;
  const row = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${row.rows[0]?.schema ?? 'missing'}_pgboss cascade`);
  } finally {
    await client.end();
  }
}
