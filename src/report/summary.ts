import type { Review } from '../review/review.ts';
import { COVERAGE_LABEL, countLevels, LEVELS, percent } from './labels.ts';
import { COVERAGE_ORDER } from '../assess/finding.ts';

/** The few lines `rampart review` prints to the terminal. */
export function renderSummary(review: Review, top = 10): string {
  const org = review.rollups.organisation;
  const levels = countLevels(review.findings);
  const lines = [
    `Rampart review of ${review.organisation} — ATLAS ${review.atlasVersion}, ${review.reviewDate}`,
    `${review.assets.length} assets, ${org.applicable} applicable technique×asset pairs, ${percent(org.covered)} prevented or detected`,
    `Coverage: ${COVERAGE_ORDER.map((c) => `${org.byCoverage[c]} ${COVERAGE_LABEL[c]}`).join(', ')}`,
    `Risk: ${LEVELS.map((l) => `${levels[l]} ${l}`).join(', ')}`,
  ];
  if (review.notAssessed.length > 0) lines.push(`Not yet assessed: ${review.notAssessed.length} techniques new in ATLAS ${review.atlasVersion} (${review.notAssessed.map((n) => n.techniqueId).join(', ')})`);
  lines.push('', `Top ${Math.min(top, review.findings.length)} findings:`);
  for (const f of review.findings.slice(0, top)) {
    lines.push(`  ${f.risk.score.toFixed(1).padStart(4)} ${f.risk.level.padEnd(8)} ${f.assetId} · ${f.techniqueId} ${f.techniqueName} · ${COVERAGE_LABEL[f.coverage]}`);
  }
  const plan = review.plan.slice(0, 5);
  if (plan.length > 0) {
    lines.push('', 'First actions:');
    for (const p of plan) lines.push(`  ${p.action} ${p.control} on ${p.assets.length} asset(s): −${p.riskRemoved} risk over ${p.findings} finding(s), due ${p.due}`);
  }
  return lines.join('\n');
}
