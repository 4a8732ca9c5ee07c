import { sql } from 'kysely';
import { COVERAGE_ORDER, type Coverage, type RiskLevel } from '../../assess/finding.ts';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import type { ReviewAsset } from './review-assets.ts';

/** How a group of findings stands: counts by coverage and level, risk total and maximum, and the share covered. */
export interface Posture {
  findings: number;
  byCoverage: Record<Coverage, number>;
  byLevel: Record<RiskLevel, number>;
  riskTotal: number;
  riskMax: number;
  /** Share of findings prevented, detected or both (0–1), as the review's roll-ups count it. */
  covered: number;
  worst: Coverage | undefined;
}

interface TallyRow {
  key: string;
  coverage: Coverage;
  level: RiskLevel;
  n: string | number;
  risk: number | string;
  top: number | string;
}

export function emptyPosture(): Posture {
  return { findings: 0, byCoverage: { exploited: 0, 'blind-spot': 0, claimed: 0, detected: 0, prevented: 0, both: 0 }, byLevel: { critical: 0, high: 0, medium: 0, low: 0 }, riskTotal: 0, riskMax: 0, covered: 0, worst: undefined };
}

/** Adds `n` findings of one coverage and level, with their summed and largest score. */
export function addTo(posture: Posture, coverage: Coverage, level: RiskLevel, n: number, risk: number, top: number): void {
  posture.findings += n;
  posture.byCoverage[coverage] += n;
  posture.byLevel[level] += n;
  posture.riskTotal = Math.round((posture.riskTotal + risk) * 100) / 100;
  posture.riskMax = Math.max(posture.riskMax, top);
  if (posture.worst === undefined || COVERAGE_ORDER.indexOf(coverage) < COVERAGE_ORDER.indexOf(posture.worst)) posture.worst = coverage;
  const { prevented, detected, both } = posture.byCoverage;
  posture.covered = Math.round(((prevented + detected + both) / posture.findings) * 1000) / 1000;
}

/**
 * A review's findings summed per technique or per asset element, over the assets given (all when `assets` is
 * undefined and the grouping is by technique). The database does the counting: the answer is a few hundred rows
 * however many findings there are.
 */
export async function tally(store: Store, reviewId: number, by: 'technique' | 'element', assets: readonly ReviewAsset[] | undefined): Promise<Map<string, Posture>> {
  const scoped = assets !== undefined;
  const ids = (assets ?? []).map((a) => a.id);
  const elements = (assets ?? []).map((a) => a.element);
  const key = by === 'technique' ? sql`f.technique_id` : sql`a.element`;
  const rows = await read(store, () =>
    sql<TallyRow>`with a(asset_id, element) as (select * from unnest(${ids}::text[], ${elements}::text[]))
      select ${key} as key, f.coverage, f.level, count(*) as n, sum(f.score) as risk, max(f.score) as top
      from review_finding f ${scoped ? sql`join a on a.asset_id = f.asset_id` : sql``}
      where f.review_id = ${reviewId}
      group by 1, 2, 3`.execute(store.db),
  );
  const out = new Map<string, Posture>();
  for (const row of rows.rows) {
    const posture = out.get(row.key) ?? emptyPosture();
    addTo(posture, row.coverage, row.level, Number(row.n), Number(row.risk), Number(row.top));
    out.set(row.key, posture);
  }
  return out;
}

/** Postures merged: a tactic's from its techniques', the organisation's from its elements'. */
export function merge(postures: Iterable<Posture>): Posture {
  const out = emptyPosture();
  for (const p of postures) {
    for (const coverage of COVERAGE_ORDER) {
      if (p.byCoverage[coverage] === 0) continue;
      out.findings += p.byCoverage[coverage];
      out.byCoverage[coverage] += p.byCoverage[coverage];
      if (out.worst === undefined || COVERAGE_ORDER.indexOf(coverage) < COVERAGE_ORDER.indexOf(out.worst)) out.worst = coverage;
    }
    for (const level of Object.keys(p.byLevel) as RiskLevel[]) out.byLevel[level] += p.byLevel[level];
    out.riskTotal = Math.round((out.riskTotal + p.riskTotal) * 100) / 100;
    out.riskMax = Math.max(out.riskMax, p.riskMax);
  }
  const { prevented, detected, both } = out.byCoverage;
  out.covered = out.findings === 0 ? 0 : Math.round(((prevented + detected + both) / out.findings) * 1000) / 1000;
  return out;
}
