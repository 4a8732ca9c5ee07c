import type { FindingChange } from '../review/diff.ts';
import { dataProvenanceMarkdown } from './data-provenance-markdown.ts';
import { COVERAGE_ORDER, type Finding } from '../assess/finding.ts';
import type { Rollup } from '../assess/rollup.ts';
import type { FormatWaiver } from './format-context.ts';
import type { Review } from '../review/review.ts';
import { COVERAGE_LABEL, LEVELS, percent } from './labels.ts';
import { streamReview, type StreamedReview } from './stream/finding-source.ts';
import { assetCards, defaultedLines, type ReviewHead } from './stream/asset-source.ts';
import { totalFindings, type FindingTotals } from './stream/finding-totals.ts';
import { collect, type Sink } from './stream/sink.ts';
import { RISK_MODEL_TEXT } from './risk-model-text.ts';
import { executiveSummary } from './executive.ts';
import { executiveLines } from './executive-text.ts';
import { DEFAULTED_INTRO } from '../assess/defaulted-attributes.ts';
import { detectionCollector, DETECTIONS_INTRO, type DetectionPlan } from '../detections/plan.ts';
import { GAP_TEXT } from '../detections/gaps.ts';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Findings listed in the Markdown report (`topFindings` overrides); their reasoning is given for the first 15. */
export const MARKDOWN_TOP_FINDINGS = 50;

interface MarkdownPage {
  review: ReviewHead;
  assetCount: number;
  /** The defaulted attributes' lines, read from the assets before the sections are written. */
  defaulted: string[];
  /** Findings that regressed since the previous stored review (undefined when there is none to compare with). */
  regressed: readonly FindingChange[] | undefined;
  totals: FindingTotals;
  top: number;
  detections: DetectionPlan;
  /** The organisation's waivers on this review's findings (in force and expired), from the waiver store. */
  waivers: readonly FormatWaiver[];
}

/** The report, top to bottom: each section gives its lines; adding a section is one line here. */
export const MARKDOWN_SECTIONS: readonly ((page: MarkdownPage) => string[])[] = [
  ({ review, assetCount }) => [`# ATLAS review — ${review.organisation}`, '', `Review date ${review.reviewDate} · MITRE ATLAS ${review.atlasVersion} · Rampart ${review.rampartVersion} · ${assetCount} assets from ${review.inventory.files.join(', ')}`, ''],
  ({ review, totals, regressed }) => ['## What to do first', '', ...executiveLines(executiveSummary({ ...review, findings: totals.top }, regressed), '- ').slice(1), ''],
  summary,
  waiverLines,
  ({ review }) => ['## Coverage by tactic', '', rollupTable(review.matrix.tactics.map((t) => [`${t.id} ${t.name}`, review.rollups.byTactic[t.id]])), ''],
  ({ review }) => ['## Coverage by element', '', rollupTable(Object.entries(review.rollups.byElement)), ''],
  findings,
  ({ review }) => dataProvenanceMarkdown(review),
  ({ review }) => plan(review),
  ({ detections }) => detectionLines(detections),
  ({ totals, top }) => ['## Reasoning for the top findings', '', ...totals.top.slice(0, Math.min(top, 15)).flatMap((f) => [`### ${f.assetId} · ${f.techniqueId} ${f.techniqueName}`, '', ...f.trail.map((s) => `- ${s.text}`), ''])],
  ({ review }) => (review.excluded.length > 0 ? ['## Ruled out by the organisation', '', ...review.excluded.map((e) => `- ${e.assetId} · ${e.techniqueId}: ${e.reason}`), ''] : []),
  ({ review }) => (review.inventory.notes.length > 0 ? ['## Assumptions made while reading the inventory', '', ...review.inventory.notes.map((n) => `- ${n}`), ''] : []),
  ({ defaulted }) => (defaulted.length > 0 ? ['## Attributes that defaulted to false', '', DEFAULTED_INTRO, '', ...defaulted.map((l) => `- ${l}`), ''] : []),
  () => ['## Risk model', '', RISK_MODEL_TEXT, ''],
];

/** A Markdown report for people: summary, coverage by tactic and element, ranked findings, plan — written section by section. */
export async function writeMarkdown(out: Sink, review: StreamedReview, options: { topFindings?: number; regressed?: readonly FindingChange[]; waivers?: readonly FormatWaiver[] } = {}): Promise<void> {
  const top = options.topFindings ?? MARKDOWN_TOP_FINDINGS;
  const detections = detectionCollector(await assetCards(review.assets));
  const page: MarkdownPage = { review: review.document, assetCount: review.assets.count, defaulted: await defaultedLines(review.assets), regressed: options.regressed, totals: await totalFindings(review.findings, review.document.matrix, top, detections.observe), top, detections: detections.plan, waivers: options.waivers ?? [] };
  let first = true;
  for (const section of MARKDOWN_SECTIONS) {
    const lines = section(page);
    if (lines.length === 0) continue;
    await out.write(`${first ? '' : '\n'}${lines.join('\n')}`);
    first = false;
  }
}

export function renderMarkdown(review: Review, options: { topFindings?: number; regressed?: readonly FindingChange[] } = {}): Promise<string> {
  return collect((out) => writeMarkdown(out, streamReview(review), options));
}

function summary({ review, totals }: MarkdownPage): string[] {
  const org = review.rollups.organisation;
  const lines = [
    '## Summary',
    '',
    `- ${org.applicable} applicable technique × asset pairs; **${percent(org.covered)}** prevented or detected.`,
    `- Coverage: ${COVERAGE_ORDER.map((c) => `${org.byCoverage[c]} ${COVERAGE_LABEL[c]}`).join(' · ')}.`,
    `- Risk: ${LEVELS.map((l) => `${totals.levels[l]} ${l}`).join(' · ')}; total ${org.riskTotal}.`,
  ];
  if (review.notAssessed.length > 0) lines.push(`- **${review.notAssessed.length} techniques not yet assessed** (new in ATLAS ${review.atlasVersion}): ${review.notAssessed.map((n) => `${n.techniqueId} ${n.name}`).join('; ')}.`);
  return [...lines, ''];
}

function waiverLines({ waivers }: MarkdownPage): string[] {
  if (waivers.length === 0) return [];
  const line = (w: FormatWaiver) => `- ${w.findingId}: ${esc(w.justification)} — approved by ${esc(w.approver)}, ${w.expired ? `expired ${w.expires}, no longer counting` : `until ${w.expires}`}`;
  return ['## Waivers', '', 'Accepted risk: a waived finding is still counted and listed, marked as waived.', '', ...waivers.map(line), ''];
}

function findings({ review, totals, top, waivers }: MarkdownPage): string[] {
  const tacticName = new Map<string, string>(review.matrix.tactics.map((t) => [t.id, t.name]));
  const waived = new Set(waivers.filter((w) => !w.expired).map((w) => w.findingId));
  const lines = [`## Findings (top ${Math.min(top, totals.count)} of ${totals.count}, by risk)`, '', '| # | Risk | Asset | Technique | Tactics | Coverage | Likelihood × Impact | Why |', '|---|---|---|---|---|---|---|---|'];
  totals.top.forEach((f, i) => {
    lines.push(`| ${i + 1} | ${f.risk.score} ${f.risk.level} | ${f.assetId} | ${f.techniqueId} ${esc(f.techniqueName)} | ${f.tactics.map((t) => tacticName.get(t) ?? t).join(', ')} | ${COVERAGE_LABEL[f.coverage]}${waived.has(f.id) ? ' (waived)' : ''} | ${f.risk.likelihood} × ${f.risk.impact} | ${esc(factorText(f))} |`);
  });
  if (totals.count > top) lines.push('', `The other ${totals.count - top} findings, with their reasoning and plans, are in review.json and review.jsonl (one finding per line).`);
  return [...lines, ''];
}

function plan(review: ReviewHead): string[] {
  const lines = ['## Remediation plan', '', 'Each finding is credited to its best action; totals are the risk score the action removes.', ''];
  lines.push('| # | Action | Control | Mitigations | Assets | Findings | Risk removed | Due | Owners |', '|---|---|---|---|---|---|---|---|---|');
  review.plan.forEach((p, i) => {
    lines.push(`| ${i + 1} | ${p.action} | ${p.control} — ${esc(p.title)} (${p.type}) | ${p.mitigations.join(', ')} | ${p.assets.join(', ')} | ${p.findings} | ${p.riskRemoved} | ${p.due} | ${p.owners.join(', ') || '—'} |`);
  });
  lines.push('');
  const questions = [...new Set(review.plan.slice(0, 10).flatMap((p) => p.questions))];
  if (questions.length > 0) lines.push('### Questions to ask', '', ...questions.map((q) => `- ${q}`), '');
  return lines;
}

function detectionLines(d: DetectionPlan): string[] {
  if (d.count === 0) return [];
  const lines = ['### Detections to deploy', '', DETECTIONS_INTRO, '', `${d.count} detective gaps, ${d.rules} Sigma rules.`, ''];
  lines.push('| # | Finding | Gap | Sigma rules | CACAO playbook | Owner |', '|---|---|---|---|---|---|');
  d.listed.forEach((p, i) => lines.push(`| ${i + 1} | ${p.gap.assetId} · ${p.gap.techniqueId} ${esc(p.gap.techniqueName)} | ${GAP_TEXT[p.gap.reason]} | ${p.rules.join('<br>')} | ${p.playbook} | ${p.gap.owner ?? '—'} |`));
  if (d.count > d.listed.length) lines.push('', `The other ${d.count - d.listed.length} gaps are in the index.json that \`rampart detections\` writes.`);
  return [...lines, ''];
}

function rollupTable(rows: [string, Rollup | undefined][]): string {
  const head = `| | Applicable | ${COVERAGE_ORDER.map((c) => COVERAGE_LABEL[c]).join(' | ')} | Covered | Risk total |`;
  const rule = `|---|---|${COVERAGE_ORDER.map(() => '---').join('|')}|---|---|`;
  const body = rows.filter((r): r is [string, Rollup] => r[1] !== undefined).map(([name, r]) => `| ${name} | ${r.applicable} | ${COVERAGE_ORDER.map((c) => r.byCoverage[c]).join(' | ')} | ${percent(r.covered)} | ${r.riskTotal} |`);
  return [head, rule, ...body].join('\n');
}

export function factorText(f: Finding): string {
  const x = f.risk.factors;
  const crit = x.criticalityFrom ? `${x.effectiveCriticality} (via ${x.criticalityFrom})` : x.effectiveCriticality;
  return `${x.maturity}, ${x.caseStudies} case studies, ${x.access} on ${x.exposure} asset (auth ${x.authentication}), ${crit} criticality, ${x.dataSensitivity} data`;
}
