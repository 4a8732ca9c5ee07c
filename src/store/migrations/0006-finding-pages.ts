import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the server's findings list (src/server/findings/), which pages by keyset rather than OFFSET: each page
 * starts after the last row of the one before, so a deep page costs what the first does, provided an index walks the
 * rows in the order asked for. One per order and per filter that selects many rows:
 *
 * - rank: the unique (review_id, rank) of 0001; asset: the primary key (review_id, asset_id, technique_id).
 * - risk (score high to low, then rank): on `-score`, so one row comparison `(-score, rank) > (…)` seeks into it.
 * - technique (technique, then asset), and the technique and tactic filters (a tactic is a set of techniques).
 * - level: the level filter in rank order, the filter a dashboard asks for most.
 * - finding_state by status and by assignee: a status other than open, or an assignee, picks few rows; the query
 *   starts from them. Open (no row, or status open) is most findings and is checked row by row on the primary key.
 *
 * Owner, search and an asset owner's scope become lists of asset ids (and technique ids for search) before the query,
 * so they use the primary key. Indexes only: no row changes (review rows are immutable).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

const STATEMENTS = [
  `create index review_finding_by_risk on review_finding (review_id, (-score), rank)`,
  `create index review_finding_by_technique on review_finding (review_id, technique_id, asset_id)`,
  `create index review_finding_by_level on review_finding (review_id, level, rank)`,
  `create index finding_state_by_status on finding_state (organisation, status)`,
  `create index finding_state_by_assignee on finding_state (organisation, assignee)`,
];
