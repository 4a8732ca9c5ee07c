import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { listReviews } from '../store/reviews.ts';
import { pgliteBackend } from '../store/test-support/backends.ts';
import { startServerJobs } from './in-process-jobs.ts';
import { until } from './test-support/until.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/acme-bank', import.meta.url));
const backend = pgliteBackend();
afterAll(() => backend.cleanup());

it('on PGlite the server runs the reviews it starts itself, and is told of each review stored', async () => {
  const store = await backend.fresh();
  const stored: number[] = [];
  const jobs = await startServerJobs({ store, schedules: false, afterReview: async (id) => void stored.push(id), options: { pollMs: 100, limits: { attempts: 1 } } });
  try {
    expect(jobs.queue.backend).toBe('in-process');
    const { jobId } = await jobs.startReview({ inventoryDir: EXAMPLE, requestedBy: 'u-ana', reason: 'manual' });
    const done = await until('the review to be stored', async () => {
      const job = await jobs.queue.get(jobId);
      return job && job.state !== 'queued' && job.state !== 'active' ? job : undefined;
    });
    expect(done).toMatchObject({ state: 'completed', requestedBy: 'u-ana' });
    const reviews = await listReviews(store);
    expect(reviews.map((r) => [r.id, r.runBy])).toEqual([[(done.result as { reviewId: number }).reviewId, 'u-ana']]);
    expect(stored).toEqual([reviews[0]?.id]);

    // Started for one organisation (POST /api/reviews with `organisation`), the inventory of another is refused.
    const other = await jobs.startReview({ inventoryDir: EXAMPLE, organisation: 'Another Org', requestedBy: 'u-ana', reason: 'manual' });
    const refused = await until('the review to be refused', async () => {
      const job = await jobs.queue.get(other.jobId);
      return job && job.state !== 'queued' && job.state !== 'active' ? job : undefined;
    });
    expect(refused).toMatchObject({ state: 'failed', error: 'the inventory is of "Acme Bank", not "Another Org"' });
    expect(await listReviews(store)).toHaveLength(1);
  } finally {
    await jobs.stop();
    await store.close();
  }
});
