import { posix } from 'node:path';
import type { Finding, Risk } from '../assess/finding.ts';
import type { Review } from '../review/review.ts';
import { expiredWaiver, type FormatContext } from './format-context.ts';
import { COVERAGE_LABEL } from './labels.ts';
import { factorText } from './markdown.ts';

/**
 * Risk as a 0.1–1 severity whose bands match both consumers that read one: GitHub's
 * `security-severity` (×10: low 0.1–3.9, medium 4–6.9, high 7–8.9, critical above 9) and Heimdall's
 * `impact` (low < 0.4, medium < 0.7, high < 0.9, critical ≥ 0.9). Each Rampart level lands in the
 * matching band, placed within it by its score, so the tools never disagree with our own level.
 */
const BANDS = {
  low: { from: 0, to: 4, min: 0.1, max: 0.39 },
  medium: { from: 4, to: 9, min: 0.4, max: 0.69 },
  high: { from: 9, to: 15, min: 0.7, max: 0.89 },
  critical: { from: 15, to: 25, min: 0.91, max: 1 },
} as const;

export function severityFraction(risk: Pick<Risk, 'score' | 'level'>): number {
  const band = BANDS[risk.level];
  const t = Math.max(0, Math.min(1, (risk.score - band.from) / (band.to - band.from)));
  return Math.round((band.min + t * (band.max - band.min)) * 100) / 100;
}

/**
 * The Navigator's `tactic` value: the tactic's STIX short name, which ATLAS (like ATT&CK) derives from
 * its name — "AI Model Access" → "ai-model-access", "Command and Control" → "command-and-control".
 */
export function tacticShortName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function techniqueUrl(techniqueId: string): string {
  return `https://atlas.mitre.org/techniques/${encodeURIComponent(techniqueId)}`;
}

export function tacticUrl(tacticId: string): string {
  return `https://atlas.mitre.org/tactics/${encodeURIComponent(tacticId)}`;
}

/** One line a person reads: coverage, risk and the factors behind it. */
export function findingSummary(finding: Finding, context: FormatContext): string {
  const r = finding.risk;
  const expired = expiredWaiver(context, finding.id);
  const waiverNote = expired ? ` A waiver approved by ${expired.approver} expired on ${expired.expires} and no longer applies.` : '';
  return `${finding.techniqueId} ${finding.techniqueName} on ${finding.assetId}: ${COVERAGE_LABEL[finding.coverage]}; risk ${r.score} (${r.level}, likelihood ${r.likelihood} × impact ${r.impact}) — ${factorText(finding)}.${waiverNote}`;
}

export function trailText(finding: Finding): string {
  return finding.trail.map((s) => `- ${s.text}`).join('\n');
}

export function planText(finding: Finding): string {
  if (finding.plan.actions.length === 0) return 'No control in the library closes this gap yet.';
  const owner = finding.plan.owner ? `, owner ${finding.plan.owner}` : '';
  const actions = finding.plan.actions.map((a) => `- ${a.action} ${a.control} (${a.title}; mitigations ${a.mitigations.join(', ') || 'none'})`);
  return [`Due ${finding.plan.due}${owner}:`, ...actions].join('\n');
}

/**
 * Where an asset is declared, as a path relative to where the review ran: the inventory root joined with
 * the asset's file (which is relative to that root). An absolute root stays out of the path — code
 * scanning wants repository-relative URIs — so the file alone is given and the root is reported separately.
 */
export function inventoryPath(review: Pick<Review, 'inventory'>, file: string): string {
  const root = review.inventory.root.replace(/\\/g, '/');
  const relativeFile = file.replace(/\\/g, '/');
  if (root === '' || posix.isAbsolute(root) || /^[A-Za-z]:\//.test(root)) return posix.normalize(relativeFile);
  return posix.normalize(posix.join(root, relativeFile));
}

/** A URI reference for a relative path: each segment percent-encoded, the slashes kept. */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
