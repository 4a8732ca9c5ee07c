import { sql } from 'kysely';
import type { RiskLevel } from '../../assess/finding.ts';
import { diffReviews } from '../../review/diff.ts';
import type { StoredReviewMeta } from '../../review/history.ts';
import { today } from '../../review/waivers.ts';
import type { Store } from '../../store/connection.ts';
import { getReviewOutline, latestReviewIds, read } from '../../store/reviews.ts';
import { listWaivers } from '../../store/waivers.ts';
import type { Actor } from '../env.ts';
import { buildMatrix, reviewMatrix } from './matrix.ts';
import { assetsInView } from './review-assets.ts';
import { merge, tally, type Posture } from './tally.ts';

/** Waivers expiring within this many days are listed on the dashboard. */
export const EXPIRING_WITHIN_DAYS = 30;
const LISTED = 10;

export interface OverdueAction {
  assetId: string;
  techniqueId: string;
  level: RiskLevel;
  score: number;
  due: string;
  status: string;
  assignee: string | undefined;
}

interface OverdueRow {
  asset_id: string;
  technique_id: string;
  level: RiskLevel;
  score: number;
  due: string;
  status: string;
  assignee: string | null;
  total: string | number;
}

/**
 * Everything the dashboard shows of one review, for the assets the actor sees: posture overall, per element and per
 * tactic; what changed since the organisation's review before it; plans past their due date that are neither fixed,
 * accepted nor waived; and waivers about to expire.
 */
export async function dashboard(store: Store, meta: StoredReviewMeta, actor: Actor, clock: () => Date) {
  const day = today(clock);
  const view = await assetsInView(store, meta, {}, actor);
  const visible = view.ids === undefined ? undefined : new Set(view.ids);
  const seen = (assetId: string) => visible === undefined || visible.has(assetId);
  const byElement = await tally(store, meta.id, 'element', view.all);
  const tactics = buildMatrix(await reviewMatrix(store, meta.id), await tally(store, meta.id, 'technique', view.ids === undefined ? undefined : view.all));

  const waivers = (await listWaivers(store, { organisation: meta.organisation })).filter((w) => seen(w.findingId.slice(0, w.findingId.lastIndexOf('/'))));
  const inForce = waivers.filter((w) => w.expires >= day);
  const horizon = new Date(clock().getTime() + EXPIRING_WITHIN_DAYS * 86_400_000).toISOString().slice(0, 10);

  return {
    review: meta,
    scope: actor.role === 'asset-owner' ? ('your assets' as const) : ('organisation' as const),
    asOf: day,
    organisation: merge(byElement.values()),
    elements: [...byElement].map(([element, posture]) => ({ element, posture })).sort((a, b) => a.element.localeCompare(b.element)),
    tactics: tactics.map((t) => ({ id: t.id, name: t.name, posture: t.posture })),
    changes: await changesSince(store, meta, seen),
    overdue: await overdueActions(store, meta, day, view.ids, new Set(inForce.map((w) => w.findingId))),
    waivers: {
      expiring: inForce.filter((w) => w.expires <= horizon).sort((a, b) => a.expires.localeCompare(b.expires)),
      expired: waivers.length - inForce.length,
      withinDays: EXPIRING_WITHIN_DAYS,
    },
  };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;
export type { Posture };

/** The diff with the organisation's review before this one, counted and with the first few of each kind. */
async function changesSince(store: Store, meta: StoredReviewMeta, seen: (assetId: string) => boolean) {
  const previous = (await latestReviewIds(store, 2, { organisation: meta.organisation, upTo: meta.id }))[1];
  if (previous === undefined) return { previous: undefined };
  const older = await getReviewOutline(store, previous);
  const diff = diffReviews(older.outline, (await getReviewOutline(store, meta.id)).outline);
  const pick = <T extends { assetId: string }>(items: T[]) => {
    const mine = items.filter((i) => seen(i.assetId));
    return { count: mine.length, first: mine.slice(0, LISTED) };
  };
  return {
    previous: { id: previous, reviewDate: older.meta.reviewDate, atlasVersion: older.meta.atlasVersion },
    atlasChanged: diff.atlasChanged,
    new: pick(diff.new.map((f) => ({ assetId: f.assetId, techniqueId: f.techniqueId, coverage: f.coverage, level: f.risk.level, score: f.risk.score }))),
    resolved: pick(diff.resolved.map((f) => ({ assetId: f.assetId, techniqueId: f.techniqueId, how: f.how }))),
    regressed: pick(diff.regressed.map((f) => ({ assetId: f.assetId, techniqueId: f.techniqueId, before: f.before, after: f.after, reasons: f.reasons }))),
    improved: pick(diff.improved.map((f) => ({ assetId: f.assetId, techniqueId: f.techniqueId, before: f.before, after: f.after, reasons: f.reasons }))),
  };
}

/** Findings whose plan was due before today and that are still open or in progress, and not waived: most overdue first. */
async function overdueActions(store: Store, meta: StoredReviewMeta, day: string, assets: string[] | undefined, waived: Set<string>): Promise<{ total: number; items: OverdueAction[] }> {
  const result = await read(store, () =>
    sql<OverdueRow>`select f.asset_id, f.technique_id, f.level, f.score, f.detail->'plan'->>'due' as due, coalesce(s.status, 'open') as status, s.assignee, count(*) over () as total
      from review_finding f
        left join finding_state s on s.organisation = ${meta.organisation} and s.asset_id = f.asset_id and s.technique_id = f.technique_id
      where f.review_id = ${meta.id} and f.detail->'plan'->>'due' < ${day} and coalesce(s.status, 'open') in ('open', 'in-progress')
        ${assets === undefined ? sql`` : sql`and f.asset_id = any(${assets}::text[])`}
        and not ((f.asset_id || '/' || f.technique_id) = any(${[...waived]}::text[]))
      order by due, f.rank
      limit ${LISTED * 2}`.execute(store.db),
  );
  return {
    total: Number(result.rows[0]?.total ?? 0),
    items: result.rows.map((r) => ({ assetId: r.asset_id, techniqueId: r.technique_id, level: r.level, score: r.score, due: r.due, status: r.status, assignee: r.assignee ?? undefined })),
  };
}
