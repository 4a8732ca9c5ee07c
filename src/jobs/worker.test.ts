import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/connection.ts';
import { listReviews } from '../store/reviews.ts';
import { postgresBackend, postgresReachable } from '../store/test-support/backends.ts';
import { createPgBossQueue } from './pg-boss-queue.ts';
import type { JobQueue } from './queue.ts';
import { enqueueReview } from './review-starter.ts';
import { dropBossSchema } from './test-support/queues.ts';
import { until } from './test-support/until.ts';
import { campaignInventory, modelServer, startWorker, type WorkerProcess } from './test-support/worker-fixture.ts';

// A short time limit, so the killed worker's job is handed on soon; long enough that a busy machine finishes the
// review and assembly jobs within it.
const TIME_LIMIT = '20';
const WORKER_ARGS = ['--time-limit', TIME_LIMIT, '--retry-delay', '0', '--attempts', '3', '--poll', '0.5'];
const CHECKS = 4;

describe.skipIf(!(await postgresReachable()) && !process.env.CI)('rampart worker on PostgreSQL', () => {
  const backend = postgresBackend();
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await backend.cleanup();
  });

  it('two workers share a campaign; one killed mid-attack, its check job is retried on the other and the review is stored once', { timeout: 600_000 }, async () => {
    const store: Store = await backend.fresh();
    const url = store.location.kind === 'postgres' ? store.location.url : '';
    const server = await modelServer();
    const queue: JobQueue = await createPgBossQueue({ store }, { limits: { timeLimitSeconds: Number(TIME_LIMIT), retryDelaySeconds: 0, attempts: 3 } });
    const workers: WorkerProcess[] = [];
    cleanups.push(
      () => store.close(),
      () => dropBossSchema(store),
      () => server.close(),
      () => queue.stop({ graceMs: 1_000 }),
      async () => workers.forEach((w) => w.child.kill('SIGKILL')),
    );
    const inventoryDir = await campaignInventory(server.url, CHECKS);
    const campaign = await enqueueReview(queue, { inventoryDir, checks: ['inference-endpoint/exposure'], requestedBy: 'ci', reason: 'ci' }, 'ci/campaign-1');
    workers.push(startWorker(url, WORKER_ARGS), startWorker(url, WORKER_ARGS));

    // Mid-attack: the held model's check job has sent its first request and is waiting for the answer.
    await Promise.race([server.held, ...workers.map((w) => w.exited.then(() => Promise.reject(new Error(`a worker exited early:\n${w.output()}`))))]);
    const heldJob = await until('the held check job to be active', async () => (await queue.list({ parentId: campaign.id })).find((j) => j.key.endsWith(`model-${CHECKS - 1}/inference-endpoint/exposure`) && j.state === 'active'));
    const victim = workers.find((w) => heldJob.worker?.endsWith(`:${w.child.pid}`));
    if (!victim) throw new Error(`no worker matches ${heldJob.worker}`);
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    const survivor = workers.find((w) => w !== victim) as WorkerProcess;

    const done = await until(
      'the campaign to complete',
      async () => {
        const job = await queue.get(campaign.id);
        if (job?.state === 'failed' || job?.state === 'cancelled') throw new Error(`campaign ${job.state}: ${job.error}\n${survivor.output()}`);
        return job?.state === 'completed' ? job : undefined;
      },
      540_000,
    );
    const retried = await queue.get(heldJob.id);
    expect(retried).toMatchObject({ state: 'completed', attempts: 2 });
    expect(retried?.worker).toBe(`${retried?.worker?.split(':')[0]}:${survivor.child.pid}`);

    const reviews = await listReviews(store);
    expect(reviews).toHaveLength(1);
    expect(done.result).toEqual({ reviewId: reviews[0]?.id });
    const stored = await sql<{ job_key: string }>`select job_key from review`.execute(store.db);
    expect(stored.rows).toEqual([{ job_key: 'ci/campaign-1' }]);
    // Each check's evidence once: as many rows as check jobs, and the review holds one piece per model.
    const evidence = await sql<{ n: number; pieces: number }>`select count(*)::int as n, sum(jsonb_array_length(evidence))::int as pieces from job_evidence where parent_id = ${campaign.id}`.execute(store.db);
    expect(evidence.rows[0]).toEqual({ n: CHECKS, pieces: CHECKS });
    const children = await queue.list({ parentId: campaign.id });
    expect(children.map((c) => c.state)).toEqual(Array(CHECKS).fill('completed'));

    // SIGTERM: the survivor stops taking jobs and exits cleanly.
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toEqual({ code: 0, signal: null });
    expect(survivor.output()).toMatch(/worker stopped/);
  });

  it('on the embedded store a worker exits 2 and says the server runs jobs itself', async () => {
    const worker = startWorker('/tmp/rampart-no-such-store', []);
    expect((await worker.exited).code).toBe(2);
    expect(worker.output()).toMatch(/rampart serve` runs jobs itself/);
    expect(worker.output()).not.toMatch(/\n\s+at /);
  });
});
