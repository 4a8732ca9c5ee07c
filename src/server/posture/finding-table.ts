import { sql, type RawBuilder } from 'kysely';
import { COVERAGE_ORDER } from '../../assess/finding.ts';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import type { Actor } from '../env.ts';
import type { FindingStatus } from '../findings/state.ts';
import { reviewMatrix } from './matrix.ts';
import { assetsInView } from './review-assets.ts';

export const TABLE_SORTS = ['rank', 'score', 'asset', 'technique', 'coverage', 'level', 'status'] as const;
export type TableSort = (typeof TABLE_SORTS)[number];

export interface TableQuery {
  q?: string | undefined;
  asset?: string | undefined;
  technique?: string | undefined;
  element?: string | undefined;
  owner?: string | undefined;
  level?: string | undefined;
  coverage?: string | undefined;
  status?: FindingStatus | undefined;
  assignee?: string | undefined;
  sort: TableSort;
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface TableRow {
  id: string;
  rank: number;
  assetId: string;
  assetName: string | undefined;
  element: string | undefined;
  owner: string | undefined;
  techniqueId: string;
  techniqueName: string | undefined;
  coverage: string;
  score: number;
  level: string;
  status: FindingStatus;
  assignee: string | undefined;
}

export interface FindingTable {
  reviewId: number;
  organisation: string;
  offset: number;
  total: number;
  findings: TableRow[];
}

interface Row {
  rank: number;
  asset_id: string;
  technique_id: string;
  coverage: string;
  score: number;
  level: string;
  status: string;
  assignee: string | null;
  total: string | number;
}

const ORDER: Record<TableSort, RawBuilder<unknown>> = {
  rank: sql`f.rank`,
  score: sql`f.score`,
  asset: sql`f.asset_id`,
  technique: sql`f.technique_id`,
  // Worst first when ascending, as the badges read.
  coverage: sql`array_position(${[...COVERAGE_ORDER]}::text[], f.coverage)`,
  level: sql`array_position(array['critical', 'high', 'medium', 'low'], f.level)`,
  status: sql`array_position(array['open', 'in-progress', 'fixed', 'accepted'], coalesce(s.status, 'open'))`,
};

/**
 * One slice of a review's findings for the web UI's table: sorted by any column, filtered by element and owner (which
 * live on the asset) and by a search over asset and technique ids and names, with technique names from the review's
 * matrix rather than each finding's detail. The findings API (GET /findings) stays the programmatic one; this is
 * the table's view of the same rows, scoped to an asset owner's assets the same way.
 */
export async function findingTable(store: Store, review: { id: number; organisation: string }, query: TableQuery, actor: Actor): Promise<FindingTable> {
  const view = await assetsInView(store, review, { asset: query.asset, element: query.element, owner: query.owner }, actor);
  const matrix = await reviewMatrix(store, review.id);
  const names = new Map(matrix.techniques.map((t) => [t.id, t.name]));
  const assets = new Map(view.all.map((a) => [a.id, a]));
  const where: RawBuilder<unknown>[] = [sql`f.review_id = ${review.id}`];
  if (view.ids !== undefined) where.push(sql`f.asset_id = any(${view.ids}::text[])`);
  if (query.technique !== undefined) where.push(sql`f.technique_id = ${query.technique}`);
  if (query.level !== undefined) where.push(sql`f.level = ${query.level}`);
  if (query.coverage !== undefined) where.push(sql`f.coverage = ${query.coverage}`);
  if (query.status !== undefined) where.push(sql`coalesce(s.status, 'open') = ${query.status}`);
  if (query.assignee !== undefined) where.push(sql`s.assignee = ${query.assignee}`);
  const q = query.q?.trim().toLowerCase();
  if (q) {
    const techniques = matrix.techniques.filter((t) => t.id.toLowerCase().includes(q) || t.name.toLowerCase().includes(q)).map((t) => t.id);
    const matching = view.all.filter((a) => a.id.toLowerCase().includes(q) || a.name.toLowerCase().includes(q)).map((a) => a.id);
    where.push(sql`(f.asset_id = any(${matching}::text[]) or f.technique_id = any(${techniques}::text[]))`);
  }
  const direction = query.dir === 'desc' ? sql`desc` : sql`asc`;
  const result = await read(store, () =>
    sql<Row>`select f.rank, f.asset_id, f.technique_id, f.coverage, f.score, f.level, coalesce(s.status, 'open') as status, s.assignee, count(*) over () as total
      from review_finding f
        left join finding_state s on s.organisation = ${review.organisation} and s.asset_id = f.asset_id and s.technique_id = f.technique_id
      where ${sql.join(where, sql` and `)}
      order by ${ORDER[query.sort]} ${direction}, f.rank
      limit ${query.limit} offset ${query.offset}`.execute(store.db),
  );
  const total: number = result.rows.length > 0 ? Number(result.rows[0]?.total) : query.offset > 0 ? (await findingTable(store, review, { ...query, offset: 0, limit: 1 }, actor)).total : 0;
  return {
    reviewId: review.id,
    organisation: review.organisation,
    offset: query.offset,
    total,
    findings: result.rows.map((r) => ({
      id: `${r.asset_id}/${r.technique_id}`,
      rank: r.rank,
      assetId: r.asset_id,
      assetName: assets.get(r.asset_id)?.name,
      element: assets.get(r.asset_id)?.element,
      owner: assets.get(r.asset_id)?.owner,
      techniqueId: r.technique_id,
      techniqueName: names.get(r.technique_id),
      coverage: r.coverage,
      score: r.score,
      level: r.level,
      status: r.status as FindingStatus,
      assignee: r.assignee ?? undefined,
    })),
  };
}
