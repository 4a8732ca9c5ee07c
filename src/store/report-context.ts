import { diffReviews } from '../review/diff.ts';
import { applyWaivers, today as todayIso } from '../review/waivers.ts';
import type { HistoryContext } from '../report/html/history-sections.ts';
import type { DiffSide } from '../review/diff.ts';
import type { Store } from './connection.ts';
import { getReviewOutline, latestReviewIds, listReviews } from './reviews.ts';
import { listSignoffs } from './signoffs.ts';
import { listWaivers } from './waivers.ts';

/** Everything a stored review's report shows beyond the review itself, read from the store. */
export async function loadHistoryContext(store: Store, reviewId: number, review: DiffSide & { organisation: string }, clock: () => Date = () => new Date()): Promise<HistoryContext> {
  // History, waivers and trend are the review's own organisation's: another organisation's reviews never show.
  const scope = { organisation: review.organisation, upTo: reviewId };
  const [, previousId] = await latestReviewIds(store, 2, scope);
  const trend = (await listReviews(store, scope)).reverse();
  const today = todayIso(clock);
  const context: HistoryContext = {
    trend,
    waivers: { applied: applyWaivers(idsOf(review.findings), await listWaivers(store, { organisation: review.organisation }), today), today },
    signoffs: await listSignoffs(store, reviewId),
  };
  if (previousId !== undefined) {
    const previous = await getReviewOutline(store, previousId);
    context.previous = { meta: previous.meta, diff: diffReviews(previous.outline, review) };
  }
  return context;
}

function* idsOf(findings: Iterable<{ id: string }>): Generator<string> {
  for (const f of findings) yield f.id;
}
