import { sql, type Kysely } from 'kysely';

/**
 * Organisations. One store may hold the reviews of several organisations (a consultancy, a group with subsidiaries,
 * a CI database shared by teams); history, diff, gate and waivers must never mix them.
 *
 * - `organisation` lists them by name, the name the inventory gives (`organisation.name`).
 * - Existing reviews already record that name, so the migration only registers the names and adds a foreign key:
 *   no review row is rewritten (they are immutable).
 * - Waivers gain an organisation. A store that held one organisation's reviews gives its waivers to it; otherwise
 *   they stay unassigned (they then apply to no organisation, and `waive --list` says so).
 * - Sign-offs belong to their review, and through it to its organisation.
 * - Findings are read page by page in rank order (review_id, rank): the unique constraint of 0001 is that index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

const STATEMENTS = [
  `create table organisation (
      name text primary key check (length(trim(name)) > 0),
      created_at timestamptz not null default now()
    )`,
  `insert into organisation (name) select distinct organisation from review order by 1`,
  `alter table review add constraint review_organisation_fk foreign key (organisation) references organisation (name)`,
  `create index review_by_organisation on review (organisation, id)`,
  `alter table waiver add column organisation text references organisation (name)`,
  `update waiver set organisation = (select min(name) from organisation) where (select count(*) from organisation) = 1`,
  `create index waiver_by_organisation on waiver (organisation, finding_id)`,
];
