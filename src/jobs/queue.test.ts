import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { kyselyExecutor } from '../store/executor.ts';
import { listReviews } from '../store/reviews.ts';
import type { Store } from '../store/connection.ts';
import { startAttempt } from './job-table.ts';
import type { JobQueue } from './queue.ts';
import { runJob } from './run-job.ts';
import { dropBossSchema, queueBackends, TEST_LIMITS } from './test-support/queues.ts';
import { until } from './test-support/until.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/acme-bank', import.meta.url));
const review = (key: string, inventoryDir = EXAMPLE) => ({ kind: 'review' as const, key, payload: { inventoryDir, reason: 'manual' }, requestedBy: 'ana' });

describe.each(await queueBackends())('jobs on $backend.name', ({ backend, open }) => {
  const opened: { store: Store; queue: JobQueue }[] = [];
  const fresh = async () => {
    const store = await backend.fresh();
    const queue = await open(store);
    opened.push({ store, queue });
    return { store, queue };
  };
  afterAll(async () => {
    for (const { store, queue } of opened) {
      await queue.stop({ graceMs: 5_000 });
      await dropBossSchema(store);
      await store.close();
    }
    await backend.cleanup();
  });

  it('a review job runs once per key, stores its review under the key, and reports its result', async () => {
    const { store, queue } = await fresh();
    const first = await queue.enqueue(review('quarterly/2026-Q4'));
    const again = await queue.enqueue(review('quarterly/2026-Q4'));
    expect(again.id).toBe(first.id);
    expect(first.state).toBe('queued');
    await queue.work({ concurrency: 2 });
    const done = await until('the review job to finish', async () => {
      const job = await queue.get(first.id);
      return job && ['completed', 'failed'].includes(job.state) ? job : undefined;
    });
    expect(done).toMatchObject({ state: 'completed', attempts: 1, error: null });
    const reviews = await listReviews(store);
    expect(reviews).toHaveLength(1);
    expect(done.result).toEqual({ reviewId: reviews[0]?.id });
    const keys = await sql<{ job_key: string }>`select job_key from review`.execute(store.db);
    expect(keys.rows).toEqual([{ job_key: 'quarterly/2026-Q4' }]);
  });

  it('a job that keeps failing is retried, then failed with its error; a cancelled job never runs', async () => {
    const { store, queue } = await fresh();
    const cancelled = await queue.enqueue(review('cancelled-before-start'));
    expect((await queue.cancel(cancelled.id))?.state).toBe('cancelled');
    const broken = await queue.enqueue(review('missing-inventory', '/nonexistent/inventory'));
    await queue.work({});
    const failed = await until('the broken job to fail', async () => {
      const job = await queue.get(broken.id);
      return job?.state === 'failed' ? job : undefined;
    });
    expect(failed.attempts).toBe(TEST_LIMITS.attempts);
    expect(failed.error).toMatch(/nonexistent/);
    expect((await queue.get(cancelled.id))?.state).toBe('cancelled');
    expect(await listReviews(store)).toHaveLength(0);
    expect(await queue.cancel('no-such-job')).toBeUndefined();
  });

  it('two attempts at one job (a worker thought dead was only slow) store its review once', async () => {
    const { store, queue } = await fresh();
    const job = await queue.enqueue(review('overlapping-attempts'));
    const exec = kyselyExecutor(store.db);
    const first = await startAttempt(exec, job.id, 'worker-a');
    // The second attempt starts while the first is active, as pg-boss does once the first one's time limit passed.
    const second = await startAttempt(exec, job.id, 'worker-b');
    expect(second?.attempts).toBe(2);
    const options = { limits: { ...TEST_LIMITS, attempts: 2, retryDelaySeconds: 0, timeLimitSeconds: 600 }, queue };
    const outcomes = await Promise.all([
      runJob({ store }, job.id, { ...options, worker: 'worker-a', ...(first ? { started: first } : {}) }),
      runJob({ store }, job.id, { ...options, worker: 'worker-b', ...(second ? { started: second } : {}) }),
    ]);
    expect(outcomes).toEqual(['done', 'done']);
    expect(await listReviews(store)).toHaveLength(1);
    expect((await queue.get(job.id))?.state).toBe('completed');
    // Run once more after it completed: nothing runs, nothing is stored.
    expect(await runJob({ store }, job.id, { ...options, worker: 'worker-c' })).toBe('skipped');
    expect(await listReviews(store)).toHaveLength(1);
  });
});
