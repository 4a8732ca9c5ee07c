import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import type { Actor } from '../env.ts';
import type { FindingStatus } from './state.ts';

export interface FindingFilter {
  asset?: string | undefined;
  technique?: string | undefined;
  level?: string | undefined;
  coverage?: string | undefined;
  status?: FindingStatus | undefined;
  /** The asset's owner as the inventory names it. */
  owner?: string | undefined;
  assignee?: string | undefined;
}

export interface FindingRow {
  id: string;
  rank: number;
  assetId: string;
  techniqueId: string;
  techniqueName: string | undefined;
  coverage: string;
  score: number;
  level: string;
  owner: string | undefined;
  status: FindingStatus;
  assignee: string | undefined;
}

interface Row {
  rank: number;
  asset_id: string;
  technique_id: string;
  technique_name: string | null;
  coverage: string;
  score: number;
  level: string;
  owner: string | null;
  status: string;
  assignee: string | null;
  total: string | number;
}

/**
 * One page of a review's findings in rank order, with their remediation state (kept by organisation + asset +
 * technique) and the asset's owner. An asset owner gets only the findings of assets they own; the filter is in
 * the query, so counts and pages never include anyone else's.
 */
export async function queryFindings(
  store: Store,
  review: { id: number; organisation: string },
  filter: FindingFilter,
  page: { offset: number; limit: number },
  actor: Actor,
): Promise<{ total: number; findings: FindingRow[] }> {
  const where: RawBuilder<unknown>[] = [sql`f.review_id = ${review.id}`];
  if (filter.asset !== undefined) where.push(sql`f.asset_id = ${filter.asset}`);
  if (filter.technique !== undefined) where.push(sql`f.technique_id = ${filter.technique}`);
  if (filter.level !== undefined) where.push(sql`f.level = ${filter.level}`);
  if (filter.coverage !== undefined) where.push(sql`f.coverage = ${filter.coverage}`);
  if (filter.status !== undefined) where.push(sql`coalesce(s.status, 'open') = ${filter.status}`);
  if (filter.owner !== undefined) where.push(sql`a.owner = ${filter.owner}`);
  if (filter.assignee !== undefined) where.push(sql`s.assignee = ${filter.assignee}`);
  if (actor.role === 'asset-owner') {
    where.push(sql`(lower(a.owner) = lower(${actor.name}) or exists (select 1 from account_asset g
      where g.account_id = ${actor.id} and g.organisation = ${review.organisation} and g.asset_id = f.asset_id))`);
  }
  const result = await read(store, () =>
    sql<Row>`with a as (
        select x->>'id' as asset_id, x->>'owner' as owner from review r, jsonb_array_elements(r.document->'assets') x where r.id = ${review.id}
      )
      select f.rank, f.asset_id, f.technique_id, f.detail->>'techniqueName' as technique_name, f.coverage, f.score, f.level,
        a.owner, coalesce(s.status, 'open') as status, s.assignee, count(*) over () as total
      from review_finding f
        left join a on a.asset_id = f.asset_id
        left join finding_state s on s.organisation = ${review.organisation} and s.asset_id = f.asset_id and s.technique_id = f.technique_id
      where ${sql.join(where, sql` and `)}
      order by f.rank
      limit ${page.limit} offset ${page.offset}`.execute(store.db),
  );
  const total = result.rows.length > 0 ? Number(result.rows[0]?.total) : page.offset > 0 ? await countOnly(store, review, filter, actor) : 0;
  return {
    total,
    findings: result.rows.map((r) => ({
      id: `${r.asset_id}/${r.technique_id}`,
      rank: r.rank,
      assetId: r.asset_id,
      techniqueId: r.technique_id,
      techniqueName: r.technique_name ?? undefined,
      coverage: r.coverage,
      score: r.score,
      level: r.level,
      owner: r.owner ?? undefined,
      status: r.status as FindingStatus,
      assignee: r.assignee ?? undefined,
    })),
  };
}

/** A page past the end still reports how many there are. */
async function countOnly(store: Store, review: { id: number; organisation: string }, filter: FindingFilter, actor: Actor): Promise<number> {
  const first = await queryFindings(store, review, filter, { offset: 0, limit: 1 }, actor);
  return first.total;
}
