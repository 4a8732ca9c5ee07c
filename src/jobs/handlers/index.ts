import type { Store } from '../../store/connection.ts';
import type { Executor } from '../../store/executor.ts';
import type { EnqueueRequest, JobKind, JobRecord } from '../job.ts';
import { assembleJob } from './assemble.ts';
import { checkJob } from './check.ts';
import { reviewJob } from './review.ts';

/** What a handler gets besides its job. It finishes the job with `finish`, inside the transaction that stores its result. */
export interface JobContext {
  store: Store;
  clock: () => Date;
  afterReview?: (reviewId: number) => Promise<void>;
  /** Fires when the job is cancelled or reaches its time limit. */
  signal: AbortSignal;
  enqueue(request: EnqueueRequest, exec?: Executor): Promise<JobRecord>;
  progress(done: number, total: number, message?: string): Promise<void>;
  /** Mark the job completed (or waiting for its children) with its result; throws JobNotActive when it was cancelled. */
  finish(exec: Executor, result: unknown, how?: { state?: 'completed' | 'waiting'; progress?: { done: number; total: number } }): Promise<void>;
}

export type JobHandler = (job: JobRecord, context: JobContext) => Promise<void>;

export const handlers: Record<JobKind, JobHandler> = { review: reviewJob, check: checkJob, assemble: assembleJob };
