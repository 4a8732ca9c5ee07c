import { sql } from 'kysely';
import { diffReviews } from '../review/diff.ts';
import { applyWaivers, today as todayIso } from '../review/waivers.ts';
import type { HistoryContext } from '../report/html/history-sections.ts';
import type { DiffSide } from '../review/diff.ts';
import type { Store } from './connection.ts';
import { getReviewOutline, latestReviewIds, listReviews, read } from './reviews.ts';
import { listSignoffs } from './signoffs.ts';
import { listWaivers } from './waivers.ts';

/**
 * The stored review a report's history is built for: its organisation, and its side of a diff, asked for only when
 * there is an earlier review to diff against (a stored review's outlines are one object per finding: 270,000 at
 * 10,000 assets, read for nothing when the review is its organisation's first).
 */
export interface HistorySubject {
  organisation: string;
  diffSide: () => DiffSide | Promise<DiffSide>;
}

/** Everything a stored review's report shows beyond the review itself, read from the store. */
export async function loadHistoryContext(store: Store, reviewId: number, review: HistorySubject, clock: () => Date = () => new Date()): Promise<HistoryContext> {
  // History, waivers and trend are the review's own organisation's: another organisation's reviews never show.
  const scope = { organisation: review.organisation, upTo: reviewId };
  const [, previousId] = await latestReviewIds(store, 2, scope);
  const trend = (await listReviews(store, scope)).reverse();
  const today = todayIso(clock);
  const waivers = await listWaivers(store, { organisation: review.organisation });
  const context: HistoryContext = {
    trend,
    waivers: { applied: applyWaivers(await storedFindingIds(store, reviewId, waivers.map((w) => w.findingId)), waivers, today), today },
    signoffs: await listSignoffs(store, reviewId),
  };
  if (previousId !== undefined) {
    const previous = await getReviewOutline(store, previousId);
    context.previous = { meta: previous.meta, diff: diffReviews(previous.outline, await review.diffSide()) };
  }
  return context;
}

/** Ids per query when looking waived findings up: two parameters each, well under either store's limit. */
const LOOKUP_SLICE = 500;

/** Which of these finding ids the stored review holds, looked up by its primary key rather than by reading every finding. */
export async function storedFindingIds(store: Store, reviewId: number, ids: readonly string[]): Promise<string[]> {
  const keys = ids.flatMap((id) => {
    const slash = id.lastIndexOf('/');
    return slash < 0 ? [] : [sql`(${id.slice(0, slash)}, ${id.slice(slash + 1)})`];
  });
  const found: string[] = [];
  for (let from = 0; from < keys.length; from += LOOKUP_SLICE) {
    const rows = await read(store, () =>
      sql<{ id: string }>`select asset_id || '/' || technique_id as id from review_finding
        where review_id = ${reviewId} and (asset_id, technique_id) in (${sql.join(keys.slice(from, from + LOOKUP_SLICE))})`.execute(store.db),
    );
    for (const row of rows.rows) found.push(row.id);
  }
  return found;
}
