import { randomUUID } from 'node:crypto';
import type { AuditSink } from '../audit/audit-sink.ts';
import { stageReview } from '../review/run-review.ts';
import type { Store } from '../store/connection.ts';
import { saveStagedReview } from '../store/reviews.ts';
import type { ReviewStarter } from './review-starter.ts';

/** What became of a review started in this process. */
export interface ReviewRun {
  jobId: string;
  state: 'running' | 'stored' | 'failed';
  reviewId?: number;
  error?: string;
  requestedBy: string;
}

/**
 * The default ReviewStarter: runs the review in this process, one at a time, and stores it in the server's store
 * (PGlite has one writer). The queue of server-jobs (pg-boss on PostgreSQL) replaces it when merged. Checks are
 * not run here: they send traffic to targets and belong on workers with their own limits.
 */
export function inProcessStarter(store: Store, audit: AuditSink, clock: () => Date): { start: ReviewStarter; runs: Map<string, ReviewRun>; idle: () => Promise<void> } {
  const runs = new Map<string, ReviewRun>();
  let chain: Promise<void> = Promise.resolve();
  const start: ReviewStarter = async (request) => {
    const jobId = randomUUID();
    const run: ReviewRun = { jobId, state: 'running', requestedBy: request.requestedBy };
    runs.set(jobId, run);
    chain = chain.then(async () => {
      try {
        const staged = await stageReview({ inventory: request.inventoryDir, clock });
        if (request.organisation !== undefined && staged.document.organisation !== request.organisation) {
          throw new Error(`the inventory is of "${staged.document.organisation}", not "${request.organisation}"`);
        }
        const meta = await saveStagedReview(store, staged, { runBy: request.requestedBy });
        Object.assign(run, { state: 'stored', reviewId: meta.id });
        await audit({ actor: request.requestedBy, action: 'review.store', target: `review/${meta.id}`, after: { jobId, organisation: meta.organisation, findings: meta.findingCount, reason: request.reason } });
      } catch (error) {
        Object.assign(run, { state: 'failed', error: error instanceof Error ? error.message : String(error) });
        await audit({ actor: request.requestedBy, action: 'review.store', target: `job/${jobId}`, outcome: 'refused', after: { error: run.error } }).catch(() => undefined);
      }
    });
    return { jobId };
  };
  return { start, runs, idle: () => chain };
}
