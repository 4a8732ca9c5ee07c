import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, describe, expect, it } from 'vitest';
import { kyselyExecutor } from '../store/executor.ts';
import { postgresBackend, postgresReachable } from '../store/test-support/backends.ts';
import { startAttempt } from './job-table.ts';
import { createPgBossQueue, queueName } from './pg-boss-queue.ts';
import { dropBossSchema } from './test-support/queues.ts';
import { until } from './test-support/until.ts';

describe.skipIf(!(await postgresReachable()) && !process.env.CI)('a worker lost on the last attempt', () => {
  const backend = postgresBackend();
  afterAll(() => backend.cleanup());

  it('leaves its job failed, with the reason, once the time limit passed', async () => {
    const store = await backend.fresh();
    const queue = await createPgBossQueue({ store }, { limits: { attempts: 1, timeLimitSeconds: 1, retryDelaySeconds: 0 } });
    // A worker that takes the job and then is never heard of again: pg-boss's copy active, the job row active.
    const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema;
    const lost = new PgBoss({ connectionString: store.location.kind === 'postgres' ? store.location.url : '', schema: `${schema}_pgboss`, supervise: false, schedule: false });
    try {
      await lost.start();
      const job = await queue.enqueue({ kind: 'review', key: 'lost', payload: { inventoryDir: '/inv', reason: 'manual' }, requestedBy: 'ana' });
      expect((await lost.fetch(queueName('review')))?.[0]?.id).toBe(job.id);
      await startAttempt(kyselyExecutor(store.db), job.id, 'gone:1');
      const failed = await until('the job to read as failed', async () => {
        const now = await queue.get(job.id);
        return now?.state === 'failed' ? now : undefined;
      });
      expect(failed.error).toMatch(/gone:1 stopped answering/);
    } finally {
      await lost.stop({ graceful: false, wait: true });
      await queue.stop({ graceMs: 1_000 });
      await dropBossSchema(store);
      await store.close();
    }
  });
});
