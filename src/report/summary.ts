import type { FindingChange } from '../review/diff.ts';
import type { Review } from '../review/review.ts';
import type { FormatWaiver } from './format-context.ts';
import { COVERAGE_LABEL, countLevels, LEVELS, percent } from './labels.ts';
import { COVERAGE_ORDER } from '../assess/finding.ts';
import { executiveSummary, rankedGaps } from './executive.ts';
import { executiveLines } from './executive-text.ts';

/**
 * The few lines `rampart review` prints to the terminal. `review.findings` may be only the leading findings in rank
 * order (every exploited one, then at least `top` more) when `levels` counts them all.
 */
export function renderSummary(review: Review, top = 10, levels = countLevels(review.findings), regressed?: readonly FindingChange[], waivers: readonly FormatWaiver[] = []): string {
  const org = review.rollups.organisation;
  const lines = [
    `Rampart review of ${review.organisation} — ATLAS ${review.atlasVersion}, ${review.reviewDate}`,
    `${review.assets.length} assets, ${org.applicable} applicable technique×asset pairs, ${percent(org.covered)} prevented or detected`,
    `Coverage: ${COVERAGE_ORDER.map((c) => `${org.byCoverage[c]} ${COVERAGE_LABEL[c]}`).join(', ')}`,
    `Risk: ${LEVELS.map((l) => `${levels[l]} ${l}`).join(', ')}`,
  ];
  const active = waivers.filter((w) => !w.expired);
  const expired = waivers.filter((w) => w.expired);
  if (waivers.length > 0) {
    const ran = expired.length > 0 ? `; ${expired.length} expired and no longer counting (${expired.map((w) => `${w.findingId} expired ${w.expires}`).join('; ')})` : '';
    lines.push(`Waivers: ${active.length} finding(s) accepted as risk, still counted above and marked below${ran}`);
  }
  if (review.notAssessed.length > 0) lines.push(`Not yet assessed: ${review.notAssessed.length} techniques new in ATLAS ${review.atlasVersion} (${review.notAssessed.map((n) => n.techniqueId).join(', ')})`);
  lines.push('', ...executiveLines(executiveSummary(review, regressed)));
  const gaps = rankedGaps(review.findings);
  lines.push('', `Top ${Math.min(top, gaps.length)} findings (attack steps; consequences are shown as paths):`);
  for (const f of gaps.slice(0, top)) {
    const waiver = active.find((w) => w.findingId === f.id);
    const accepted = waiver ? ` · waived until ${waiver.expires} (${waiver.approver})` : '';
    lines.push(`  ${f.risk.score.toFixed(1).padStart(4)} ${f.risk.level.padEnd(8)} ${f.assetId} · ${f.techniqueId} ${f.techniqueName} · ${COVERAGE_LABEL[f.coverage]}${accepted}`);
  }
  return lines.join('\n');
}
