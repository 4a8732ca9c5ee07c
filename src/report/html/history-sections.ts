import type { ReviewDiff } from '../../review/diff.ts';
import type { StoredReviewMeta } from '../../review/history.ts';
import type { MatrixSnapshot } from '../../review/review.ts';
import type { Signoff } from '../../review/signoff.ts';
import type { AppliedWaivers } from '../../review/waivers.ts';
import { renderDiff } from './diff-section.ts';
import { renderSignoffs, renderWaivers } from './governance-section.ts';
import type { HtmlExtras } from './page.ts';
import { renderTrend } from './trend-section.ts';

/** What a stored review's report adds to the single-run report: its history, waivers and sign-offs. */
export interface HistoryContext {
  /** The review before this one and the diff against it; absent for the first review. */
  previous?: { meta: StoredReviewMeta; diff: ReviewDiff };
  /** Stored reviews up to and including this one. */
  trend: StoredReviewMeta[];
  waivers?: { applied: AppliedWaivers; today: string };
  signoffs?: Signoff[];
}

export function historySections(context: HistoryContext, matrix: MatrixSnapshot): HtmlExtras {
  const tacticName = (id: string) => matrix.tactics.find((t) => t.id === id)?.name ?? id;
  const sections: NonNullable<HtmlExtras['sections']> = [];
  if (context.previous) sections.push({ id: 'diff', title: 'Since the last review', body: renderDiff(context.previous.diff, context.previous.meta, tacticName) });
  sections.push({ id: 'trend', title: 'Trend', body: renderTrend(context.trend) });
  const waivers = context.waivers;
  if (waivers && (waivers.applied.active.size > 0 || waivers.applied.expired.length > 0)) sections.push({ id: 'waivers', title: 'Waivers', body: renderWaivers(waivers.applied, waivers.today) });
  if (context.signoffs) sections.push({ id: 'signoff', title: 'Sign-off', body: renderSignoffs(context.signoffs) });
  return { sections, regressed: context.previous?.diff.regressed };
}
