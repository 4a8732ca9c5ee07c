import { diffReviews, type ReviewDiff } from '../review/diff.ts';
import type { Store } from '../store/connection.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { getReviewOutline, latestReviewIds } from '../store/reviews.ts';
import { listWaivers } from '../store/waivers.ts';
import { criticalMessage, expiringMessage, newCriticalFindings, regressionsMessage } from './messages.ts';
import { sendOnce, type Send } from './send.ts';

/**
 * After a review is stored: new critical findings, and regressions against the organisation's previous review
 * (src/review/diff.ts). Each kind of message is sent once per review. Returns the kinds sent.
 */
export async function notifyReview(store: Store, reviewId: number, send: Send): Promise<string[]> {
  const { meta, outline } = await getReviewOutline(store, reviewId);
  const [previousId] = await latestReviewIds(store, 1, { organisation: meta.organisation, upTo: reviewId - 1 });
  const diff: ReviewDiff | undefined = previousId === undefined ? undefined : diffReviews((await getReviewOutline(store, previousId)).outline, outline);
  const exec = kyselyExecutor(store.db);
  const sent: string[] = [];
  const critical = newCriticalFindings(outline.findings, diff);
  if (critical.length > 0 && (await sendOnce(exec, `review/${reviewId}/critical`, 'critical', criticalMessage(meta.organisation, reviewId, critical), send))) sent.push('critical');
  const regressions = diff && regressionsMessage(meta.organisation, reviewId, diff);
  if (regressions && (await sendOnce(exec, `review/${reviewId}/regressions`, 'regressions', regressions, send))) sent.push('regressions');
  return sent;
}

/**
 * Waivers that expire within `withinDays` of today (and have not expired), per organisation: each set of them is
 * announced once (a waiver that joins the set, or one renewed with a new date, makes a new announcement).
 */
export async function notifyExpiringWaivers(store: Store, send: Send, { now = new Date(), withinDays = 14 } = {}): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const horizon = new Date(now.getTime() + withinDays * 86_400_000).toISOString().slice(0, 10);
  const expiring = (await listWaivers(store)).filter((w) => w.organisation && w.expires >= today && w.expires <= horizon);
  const exec = kyselyExecutor(store.db);
  let announced = 0;
  for (const organisation of new Set(expiring.map((w) => w.organisation as string))) {
    const theirs = expiring.filter((w) => w.organisation === organisation);
    const key = `waivers/${organisation}/${theirs.map((w) => `${w.id}@${w.expires}`).join(',')}`;
    if (await sendOnce(exec, key, 'expiring-waivers', expiringMessage(organisation, theirs, withinDays), send)) announced += theirs.length;
  }
  return announced;
}
