import { createInProcessQueue, type InProcessOptions } from './in-process-queue.ts';
import type { JobDeps, JobQueue } from './queue.ts';
import { createQueuedReviewStarter } from './review-starter.ts';

export interface InProcessJobs {
  queue: JobQueue;
  startReview: ReturnType<typeof createQueuedReviewStarter>;
  stop(): Promise<void>;
}

/**
 * For `rampart serve` on PGlite: the server runs its own jobs (one at a time by default: PGlite is one session, and
 * the analysis is CPU-bound). On PostgreSQL the server only enqueues and `rampart worker` processes run them.
 */
export async function startInProcessJobs(deps: JobDeps & { concurrency?: number; options?: InProcessOptions }): Promise<InProcessJobs> {
  const queue = createInProcessQueue(deps, deps.options);
  await queue.work({ concurrency: deps.concurrency ?? 1 });
  return { queue, startReview: createQueuedReviewStarter(queue), stop: () => queue.stop() };
}
