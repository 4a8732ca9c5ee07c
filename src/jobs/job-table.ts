import { randomUUID } from 'node:crypto';
import type { Executor } from '../store/executor.ts';
import type { EnqueueRequest, JobKind, JobRecord, JobState } from './job.ts';

/**
 * The `job` table (migration 0005): the record of every job whichever queue runs it. All SQL here takes an
 * Executor, so it runs inside the caller's transaction (a result and the job's completion commit together).
 */

const COLUMNS = `id, key, kind, parent_id, organisation, payload, state, attempts, max_attempts, worker, progress_done,
  progress_total, message, result, error, requested_by, created_at, updated_at`;

/** Insert the job unless its key is taken; `created` says which. */
export async function insertJob(exec: Executor, request: EnqueueRequest, maxAttempts: number): Promise<{ job: JobRecord; created: boolean }> {
  const inserted = await exec.executeSql(
    `insert into job (id, key, kind, parent_id, organisation, payload, max_attempts, requested_by)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) on conflict (key) do nothing returning ${COLUMNS}`,
    [randomUUID(), request.key, request.kind, request.parentId ?? null, request.organisation ?? null, JSON.stringify(request.payload), maxAttempts, request.requestedBy],
  );
  if (inserted.rows[0]) return { job: toRecord(inserted.rows[0]), created: true };
  const existing = await exec.executeSql(`select ${COLUMNS} from job where key = $1`, [request.key]);
  if (!existing.rows[0]) throw new Error(`job ${request.key} neither inserted nor found`);
  return { job: toRecord(existing.rows[0]), created: false };
}

export async function findJob(exec: Executor, id: string): Promise<JobRecord | undefined> {
  const rows = await exec.executeSql(`select ${COLUMNS} from job where id = $1`, [id]);
  return rows.rows[0] ? toRecord(rows.rows[0]) : undefined;
}

export interface JobFilter {
  state?: JobState;
  kind?: JobKind;
  parentId?: string;
  organisation?: string;
  limit?: number;
}

export async function listJobs(exec: Executor, filter: JobFilter = {}): Promise<JobRecord[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  for (const [column, value] of [['state', filter.state], ['kind', filter.kind], ['parent_id', filter.parentId], ['organisation', filter.organisation]] as const) {
    if (value === undefined) continue;
    values.push(value);
    where.push(`${column} = $${values.length}`);
  }
  values.push(filter.limit ?? 100);
  const rows = await exec.executeSql(`select ${COLUMNS} from job ${where.length ? `where ${where.join(' and ')}` : ''} order by created_at desc, id limit $${values.length}`, values);
  return rows.rows.map(toRecord);
}

/**
 * Start an attempt: the job becomes active under this worker, one attempt more. Only a queued job, or an active one
 * whose worker died (pg-boss hands it out again after its time limit), starts; a finished or waiting one does not.
 */
export async function startAttempt(exec: Executor, id: string, worker: string, from: readonly JobState[] = ['queued', 'active']): Promise<JobRecord | undefined> {
  const rows = await exec.executeSql(
    `update job set state = 'active', attempts = attempts + 1, worker = $2, error = null, updated_at = now()
     where id = $1 and state = any($3::text[]) returning ${COLUMNS}`,
    [id, worker, [...from]],
  );
  return rows.rows[0] ? toRecord(rows.rows[0]) : undefined;
}

/** Progress of an active job; false when it is no longer active (cancelled), so the work stops. */
export async function recordProgress(exec: Executor, id: string, done: number, total: number, message?: string): Promise<boolean> {
  const rows = await exec.executeSql(
    `update job set progress_done = $2, progress_total = $3, message = coalesce($4, message), updated_at = now() where id = $1 and state in ('active', 'waiting') returning id`,
    [id, done, total, message ?? null],
  );
  return rows.rows.length > 0;
}

/** Move an active job on; throws when it is not active any more (cancelled meanwhile), which rolls the caller's transaction back. */
export async function finishAttempt(exec: Executor, id: string, state: 'completed' | 'waiting', result: unknown, progress?: { done: number; total: number }): Promise<void> {
  const rows = await exec.executeSql(
    `update job set state = $2, result = $3::jsonb, progress_done = coalesce($4, progress_done), progress_total = coalesce($5, progress_total), updated_at = now()
     where id = $1 and state = 'active' returning id`,
    [id, state, JSON.stringify(result ?? null), progress?.done ?? null, progress?.total ?? null],
  );
  if (rows.rows.length === 0) throw new JobNotActive(id);
}

/** A campaign's review is done when its assembly is: the parent completes with the review's id. */
export async function completeWaiting(exec: Executor, id: string, result: unknown): Promise<void> {
  await exec.executeSql(`update job set state = 'completed', result = $2::jsonb, updated_at = now() where id = $1 and state = 'waiting'`, [id, JSON.stringify(result ?? null)]);
}

/** A failed attempt: back to the queue until attempts run out, then failed (and a waiting parent with it). */
export async function failAttempt(exec: Executor, id: string, error: string, retryAfterMs: number | undefined): Promise<JobState | undefined> {
  const rows = await exec.executeSql(
    `update job set state = case when $3::integer is not null and attempts < max_attempts then 'queued' else 'failed' end,
       run_after = now() + make_interval(secs => coalesce($3::integer, 0) / 1000.0), error = $2, updated_at = now()
     where id = $1 and state = 'active' returning state, parent_id`,
    [id, error, retryAfterMs ?? null],
  );
  const row = rows.rows[0];
  if (row?.state === 'failed' && typeof row.parent_id === 'string') {
    await exec.executeSql(`update job set state = 'failed', error = $2, updated_at = now() where id = $1 and state = 'waiting'`, [row.parent_id, `check job ${id} failed: ${error}`]);
  }
  return row?.state as JobState | undefined;
}

/** Cancel a job and its unfinished children; returns the jobs cancelled (the given one first). */
export async function cancelJob(exec: Executor, id: string): Promise<JobRecord[]> {
  const rows = await exec.executeSql(
    `update job set state = 'cancelled', updated_at = now()
     where (id = $1 or parent_id = $1) and state in ('queued', 'active', 'waiting') returning ${COLUMNS}`,
    [id],
  );
  return rows.rows.map(toRecord).sort((a, b) => (a.id === id ? -1 : b.id === id ? 1 : 0));
}

/** Children of a campaign by state, for its progress and to know when the last one finished. */
export async function childCounts(exec: Executor, parentId: string): Promise<{ total: number; completed: number }> {
  const rows = await exec.executeSql(`select count(*)::int as total, count(*) filter (where state = 'completed')::int as completed from job where parent_id = $1 and kind = 'check'`, [parentId]);
  return { total: Number(rows.rows[0]?.total ?? 0), completed: Number(rows.rows[0]?.completed ?? 0) };
}

export class JobNotActive extends Error {
  constructor(id: string) {
    super(`job ${id} is no longer active (cancelled, or finished by another attempt)`);
    this.name = 'JobNotActive';
  }
}

function toRecord(row: Record<string, unknown>): JobRecord {
  return {
    id: String(row.id),
    key: String(row.key),
    kind: row.kind as JobKind,
    parentId: (row.parent_id as string | null) ?? null,
    organisation: (row.organisation as string | null) ?? null,
    payload: row.payload,
    state: row.state as JobState,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    worker: (row.worker as string | null) ?? null,
    progress: { done: Number(row.progress_done), total: Number(row.progress_total), message: (row.message as string | null) ?? null },
    result: row.result ?? null,
    error: (row.error as string | null) ?? null,
    requestedBy: String(row.requested_by),
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}

/** The in-process queue's hand-out: the oldest queued job that is due, started in the same statement. */
export async function claimNext(exec: Executor, kinds: readonly JobKind[], worker: string): Promise<JobRecord | undefined> {
  const rows = await exec.executeSql(
    `update job set state = 'active', attempts = attempts + 1, worker = $2, error = null, updated_at = now()
     where id = (select id from job where state = 'queued' and run_after <= now() and kind = any($1::text[]) order by created_at, id limit 1 for update skip locked)
     returning ${COLUMNS}`,
    [[...kinds], worker],
  );
  return rows.rows[0] ? toRecord(rows.rows[0]) : undefined;
}
