import type { Store } from '../store/connection.ts';
import type { Executor } from '../store/executor.ts';
import type { JobFilter } from './job-table.ts';
import type { EnqueueRequest, JobKind, JobRecord } from './job.ts';

/**
 * Jobs, whichever backend runs them: pg-boss on PostgreSQL (any number of `rampart worker` processes), or the
 * in-process queue on PGlite (the server runs its own jobs). Both keep the record users see in the `job` table, so
 * status, progress and cancel read and write the same rows; they differ in who hands the work out.
 */
export interface JobQueue {
  readonly backend: 'pg-boss' | 'in-process';
  /** Queue a job; the same key again returns the first job. `exec` enqueues inside the caller's transaction. */
  enqueue(request: EnqueueRequest, exec?: Executor): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  list(filter?: JobFilter): Promise<JobRecord[]>;
  /** Cancel a queued, running or waiting job and its unfinished children; undefined when there is no such job. */
  cancel(id: string): Promise<JobRecord | undefined>;
  /** Take jobs of these kinds, `concurrency` at a time, until stop(). */
  work(options?: WorkOptions): Promise<void>;
  /** Stop taking jobs, let running ones finish (or until the grace period ends), and let go of connections. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface WorkOptions {
  kinds?: readonly JobKind[];
  concurrency?: number;
  /** Names this process in `job.worker`; host:pid by default. */
  worker?: string;
}

/** Limits every job gets: attempts, back-off, time limit. Tests inject short ones. */
export interface JobLimits {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the first retry; doubled for each one after it. */
  retryDelaySeconds: number;
  /** A job running longer is stopped (in-process) or handed to another worker (pg-boss expiry). */
  timeLimitSeconds: number;
}

export const DEFAULT_LIMITS: JobLimits = { attempts: 3, retryDelaySeconds: 30, timeLimitSeconds: 3_600 };

/** What the handlers need besides the job: the store, and the queue to fan out into. */
export interface JobDeps {
  store: Store;
  clock?: () => Date;
  /** Told of each review a job stored, after its commit (notifications: src/notify/). A failure here fails no job. */
  afterReview?: (reviewId: number) => Promise<void>;
}
