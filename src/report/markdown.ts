import { DEFAULTED_INTRO, defaultedAttributeLines } from '../assess/defaulted-attributes.ts';
import { COVERAGE_ORDER, type Finding } from '../assess/finding.ts';
import type { Rollup } from '../assess/rollup.ts';
import type { Review } from '../review/review.ts';
import { COVERAGE_LABEL, countLevels, LEVELS, percent } from './labels.ts';
import { RISK_MODEL_TEXT } from './risk-model-text.ts';
import { executiveSummary } from './executive.ts';
import { executiveLines } from './executive-text.ts';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown report for people: summary, coverage by tactic and element, ranked findings, plan. */
export function renderMarkdown(review: Review, options: { topFindings?: number } = {}): string {
  const top = options.topFindings ?? 50;
  const org = review.rollups.organisation;
  const levels = countLevels(review.findings);
  const tacticName = new Map<string, string>(review.matrix.tactics.map((t) => [t.id, t.name]));
  const out: string[] = [];
  out.push(`# ATLAS review — ${review.organisation}`, '');
  out.push(`Review date ${review.reviewDate} · MITRE ATLAS ${review.atlasVersion} · Rampart ${review.rampartVersion} · ${review.assets.length} assets from ${review.inventory.files.join(', ')}`, '');
  out.push('## What to do first', '', ...executiveLines(executiveSummary(review), '- ').slice(1), '');
  out.push('## Summary', '');
  out.push(`- ${org.applicable} applicable technique × asset pairs; **${percent(org.covered)}** prevented or detected.`);
  out.push(`- Coverage: ${COVERAGE_ORDER.map((c) => `${org.byCoverage[c]} ${COVERAGE_LABEL[c]}`).join(' · ')}.`);
  out.push(`- Risk: ${LEVELS.map((l) => `${levels[l]} ${l}`).join(' · ')}; total ${org.riskTotal}.`);
  if (review.notAssessed.length > 0) out.push(`- **${review.notAssessed.length} techniques not yet assessed** (new in ATLAS ${review.atlasVersion}): ${review.notAssessed.map((n) => `${n.techniqueId} ${n.name}`).join('; ')}.`);
  out.push('');

  out.push('## Coverage by tactic', '', rollupTable(review.matrix.tactics.map((t) => [`${t.id} ${t.name}`, review.rollups.byTactic[t.id]])), '');
  out.push('## Coverage by element', '', rollupTable(Object.entries(review.rollups.byElement)), '');

  out.push(`## Findings (top ${Math.min(top, review.findings.length)} of ${review.findings.length}, by risk)`, '');
  out.push('| # | Risk | Asset | Technique | Tactics | Coverage | Likelihood × Impact | Why |', '|---|---|---|---|---|---|---|---|');
  review.findings.slice(0, top).forEach((f, i) => {
    out.push(`| ${i + 1} | ${f.risk.score} ${f.risk.level} | ${f.assetId} | ${f.techniqueId} ${esc(f.techniqueName)} | ${f.tactics.map((t) => tacticName.get(t) ?? t).join(', ')} | ${COVERAGE_LABEL[f.coverage]} | ${f.risk.likelihood} × ${f.risk.impact} | ${esc(factorText(f))} |`);
  });
  out.push('');

  out.push('## Remediation plan', '', 'Each finding is credited to its best action; totals are the risk score the action removes.', '');
  out.push('| # | Action | Control | Mitigations | Assets | Findings | Risk removed | Due | Owners |', '|---|---|---|---|---|---|---|---|---|');
  review.plan.forEach((p, i) => {
    out.push(`| ${i + 1} | ${p.action} | ${p.control} — ${esc(p.title)} (${p.type}) | ${p.mitigations.join(', ')} | ${p.assets.join(', ')} | ${p.findings} | ${p.riskRemoved} | ${p.due} | ${p.owners.join(', ') || '—'} |`);
  });
  out.push('');
  const questions = [...new Set(review.plan.slice(0, 10).flatMap((p) => p.questions))];
  if (questions.length > 0) out.push('### Questions to ask', '', ...questions.map((q) => `- ${q}`), '');

  out.push('## Reasoning for the top findings', '');
  for (const f of review.findings.slice(0, Math.min(top, 15))) out.push(`### ${f.assetId} · ${f.techniqueId} ${f.techniqueName}`, '', ...f.trail.map((s) => `- ${s.text}`), '');

  if (review.excluded.length > 0) {
    out.push('## Ruled out by the organisation', '', ...review.excluded.map((e) => `- ${e.assetId} · ${e.techniqueId}: ${e.reason}`), '');
  }
  if (review.inventory.notes.length > 0) out.push('## Assumptions made while reading the inventory', '', ...review.inventory.notes.map((n) => `- ${n}`), '');
  const defaulted = defaultedAttributeLines(review.defaultedAttributes ?? []);
  if (defaulted.length > 0) out.push('## Attributes that defaulted to false', '', DEFAULTED_INTRO, '', ...defaulted.map((l) => `- ${l}`), '');
  out.push('## Risk model', '', RISK_MODEL_TEXT, '');
  return out.join('\n');
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
  return `${x.maturity}${x.maturityAssumed ? ' (assumed)' : ''}, ${x.caseStudies} case studies, ${x.access} on ${x.exposure} asset (auth ${x.authentication}), ${crit} criticality, ${x.dataSensitivity} data`;
}
