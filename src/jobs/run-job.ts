import { hostname } from 'node:os';
import { kyselyExecutor, type Executor } from '../store/executor.ts';
import { handlers, type JobContext } from './handlers/index.ts';
import { failAttempt, findJob, finishAttempt, JobNotActive, recordProgress, startAttempt } from './job-table.ts';
import type { JobRecord } from './job.ts';
import type { JobDeps, JobLimits, JobQueue } from './queue.ts';

export interface RunOptions {
  worker: string;
  limits: JobLimits;
  queue: JobQueue;
  /** The job when the queue already started its attempt (the in-process queue claims and starts in one statement). */
  started?: JobRecord;
  /** Called inside the transaction that finishes the job: pg-boss completes its copy there. */
  ack?: (exec: Executor, job: JobRecord) => Promise<void>;
  /** How often a running job looks whether it was cancelled. */
  cancelPollMs?: number;
}

export type RunOutcome = 'done' | 'skipped' | 'retry' | 'failed';

export const defaultWorkerName = (): string => `${hostname()}:${process.pid}`;

/**
 * One attempt at a job: start it (unless it is finished, cancelled or waiting — then nothing runs), run its
 * handler with a signal that fires on cancel or at the time limit, and record the outcome. A failure queues the job
 * again with back-off until its attempts run out; the error is rethrown so pg-boss counts the attempt too.
 */
export async function runJob(deps: JobDeps, id: string, options: RunOptions): Promise<RunOutcome> {
  const exec = kyselyExecutor(deps.store.db);
  const job = options.started ?? (await startAttempt(exec, id, options.worker));
  if (!job) return 'skipped';
  const controller = new AbortController();
  const limit = setTimeout(() => controller.abort(new Error(`time limit of ${options.limits.timeLimitSeconds} s reached`)), options.limits.timeLimitSeconds * 1_000);
  const watch = setInterval(() => {
    void findJob(exec, id).then((now) => {
      if (now && now.state !== 'active') controller.abort(new JobNotActive(id));
    }, () => undefined);
  }, options.cancelPollMs ?? 2_000);
  const context: JobContext = {
    store: deps.store,
    clock: deps.clock ?? (() => new Date()),
    ...(deps.afterReview ? { afterReview: deps.afterReview } : {}),
    signal: controller.signal,
    enqueue: (request, inside) => options.queue.enqueue(request, inside),
    progress: async (done, total, message) => {
      if (!(await recordProgress(exec, id, done, total, message))) controller.abort(new JobNotActive(id));
    },
    finish: async (inside, result, how = {}) => {
      await finishAttempt(inside, id, how.state ?? 'completed', result, how.progress);
      await options.ack?.(inside, job);
    },
  };
  try {
    await handlers[job.kind](job, context);
    return 'done';
  } catch (error) {
    if (error instanceof JobNotActive || controller.signal.reason instanceof JobNotActive) return 'skipped';
    const message = error instanceof Error ? error.message : String(error);
    const retryAfterMs = options.limits.retryDelaySeconds * 1_000 * 2 ** (job.attempts - 1);
    const state = await failAttempt(exec, id, message, retryAfterMs);
    if (state === undefined) return 'skipped';
    throw Object.assign(new Error(`job ${id} (${job.kind}) attempt ${job.attempts} failed: ${message}`, { cause: error }), { outcome: state === 'failed' ? 'failed' : 'retry' });
  } finally {
    clearTimeout(limit);
    clearInterval(watch);
  }
}
