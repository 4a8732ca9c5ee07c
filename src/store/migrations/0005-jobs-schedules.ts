import { sql, type Kysely } from 'kysely';

/**
 * The team server's work (issue 16): jobs, schedules, triggers, notifications.
 *
 * - `job`: every review, check and assembly job, whichever queue runs it (pg-boss on PostgreSQL, the in-process
 *   queue on PGlite): state, attempts, progress, result. `key` is the caller's idempotency key: enqueueing the same
 *   key twice gives the same job. The in-process queue takes its work from this table; pg-boss keeps its own copy in
 *   its own schema and this row stays the record users see.
 * - `review.job_key` and `job_evidence.job_key` are unique: what a job stores, it stores once, even when a worker
 *   killed after its commit leaves pg-boss to run the job again (src/jobs/README.md, "Exactly once").
 * - `schedule`: cron expressions per inventory; `review_trigger`: signed webhooks with their secret;
 *   `atlas_flag`: techniques a newly added ATLAS release brought that an organisation has not assessed;
 *   `notification`: what was sent, so a waiver about to expire is announced once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

const STATEMENTS = [
  `create table job (
      id text primary key,
      key text not null unique,
      kind text not null,
      parent_id text references job (id),
      organisation text,
      payload jsonb not null,
      state text not null default 'queued',
      attempts integer not null default 0,
      max_attempts integer not null default 3,
      run_after timestamptz not null default now(),
      worker text,
      progress_done integer not null default 0,
      progress_total integer not null default 0,
      message text,
      result jsonb,
      error text,
      requested_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
  `create index job_ready on job (state, run_after)`,
  `create index job_children on job (parent_id)`,
  `create table job_evidence (
      job_key text primary key,
      parent_id text references job (id),
      evidence jsonb not null,
      stored_at timestamptz not null default now()
    )`,
  `create index job_evidence_by_parent on job_evidence (parent_id)`,
  `alter table review add column job_key text unique`,
  `create table schedule (
      id text primary key,
      organisation text,
      inventory_dir text not null,
      cron text not null,
      timezone text not null default 'UTC',
      checks jsonb,
      enabled boolean not null default true,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
  `create table review_trigger (
      id text primary key,
      source text not null,
      organisation text,
      inventory_dir text not null,
      checks jsonb,
      model_map jsonb,
      secret text not null,
      created_by text not null,
      created_at timestamptz not null default now()
    )`,
  `create table atlas_flag (
      organisation text not null,
      atlas_version text not null,
      techniques jsonb not null,
      created_at timestamptz not null default now(),
      primary key (organisation, atlas_version)
    )`,
  `create table notification (
      key text primary key,
      kind text not null,
      body jsonb not null,
      sent_at timestamptz not null default now()
    )`,
];
