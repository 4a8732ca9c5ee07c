import type { ReviewDiff } from '../review/diff.ts';
import type { MatrixSnapshot } from '../review/review.ts';
import type { BaselineLookup, BaselineState } from './format-context.ts';
import type { ReportContext } from './formats.ts';
import { historySections, type HistoryContext } from './html/history-sections.ts';

/** The same waivers and diff feed every format: HTML as sections, the interchange formats as waivers and baseline. */
export function reportContext(history: HistoryContext, matrix: MatrixSnapshot): ReportContext {
  const waivers = history.waivers;
  const context: ReportContext = {
    waivers: waivers ? [...[...waivers.applied.active.values()].map((w) => ({ ...w, expired: false })), ...waivers.applied.expired.map((w) => ({ ...w, expired: true }))] : [],
    html: historySections(history, matrix),
  };
  const diff = history.previous?.diff;
  if (diff) context.baseline = baselineOf(diff);
  return context;
}

/**
 * Every finding of the review not named by the diff is unchanged. Only the diff's ids are kept, not one entry per
 * finding: the formats ask only about the review's own findings. A resolved finding is not in the review, so its
 * state (absent, or updated when it became covered) is never asked for, as before.
 */
function baselineOf(diff: ReviewDiff): BaselineLookup {
  const changed = new Map<string, BaselineState>();
  for (const f of diff.new) changed.set(f.id, 'new');
  for (const c of [...diff.regressed, ...diff.improved]) changed.set(c.id, 'updated');
  for (const f of diff.resolved) changed.set(f.id, f.how === 'gone' ? 'absent' : 'updated');
  return { get: (findingId) => changed.get(findingId) ?? 'unchanged' };
}
