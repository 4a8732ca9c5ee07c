import { sql, type Kysely } from 'kysely';

/**
 * The team server (`rampart serve`): accounts, their sessions and API tokens, which assets an asset owner owns,
 * inventories registered or uploaded, finding state kept across reviews, waiver requests and revocations, and
 * the hash-chained audit log. The audit log is append-only: the code has no UPDATE or DELETE for it, and the
 * trigger below refuses them (PostgreSQL and PGlite alike).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

const STATEMENTS = [
  `create table account (
      id text primary key,
      name text not null unique,
      role text not null,
      password_hash text,
      oidc_subject text unique,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    )`,
  `create table account_asset (
      account_id text not null references account (id),
      organisation text not null,
      asset_id text not null,
      primary key (account_id, organisation, asset_id)
    )`,
  `create table session (
      id_hash text primary key,
      account_id text not null references account (id),
      csrf_token text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`,
  `create table api_token (
      id text primary key,
      account_id text not null references account (id),
      secret_hash text not null,
      scope text not null,
      label text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    )`,
  `create table inventory_source (
      id serial primary key,
      name text not null unique,
      kind text not null,
      path text,
      created_by text not null,
      created_at timestamptz not null default now()
    )`,
  `create table inventory_file (
      inventory_id integer not null references inventory_source (id),
      name text not null,
      content text not null,
      primary key (inventory_id, name)
    )`,
  `create table finding_state (
      organisation text not null,
      asset_id text not null,
      technique_id text not null,
      status text not null,
      assignee text,
      updated_at timestamptz not null default now(),
      updated_by text not null,
      primary key (organisation, asset_id, technique_id)
    )`,
  `create table waiver_request (
      id serial primary key,
      organisation text not null,
      finding_id text not null,
      justification text not null,
      expires text not null,
      requested_by text not null,
      requested_at timestamptz not null default now(),
      waiver_id integer references waiver (id),
      decided_by text,
      decided_at timestamptz
    )`,
  `create table waiver_revocation (
      waiver_id integer primary key references waiver (id),
      revoked_by text not null,
      reason text not null,
      revoked_at timestamptz not null default now()
    )`,
  `create table audit_log (
      seq bigint primary key,
      at text not null,
      actor text not null,
      action text not null,
      target text not null,
      before text,
      after text,
      outcome text not null,
      prev_hash text not null,
      hash text not null
    )`,
  `create trigger audit_log_append_only before update or delete on audit_log for each row execute function rampart_immutable()`,
  `create trigger waiver_revocation_immutable before update or delete on waiver_revocation for each row execute function rampart_immutable()`,
];
