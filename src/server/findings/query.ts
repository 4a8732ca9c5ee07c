import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import type { Actor } from '../env.ts';
import { badRequest } from '../http-error.ts';
import { reviewCatalogue, type ReviewCatalogue } from './catalogue.ts';
import { keptCount } from './counts.ts';
import { checkKey, encodeCursor, NATURAL_ORDER, queryFingerprint, type CursorState, type FindingSort, type SortKey, type SortOrder } from './cursor.ts';
import { ownedAssets } from './ownership.ts';
import type { FindingStatus } from './state.ts';

export interface FindingFilter {
  asset?: string | undefined;
  technique?: string | undefined;
  /** An ATLAS tactic id: the findings of the techniques the review's ATLAS release puts under it. */
  tactic?: string | undefined;
  level?: string | undefined;
  coverage?: string | undefined;
  status?: FindingStatus | undefined;
  /** The asset's owner as the inventory names it. */
  owner?: string | undefined;
  assignee?: string | undefined;
  /** Case-insensitive text in the asset's id or name, or the technique's id or name. */
  search?: string | undefined;
}

export interface PageRequest {
  sort: FindingSort;
  order: SortOrder;
  limit: number;
  /** Where the previous page ended; none: the first page. */
  cursor?: CursorState | undefined;
}

export interface FindingRow {
  id: string;
  rank: number;
  assetId: string;
  assetName: string | undefined;
  techniqueId: string;
  techniqueName: string | undefined;
  coverage: string;
  score: number;
  level: string;
  owner: string | undefined;
  status: FindingStatus;
  assignee: string | undefined;
}

export interface FindingPage {
  total: number;
  findings: FindingRow[];
  /** The cursor for the next page; null on the last one. */
  nextCursor: string | null;
}

interface Row {
  rank: number;
  asset_id: string;
  technique_id: string;
  coverage: string;
  score: number;
  neg_score: number;
  level: string;
  status: string;
  assignee: string | null;
}

/** The key columns of each sort, in its natural direction (see cursor.ts); `(-f.score)` is the risk index's expression. */
const KEY_COLUMNS: Record<FindingSort, RawBuilder<unknown>[]> = {
  rank: [sql`f.rank`],
  risk: [sql`(-f.score)`, sql`f.rank`],
  asset: [sql`f.asset_id`, sql`f.technique_id`],
  technique: [sql`f.technique_id`, sql`f.asset_id`],
};

const keyOf = (sort: FindingSort, r: Row): SortKey =>
  sort === 'rank' ? [r.rank] : sort === 'risk' ? [r.neg_score, r.rank] : sort === 'asset' ? [r.asset_id, r.technique_id] : [r.technique_id, r.asset_id];

/**
 * One page of a review's findings with their remediation state (kept by organisation + asset + technique) and the
 * asset's owner, in the order asked for, paged by keyset. An asset owner gets only the findings of assets they own:
 * the scope is part of the query, so counts and pages never include anyone else's.
 */
export async function queryFindings(store: Store, review: { id: number; organisation: string; findingCount?: number }, filter: FindingFilter, request: PageRequest, actor: Actor): Promise<FindingPage> {
  const catalogue = await reviewCatalogue(store, review.id);
  const scope = actor.role === 'asset-owner' ? await ownedAssets(store, actor, review.organisation, review.id) : undefined;
  const where = conditions(review.id, filter, catalogue, scope);
  // The scope is in the fingerprint: a grant changes an asset owner's findings, so neither cursor nor kept count carries over.
  const query = queryFingerprint({ ...filter, sort: request.sort, order: request.order, scope: scope ? [...scope].sort() : null });
  const { cursor } = request;
  if (cursor && (cursor.reviewId !== review.id || cursor.query !== query)) throw badRequest('the cursor belongs to another review or another sort or filter', 'page with the same sort and filters as the first page, or leave cursor out to start again');
  const forward = request.order === NATURAL_ORDER[request.sort];
  const columns = KEY_COLUMNS[request.sort];
  const keyset = cursor ? [keysetCondition(request.sort, columns, checkKey(request.sort, cursor.after), forward)] : [];
  const joinState = sql`left join finding_state s on s.organisation = ${review.organisation} and s.asset_id = f.asset_id and s.technique_id = f.technique_id`;
  const direction = sql.raw(forward ? 'asc' : 'desc');
  const pageQuery = read(store, () =>
    sql<Row>`select f.rank, f.asset_id, f.technique_id, f.coverage, f.score, -f.score as neg_score, f.level, coalesce(s.status, 'open') as status, s.assignee
      from review_finding f ${joinState}
      where ${sql.join([...where, ...keyset], sql` and `)}
      order by ${sql.join(columns.map((c) => sql`${c} ${direction}`))}
      limit ${request.limit + 1}`.execute(store.db),
  );
  // Unfiltered, the count is the review's own; after the first page it is the one the first page found (in the cursor).
  const whole = where.length === 1 && review.findingCount !== undefined;
  const needsState = filter.status !== undefined || filter.assignee !== undefined;
  const total = cursor
    ? Promise.resolve(cursor.total)
    : whole
      ? Promise.resolve(review.findingCount as number)
      : keptCount(store, { reviewId: review.id, organisation: review.organisation, query, dependsOnState: needsState }, async () => {
          const counted = await read(store, () => sql<{ n: string | number }>`select count(*) as n from review_finding f ${needsState ? joinState : sql``} where ${sql.join(where, sql` and `)}`.execute(store.db));
          return Number(counted.rows[0]?.n ?? 0);
        });
  const [result, count] = await Promise.all([pageQuery, total]);
  const rows = result.rows.slice(0, request.limit);
  const last = rows.at(-1);
  const more = result.rows.length > request.limit && last !== undefined;
  return {
    total: count,
    findings: rows.map((r) => view(r, catalogue)),
    nextCursor: more ? encodeCursor({ reviewId: review.id, after: keyOf(request.sort, last), total: count, query }) : null,
  };
}

function conditions(reviewId: number, filter: FindingFilter, catalogue: ReviewCatalogue, scope: Set<string> | undefined): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`f.review_id = ${reviewId}`];
  const anyOf = (column: RawBuilder<unknown>, ids: Iterable<string>) => sql`${column} = any(${[...ids]}::text[])`;
  if (filter.asset !== undefined) where.push(sql`f.asset_id = ${filter.asset}`);
  if (filter.technique !== undefined) where.push(sql`f.technique_id = ${filter.technique}`);
  if (filter.tactic !== undefined) {
    const tactic = filter.tactic;
    where.push(anyOf(sql`f.technique_id`, [...catalogue.techniques].filter(([, t]) => t.tactics.includes(tactic)).map(([id]) => id)));
  }
  if (filter.level !== undefined) where.push(sql`f.level = ${filter.level}`);
  if (filter.coverage !== undefined) where.push(sql`f.coverage = ${filter.coverage}`);
  // No finding_state row is an open finding; any other status has a row, which the status index finds.
  if (filter.status === 'open') where.push(sql`(s.status is null or s.status = 'open')`);
  else if (filter.status !== undefined) where.push(sql`s.status = ${filter.status}`);
  if (filter.assignee !== undefined) where.push(sql`s.assignee = ${filter.assignee}`);
  if (filter.owner !== undefined) {
    const owner = filter.owner;
    where.push(anyOf(sql`f.asset_id`, [...catalogue.assets].filter(([, a]) => a.owner === owner).map(([id]) => id)));
  }
  if (filter.search !== undefined) {
    const text = filter.search.toLowerCase();
    const hit = (...values: string[]) => values.some((v) => v.toLowerCase().includes(text));
    const assets = [...catalogue.assets].filter(([id, a]) => hit(id, a.name)).map(([id]) => id);
    const techniques = [...catalogue.techniques].filter(([id, t]) => hit(id, t.name)).map(([id]) => id);
    where.push(sql`(${anyOf(sql`f.asset_id`, assets)} or ${anyOf(sql`f.technique_id`, techniques)})`);
  }
  if (scope) where.push(anyOf(sql`f.asset_id`, scope));
  return where;
}

/** Rows after the cursor's in the page's direction: one row-value comparison, which an index on the key columns seeks. */
function keysetCondition(sort: FindingSort, columns: RawBuilder<unknown>[], after: SortKey, forward: boolean): RawBuilder<unknown> {
  const op = sql.raw(forward ? '>' : '<');
  const values = after.map((v, i) => (sort === 'rank' || (sort === 'risk' && i === 1) ? sql`${v}::integer` : sort === 'risk' ? sql`${v}::double precision` : sql`${v}::text`));
  return sql`(${sql.join(columns)}) ${op} (${sql.join(values)})`;
}

function view(r: Row, catalogue: ReviewCatalogue): FindingRow {
  const asset = catalogue.assets.get(r.asset_id);
  return {
    id: `${r.asset_id}/${r.technique_id}`,
    rank: r.rank,
    assetId: r.asset_id,
    assetName: asset?.name,
    techniqueId: r.technique_id,
    techniqueName: catalogue.techniques.get(r.technique_id)?.name,
    coverage: r.coverage,
    score: r.score,
    level: r.level,
    owner: asset?.owner,
    status: r.status as FindingStatus,
    assignee: r.assignee ?? undefined,
  };
}
