import { sql, type Kysely } from 'kysely';

/**
 * Reviews, their findings, waivers and sign-offs. Review rows are immutable: a trigger refuses UPDATE and DELETE,
 * so history cannot be rewritten by a bug or a hand-written query. Dates the user types (review day, waiver expiry)
 * are ISO text, not `date`, so no driver ever shifts them by a time zone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per query: PGlite's extended protocol takes one at a time.
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

const STATEMENTS = [
  `create table review (
      id serial primary key,
      stored_at timestamptz not null default now(),
      run_by text not null,
      organisation text not null,
      review_date text not null check (review_date ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      generated_at text not null,
      atlas_version text not null,
      rampart_version text not null,
      asset_count integer not null,
      finding_count integer not null,
      summary jsonb not null,
      document jsonb not null
    )`,
  `create table review_finding (
      review_id integer not null references review (id),
      rank integer not null,
      asset_id text not null,
      technique_id text not null,
      coverage text not null,
      score double precision not null,
      level text not null,
      detail jsonb not null,
      primary key (review_id, asset_id, technique_id),
      unique (review_id, rank)
    )`,
  `create index review_finding_by_finding on review_finding (asset_id, technique_id)`,
  `create table waiver (
      id serial primary key,
      finding_id text not null,
      justification text not null check (length(trim(justification)) > 0),
      approver text not null check (length(trim(approver)) > 0),
      expires text not null check (expires ~ '^\\d{4}-\\d{2}-\\d{2}$'),
      created_at timestamptz not null default now(),
      created_by text not null
    )`,
  `create index waiver_by_finding on waiver (finding_id)`,
  `create table signoff (
      id serial primary key,
      review_id integer not null references review (id),
      role text not null,
      name text not null,
      note text,
      signed_at timestamptz not null default now(),
      unique (review_id, role)
    )`,
  `create function rampart_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'rampart: % rows are immutable', tg_table_name;
    end $$`,
  `create trigger review_immutable before update or delete on review for each row execute function rampart_immutable()`,
  `create trigger review_finding_immutable before update or delete on review_finding for each row execute function rampart_immutable()`,
  `create trigger signoff_immutable before update or delete on signoff for each row execute function rampart_immutable()`,
];
