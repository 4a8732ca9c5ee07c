import type { Evidence } from '../../checks/contract.ts';
import { stageReview } from '../../review/run-review.ts';
import type { Executor } from '../../store/executor.ts';
import { saveStagedReview } from '../../store/reviews.ts';
import type { JobContext } from './index.ts';

export interface StoreReviewRequest {
  inventoryDir: string;
  evidence: Evidence[];
  runBy: string;
  /** Unique on the stored review: the review of one job is stored once. */
  jobKey: string;
  /** Runs inside the review's transaction: the job marks itself done there. */
  onStored: (exec: Executor, reviewId: number) => Promise<void>;
}

/**
 * Analyse and store a review with the evidence given. When another attempt at the same job stored it first (two
 * attempts overlapped: a worker thought dead was only slow), the unique job key refuses this one and nothing more is
 * stored; that attempt also finished the job, in its transaction.
 */
export async function storeReview(context: JobContext, request: StoreReviewRequest): Promise<void> {
  const staged = await stageReview({ inventory: request.inventoryDir, evidence: request.evidence, clock: context.clock });
  context.signal.throwIfAborted();
  let reviewId: number;
  try {
    reviewId = (await saveStagedReview(context.store, staged, { runBy: request.runBy, jobKey: request.jobKey, inTransaction: (exec, saved) => request.onStored(exec, saved.id) })).id;
  } catch (error) {
    if (duplicateJobKey(error)) return;
    throw error;
  }
  await context.afterReview?.(reviewId).catch(() => undefined);
}

function duplicateJobKey(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: string; message?: string };
    if (code === '23505' && /job_key/.test(`${message ?? ''} ${(e as { constraint?: string }).constraint ?? ''}`)) return true;
  }
  return false;
}
