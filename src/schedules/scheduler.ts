import type { JobRecord } from '../jobs/job.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { enqueueReview } from '../jobs/review-starter.ts';
import type { Store } from '../store/connection.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { dueSlot } from './cron.ts';
import { listSchedules, type Schedule } from './schedule-store.ts';

export interface SchedulerDeps {
  store: Store;
  queue: JobQueue;
  clock?: () => Date;
}

/** The job key of a schedule's slot: every server that finds the slot due enqueues the same key, so it runs once. */
export const slotKey = (schedule: Schedule, slot: Date): string => `schedule/${schedule.id}/${slot.toISOString()}`;

/**
 * One look at the schedules: each enabled schedule owes the review of its latest slot at or before now (not one
 * before the schedule was last changed); that review is queued under the slot's key. Slots missed while no server
 * ran collapse into the latest — one review, not a backlog. Returns the jobs for the slots due (new or not).
 */
export async function tick(deps: SchedulerDeps): Promise<JobRecord[]> {
  const now = (deps.clock ?? (() => new Date()))();
  const jobs: JobRecord[] = [];
  for (const schedule of await listSchedules(kyselyExecutor(deps.store.db), { enabledOnly: true })) {
    const slot = dueSlot(schedule.cron, schedule.timezone, now, new Date(schedule.updatedAt));
    if (!slot) continue;
    const request = { inventoryDir: schedule.inventoryDir, requestedBy: `schedule/${schedule.id}`, reason: 'schedule' as const, ...(schedule.organisation ? { organisation: schedule.organisation } : {}), ...(schedule.checks?.length ? { checks: schedule.checks } : {}) };
    jobs.push(await enqueueReview(deps.queue, request, slotKey(schedule, slot)));
  }
  return jobs;
}

/** Look every `everyMs` (a minute by default: cron's finest grain) until stop(). A failed look is retried at the next. */
export function startScheduler(deps: SchedulerDeps & { everyMs?: number; onError?: (error: unknown) => void }): { stop(): void } {
  let running = false;
  const look = () => {
    if (running) return;
    running = true;
    tick(deps)
      .catch((error: unknown) => deps.onError?.(error))
      .finally(() => (running = false));
  };
  const timer = setInterval(look, deps.everyMs ?? 60_000);
  timer.unref();
  look();
  return { stop: () => clearInterval(timer) };
}
