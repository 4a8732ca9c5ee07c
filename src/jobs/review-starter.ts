import { randomUUID } from 'node:crypto';
import type { ReviewRequest, ReviewStarter } from '../server/review-starter.ts';
import type { Executor } from '../store/executor.ts';
import type { JobRecord } from './job.ts';
import type { JobQueue } from './queue.ts';

/** A review request as a queued review job (with checks: a campaign of check jobs). */
export function createQueuedReviewStarter(queue: JobQueue): ReviewStarter {
  return async (request) => ({ jobId: (await enqueueReview(queue, request, `${request.reason}/${randomUUID()}`)).id });
}

/**
 * Queue a review under an idempotency key: a schedule's slot, a webhook's delivery id. The same key again returns
 * the job already queued for it.
 */
export function enqueueReview(queue: JobQueue, request: ReviewRequest & { assets?: readonly string[] }, key: string, exec?: Executor): Promise<JobRecord> {
  const payload = {
    inventoryDir: request.inventoryDir,
    reason: request.reason,
    ...(request.organisation ? { organisation: request.organisation } : {}),
    ...(request.checks?.length ? { checks: [...request.checks] } : {}),
    ...(request.assets?.length ? { assets: [...request.assets] } : {}),
  };
  return queue.enqueue({ kind: 'review', key, payload, requestedBy: request.requestedBy, ...(request.organisation ? { organisation: request.organisation } : {}) }, exec);
}
