import { startScheduler } from '../schedules/scheduler.ts';
import type { ReviewStarter } from '../server/review-starter.ts';
import { createInProcessQueue, type InProcessOptions } from './in-process-queue.ts';
import type { JobDeps, JobQueue } from './queue.ts';
import { createQueuedReviewStarter } from './review-starter.ts';

export interface ServerJobs {
  queue: JobQueue;
  startReview: ReviewStarter;
  stop(): Promise<void>;
}

export interface ServerJobsDeps extends JobDeps {
  /** Jobs run at once in the server (PGlite only). */
  concurrency?: number;
  options?: InProcessOptions;
  /** Slack-compatible webhook told of each stored review's new critical findings and regressions, and (daily) of waivers about to expire. */
  notifyUrl?: string;
  /** Run the scheduler loop (default on). */
  schedules?: boolean;
  onError?: (error: unknown) => void;
}

/**
 * For `rampart serve` on PGlite: the server runs its own jobs (one at a time by default: PGlite is one session, and
 * the analysis is CPU-bound) and its scheduler.
 */
export async function startInProcessJobs(deps: ServerJobsDeps): Promise<ServerJobs> {
  const afterReview = await notifier(deps);
  const queue = createInProcessQueue({ ...deps, ...(afterReview ? { afterReview } : {}) }, deps.options);
  await queue.work({ concurrency: deps.concurrency ?? 1 });
  return withScheduler(deps, queue);
}

/**
 * What the server calls whatever its store: on PostgreSQL it only queues (pg-boss; `rampart worker` processes run the
 * jobs) and runs the scheduler; on PGlite, startInProcessJobs. pg-boss is loaded only on PostgreSQL.
 */
export async function startServerJobs(deps: ServerJobsDeps): Promise<ServerJobs> {
  if (deps.store.location.kind !== 'postgres') return startInProcessJobs(deps);
  const { createPgBossQueue } = await import('./pg-boss-queue.ts');
  return withScheduler(deps, await createPgBossQueue(deps));
}

async function withScheduler(deps: ServerJobsDeps, queue: JobQueue): Promise<ServerJobs> {
  const scheduler = deps.schedules === false ? undefined : startScheduler({ store: deps.store, queue, ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.onError ? { onError: deps.onError } : {}) });
  const reminders = deps.schedules === false || !deps.notifyUrl ? undefined : (await import('../notify/waiver-reminders.ts')).remindExpiringWaivers(deps.store, deps.notifyUrl, { ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.onError ? { onError: deps.onError } : {}) });
  return {
    queue,
    startReview: createQueuedReviewStarter(queue),
    stop: async () => {
      scheduler?.stop();
      await reminders?.stop();
      await queue.stop();
    },
  };
}

async function notifier(deps: ServerJobsDeps): Promise<JobDeps['afterReview']> {
  if (deps.afterReview || !deps.notifyUrl) return deps.afterReview;
  const { notifyAfterReview } = await import('../notify/after-review.ts');
  return notifyAfterReview(deps.store, deps.notifyUrl, deps.onError);
}
