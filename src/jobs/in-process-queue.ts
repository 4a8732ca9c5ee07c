import { kyselyExecutor, type Executor } from '../store/executor.ts';
import { cancelJob, claimNext, findJob, insertJob, listJobs } from './job-table.ts';
import { JOB_KINDS, type EnqueueRequest, type JobRecord } from './job.ts';
import { DEFAULT_LIMITS, type JobDeps, type JobLimits, type JobQueue, type WorkOptions } from './queue.ts';
import { defaultWorkerName, runJob } from './run-job.ts';

export interface InProcessOptions {
  limits?: Partial<JobLimits>;
  /** How often an idle loop looks for due jobs (retries wait in the table); an enqueue wakes it at once. */
  pollMs?: number;
  cancelPollMs?: number;
}

/**
 * The queue for the embedded store (PGlite): the `job` table is the queue, and this process runs the jobs — the
 * same kinds, states, attempts with back-off, time limits and cancellation as pg-boss gives workers on PostgreSQL.
 */
export function createInProcessQueue(deps: JobDeps, options: InProcessOptions = {}): JobQueue {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const exec = kyselyExecutor(deps.store.db);
  const loops: Promise<void>[] = [];
  const sleepers = new Set<() => void>();
  let stopped = false;
  const wake = () => {
    for (const resume of sleepers) resume();
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  const queue: JobQueue = {
    backend: 'in-process',
    async enqueue(request: EnqueueRequest, inside?: Executor) {
      const { job } = await insertJob(inside ?? exec, request, limits.attempts);
      // Inside a transaction the job is visible only after commit; the loop's next look (pollMs) finds it then.
      wake();
      return job;
    },
    get: (id) => findJob(exec, id),
    list: (filter) => listJobs(exec, filter),
    async cancel(id) {
      const cancelled = await cancelJob(exec, id);
      return cancelled[0] ?? (await findJob(exec, id));
    },
    async work(work: WorkOptions = {}) {
      const kinds = work.kinds ?? JOB_KINDS;
      const worker = work.worker ?? defaultWorkerName();
      for (let i = 0; i < (work.concurrency ?? 1); i++) loops.push(loop(kinds, worker));
    },
    async stop({ graceMs = 30_000 } = {}) {
      stopped = true;
      wake();
      await Promise.race([Promise.all(loops), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };

  async function loop(kinds: readonly JobRecord['kind'][], worker: string): Promise<void> {
    while (!stopped) {
      const job = await claimNext(exec, kinds, worker).catch(() => undefined);
      if (!job) {
        await nap(options.pollMs ?? 1_000);
        continue;
      }
      // A failed attempt is recorded (queued again, or failed) by runJob; the loop goes on to the next job.
      await runJob(deps, job.id, { worker, limits, queue, started: job, ...(options.cancelPollMs ? { cancelPollMs: options.cancelPollMs } : {}) }).catch(() => undefined);
      wake();
    }
  }
  return queue;
}
