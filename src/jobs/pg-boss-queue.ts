import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { usageError } from '../errors.ts';
import { inTransaction, kyselyExecutor, type Executor } from '../store/executor.ts';
import { cancelJob, failAttempt, findJob, insertJob, listJobs } from './job-table.ts';
import { JOB_KINDS, type EnqueueRequest, type JobKind } from './job.ts';
import { DEFAULT_LIMITS, type JobDeps, type JobLimits, type JobQueue, type WorkOptions } from './queue.ts';
import { defaultWorkerName, runJob } from './run-job.ts';

export interface PgBossOptions {
  limits?: Partial<JobLimits>;
  /** How often an idle worker asks for a job (pg-boss's minimum is half a second). */
  pollingIntervalSeconds?: number;
  cancelPollMs?: number;
}

export const queueName = (kind: JobKind): string => `rampart-${kind}`;

/**
 * Jobs through pg-boss on the store's PostgreSQL. pg-boss keeps its tables in a schema named after the Rampart schema
 * (`<schema>_pgboss`), so two Rampart schemas in one database never share a queue. Each job is sent under the id of
 * its `job` row, in the transaction that inserts the row; a worker finishes the row and pg-boss's copy in the
 * transaction that stores the job's result.
 */
export async function createPgBossQueue(deps: JobDeps, options: PgBossOptions = {}): Promise<JobQueue> {
  const { store } = deps;
  if (store.location.kind !== 'postgres') throw usageError('pg-boss needs PostgreSQL', 'point DATABASE_URL (or --store) at a postgres:// URL');
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const schema = await bossSchema(deps);
  const boss = new PgBoss({
    connectionString: store.location.url,
    schema,
    max: 4,
    // Expiry (a dead worker's job handed on) is checked at maintenance: often enough for the time limit to mean something.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(limits.timeLimitSeconds / 2))),
    monitorStateIntervalSeconds: 60,
    schedule: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  const sendOptions = { retryLimit: limits.attempts - 1, retryDelay: limits.retryDelaySeconds, retryBackoff: true, expireInSeconds: limits.timeLimitSeconds };
  for (const kind of JOB_KINDS) {
    if (!(await boss.getQueue(queueName(kind)))) await boss.createQueue(queueName(kind), { name: queueName(kind), ...sendOptions });
  }
  const exec = kyselyExecutor(store.db);
  const boundTo = (inside: Executor) => ({ executeSql: (text: string, values: unknown[]) => inside.executeSql(text, values) });

  const queue: JobQueue = {
    backend: 'pg-boss',
    async enqueue(request: EnqueueRequest, inside?: Executor) {
      const send = async (tx: Executor) => {
        const { job, created } = await insertJob(tx, request, limits.attempts);
        if (created) await boss.send(queueName(job.kind), { jobId: job.id }, { ...sendOptions, id: job.id, db: boundTo(tx) });
        return job;
      };
      return inside ? send(inside) : inTransaction(store.db, send);
    },
    async get(id) {
      const job = await findJob(exec, id);
      // A worker killed on the last attempt never records the failure; pg-boss's expiry does, in its own copy.
      if (job?.state !== 'active') return job;
      const copy = await boss.getJobById(queueName(job.kind), id, { includeArchive: true });
      if (copy?.state !== 'failed') return job;
      await failAttempt(exec, id, `the worker ${job.worker ?? ''} stopped answering and the time limit passed on the last attempt`, undefined);
      return findJob(exec, id);
    },
    list: (filter) => listJobs(exec, filter),
    async cancel(id) {
      const cancelled = await inTransaction(store.db, async (tx) => {
        const jobs = await cancelJob(tx, id);
        for (const job of jobs) await boss.cancel(queueName(job.kind), job.id, { db: boundTo(tx) });
        return jobs;
      });
      return cancelled[0] ?? (await findJob(exec, id));
    },
    async work(work: WorkOptions = {}) {
      const worker = work.worker ?? defaultWorkerName();
      for (const kind of work.kinds ?? JOB_KINDS) {
        for (let i = 0; i < (work.concurrency ?? 1); i++) {
          await boss.work<{ jobId: string }>(queueName(kind), { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) => {
            if (!job) return;
            await runJob(deps, job.data.jobId, {
              worker,
              limits,
              queue,
              ack: (tx, record) => boss.complete(queueName(record.kind), record.id, { db: boundTo(tx) }),
              ...(options.cancelPollMs ? { cancelPollMs: options.cancelPollMs } : {}),
            });
          });
        }
      }
    },
    async stop({ graceMs = 30_000 } = {}) {
      await boss.stop({ graceful: true, wait: true, timeout: graceMs });
    },
  };
  return queue;
}

async function bossSchema(deps: JobDeps): Promise<string> {
  const row = await sql<{ schema: string }>`select current_schema() as schema`.execute(deps.store.db);
  const schema = `${row.rows[0]?.schema ?? 'public'}_pgboss`;
  if (!/^[A-Za-z_]\w{0,49}$/.test(schema)) throw usageError(`pg-boss cannot keep its tables in schema "${schema}" (letters, digits and underscores, at most 50)`, 'choose a shorter Rampart schema name in search_path');
  return schema;
}
