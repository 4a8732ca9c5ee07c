import { COVERAGE_ORDER, type Coverage, type RiskLevel } from '../assess/finding.ts';
import type { Rollup } from '../assess/rollup.ts';
import { countLevels } from '../report/labels.ts';

/** The few figures of a review that history and trend charts need, stored beside each review. */
export interface ReviewSummary {
  /** Share of applicable techniques prevented, detected or both (0–1). */
  covered: number;
  riskTotal: number;
  riskMax: number;
  levels: Record<RiskLevel, number>;
  byCoverage: Record<Coverage, number>;
}

export function summarise(review: { findings: Iterable<{ risk: { level: RiskLevel } }>; rollups: { organisation: Rollup } }): ReviewSummary {
  const org = review.rollups.organisation;
  return {
    covered: org.covered,
    riskTotal: org.riskTotal,
    riskMax: org.riskMax,
    levels: countLevels(review.findings),
    byCoverage: Object.fromEntries(COVERAGE_ORDER.map((c) => [c, org.byCoverage[c]])) as Record<Coverage, number>,
  };
}
