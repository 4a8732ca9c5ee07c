import type { Command } from 'commander';
import { z } from 'zod';
import { usageError } from '../errors.ts';
import { JOB_KINDS } from '../jobs/job.ts';
import { openStore } from '../store/connection.ts';
import { describeLocation, resolveStoreLocation } from '../store/location.ts';
import { writeErr } from './output.ts';
import { storeOption } from './store-option.ts';

const Flags = z.object({
  store: z.string().optional(),
  concurrency: z.coerce.number().int().min(1, '--concurrency takes a number from 1').max(64, '--concurrency takes at most 64'),
  queues: z
    .string()
    .transform((s) => s.split(',').map((q) => q.trim()).filter(Boolean))
    .pipe(z.array(z.enum(JOB_KINDS, { message: `--queues takes a comma-separated list of ${JOB_KINDS.join(', ')}` })).min(1, '--queues names no queue')),
  timeLimit: z.coerce.number().int().min(1, '--time-limit takes whole seconds from 1'),
  retryDelay: z.coerce.number().int().min(0, '--retry-delay takes whole seconds from 0'),
  attempts: z.coerce.number().int().min(1, '--attempts takes a number from 1'),
  poll: z.coerce.number().min(0.5, '--poll takes seconds from 0.5'),
  notify: z.url({ protocol: /^https?$/, message: '--notify takes an http(s) URL' }).optional(),
});

/**
 * `rampart worker`: take review, check and assembly jobs from the PostgreSQL store's pg-boss queues until SIGTERM or
 * SIGINT, then stop taking jobs, let the running ones finish and exit. Any number of workers on any number of
 * machines share the queues. On the embedded store the server runs jobs itself, so a worker has nothing to do.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take review, check and attack jobs from the PostgreSQL job queue (pg-boss) until stopped; run any number, on any machine')
    .addOption(storeOption())
    .option('-c, --concurrency <n>', 'jobs of each queue this worker runs at once', '1')
    .option('--queues <kinds>', `which jobs to take: ${JOB_KINDS.join(', ')}`, JOB_KINDS.join(','))
    .option('--time-limit <seconds>', 'a job running longer is handed to another worker (pg-boss expiry); set where jobs are queued', '3600')
    .option('--retry-delay <seconds>', 'wait before retrying a failed job, doubled for each further attempt', '30')
    .option('--attempts <n>', 'attempts per job, the first included', '3')
    .option('--poll <seconds>', 'how often an idle worker asks for a job', '2')
    .option('--notify <url>', 'Slack-compatible webhook told of new critical findings and regressions of each review stored (default RAMPART_NOTIFY_URL)')
    .action(async (raw: unknown) => {
      const given = raw as { notify?: string };
      const parsed = Flags.safeParse({ ...given, notify: given.notify ?? process.env.RAMPART_NOTIFY_URL });
      if (!parsed.success) throw usageError(parsed.error.issues[0]?.message ?? 'invalid options', 'see rampart worker --help');
      const flags = parsed.data;
      const location = resolveStoreLocation({ store: flags.store });
      if (location.kind !== 'postgres') {
        throw usageError(
          `rampart worker takes jobs from PostgreSQL, and the store is the embedded one (${describeLocation(location)}): on it, \`rampart serve\` runs jobs itself`,
          'point DATABASE_URL (or --store) at a postgres:// URL to spread jobs over workers, or run `rampart serve` alone',
        );
      }
      const store = await openStore(location, { mode: 'write' });
      try {
        // Loaded only here: nothing of pg-boss is imported unless a worker (or the server on PostgreSQL) needs it.
        const { createPgBossQueue } = await import('../jobs/pg-boss-queue.ts');
        const { notifyAfterReview } = await import('../notify/after-review.ts');
        const afterReview = flags.notify ? notifyAfterReview(store, flags.notify, (error) => writeErr(`warning: notification not sent: ${String(error)}`)) : undefined;
        const queue = await createPgBossQueue(
          { store, ...(afterReview ? { afterReview } : {}) },
          { limits: { timeLimitSeconds: flags.timeLimit, retryDelaySeconds: flags.retryDelay, attempts: flags.attempts }, pollingIntervalSeconds: flags.poll },
        );
        const stopped = new Promise<string>((resolve) => {
          for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve(signal));
        });
        await queue.work({ kinds: flags.queues, concurrency: flags.concurrency });
        writeErr(`worker ${process.pid} taking ${flags.queues.join(', ')} jobs (${flags.concurrency} at a time each) from ${store.where}`);
        const signal = await stopped;
        writeErr(`${signal}: finishing the jobs running, taking no more`);
        await queue.stop({ graceMs: 60_000 });
        writeErr('worker stopped');
      } finally {
        await store.close();
      }
    });
}
