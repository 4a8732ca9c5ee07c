import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import type { Actor } from '../env.ts';
import { assetOwners } from './asset-owners.ts';
import { ownedAssets } from './ownership.ts';
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
  status: string;
  assignee: string | null;
  total: string | number;
}

/**
 * One page of a review's findings in rank order, with their remediation state (kept by organisation + asset +
 * technique) and the asset's owner. An asset owner gets only the findings of assets they own.
 */
export async function queryFindings(
  store: Store,
  review: { id: number; organisation: string; findingCount?: number },
  filter: FindingFilter,
  page: { offset: number; limit: number },
  actor: Actor,
): Promise<{ total: number; findings: FindingRow[] }> {
  const owners = await assetOwners(store, review.id);
  const where: RawBuilder<unknown>[] = [sql`f.review_id = ${review.id}`];
  if (filter.asset !== undefined) where.push(sql`f.asset_id = ${filter.asset}`);
  if (filter.technique !== undefined) where.push(sql`f.technique_id = ${filter.technique}`);
  if (filter.level !== undefined) where.push(sql`f.level = ${filter.level}`);
  if (filter.coverage !== undefined) where.push(sql`f.coverage = ${filter.coverage}`);
  if (filter.status !== undefined) where.push(sql`coalesce(s.status, 'open') = ${filter.status}`);
  if (filter.assignee !== undefined) where.push(sql`s.assignee = ${filter.assignee}`);
  if (filter.owner !== undefined) where.push(sql`f.asset_id = any(${[...owners].filter(([, o]) => o === filter.owner).map(([a]) => a)}::text[])`);
  // An asset owner's scope is part of the query, so counts and pages never include anyone else's findings.
  if (actor.role === 'asset-owner') where.push(sql`f.asset_id = any(${[...(await ownedAssets(store, actor, review.organisation, review.id))]}::text[])`);
  // Unfiltered, the count is the review's own: no need to count 300,000 rows per page.
  const whole = where.length === 1 && review.findingCount !== undefined;
  const result = await read(store, () =>
    // The page is chosen on the row's plain columns; only its 50 rows then read their (large) detail, so neither
    // OFFSET nor the count makes the database unpack the details of rows it skips.
    sql<Row>`with page as (
        select f.rank, f.asset_id, f.technique_id, f.coverage, f.score, f.level, coalesce(s.status, 'open') as status, s.assignee,
          ${whole ? sql`0` : sql`count(*) over ()`} as total
        from review_finding f
          left join finding_state s on s.organisation = ${review.organisation} and s.asset_id = f.asset_id and s.technique_id = f.technique_id
        where ${sql.join(where, sql` and `)}
        order by f.rank
        limit ${page.limit} offset ${page.offset}
      )
      select page.*, d.detail->>'techniqueName' as technique_name
      from page join review_finding d on d.review_id = ${review.id} and d.rank = page.rank
      order by page.rank`.execute(store.db),
  );
  const total = whole ? (review.findingCount as number) : result.rows.length > 0 ? Number(result.rows[0]?.total) : page.offset > 0 ? (await queryFindings(store, review, filter, { offset: 0, limit: 1 }, actor)).total : 0;
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
      owner: owners.get(r.asset_id),
      status: r.status as FindingStatus,
      assignee: r.assignee ?? undefined,
    })),
  };
}
