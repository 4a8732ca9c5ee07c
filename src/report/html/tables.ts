import { COVERAGE_ORDER, type Finding } from '../../assess/finding.ts';
import type { Rollup } from '../../assess/rollup.ts';
import type { Review } from '../../review/review.ts';
import { COVERAGE_LABEL, percent } from '../labels.ts';
import { factorText } from '../markdown.ts';
import { COVERAGE_COLOUR, LEVEL_COLOUR } from './colours.ts';
import { html, raw, type Raw } from './escape.ts';

/** The first `limit` findings in full; `count` is how many there are in all. */
export function renderFindings(top: readonly Finding[], count: number, limit: number): Raw {
  const rows = top.slice(0, limit).map(
    (f, i) => html`<tr>
      <td>${i + 1}</td>
      <td><span class="pill" style="background:${LEVEL_COLOUR[f.risk.level]}">${f.risk.score}</span> ${f.risk.level}</td>
      <td>${f.assetId}</td>
      <td><b>${f.techniqueId}</b> ${f.techniqueName}</td>
      <td><span class="dot" style="background:${COVERAGE_COLOUR[f.coverage]}"></span>${COVERAGE_LABEL[f.coverage]}</td>
      <td>${f.risk.likelihood} × ${f.risk.impact}</td>
      <td><details><summary>${factorText(f)}</summary><ul>${f.trail.map((s) => html`<li>${s.text}</li>`)}</ul>
        ${f.plan.actions.length ? html`<p>Plan (owner ${f.plan.owner ?? '—'}, due ${f.plan.due}): ${f.plan.actions.map((a) => html`<br>${a.action} <b>${a.control}</b> (${a.mitigations.join(', ')}) −${a.riskRemoved}`)}</p>` : ''}</details></td>
    </tr>`,
  );
  return html`<table><thead><tr><th>#</th><th>Risk</th><th>Asset</th><th>Technique</th><th>Coverage</th><th>L × I</th><th>Factors and reasoning</th></tr></thead><tbody>${rows}</tbody></table>
  ${count > limit ? html`<p class="legend">${count - limit} lower-ranked findings are summarised <a href="#rest">below</a>; every one is in review.json and review.jsonl.</p>` : ''}`;
}

export function renderPlan(review: Pick<Review, 'plan'>): Raw {
  const rows = review.plan.map(
    (p, i) => html`<tr><td>${i + 1}</td><td>${p.action}</td><td><b>${p.control}</b><br>${p.title} <small>(${p.type})</small></td><td>${p.mitigations.join(', ')}</td>
      <td>${p.assets.join(', ')}</td><td>${p.findings}</td><td>${p.riskRemoved}</td><td>${p.due}</td><td>${p.owners.join(', ')}</td>
      <td><details><summary>${p.questions.length} questions</summary><ul>${p.questions.map((q) => html`<li>${q}</li>`)}</ul></details></td></tr>`,
  );
  return html`<table><thead><tr><th>#</th><th>Action</th><th>Control</th><th>Mitigations</th><th>Assets</th><th>Findings</th><th>Risk removed</th><th>Due</th><th>Owners</th><th>Verify</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderRollups(rows: [string, Rollup | undefined][]): Raw {
  return html`${ROLLUP_TABLE_HEAD}${rows.map(([name, r]) => rollupRow(name, r))}${ROLLUP_TABLE_TAIL}`;
}

/** A roll-up table in three parts, so a long one (every asset) is written a row at a time. */
export const ROLLUP_TABLE_HEAD = html`<table><thead><tr><th></th><th>Applicable</th>${COVERAGE_ORDER.map((c) => html`<th><span class="dot" style="background:${COVERAGE_COLOUR[c]}"></span>${COVERAGE_LABEL[c]}</th>`)}<th>Covered</th><th>Risk total</th></tr></thead><tbody>`;
export const ROLLUP_TABLE_TAIL = raw('</tbody></table>');

/** One row; nothing for a name without a roll-up (no technique applies to it). */
export function rollupRow(name: string, r: Rollup | undefined): Raw | '' {
  return r === undefined ? '' : html`<tr><td>${name}</td><td>${r.applicable}</td>${COVERAGE_ORDER.map((c) => html`<td>${r.byCoverage[c] || ''}</td>`)}<td>${bar(r.covered)}</td><td>${r.riskTotal}</td></tr>`;
}

function bar(fraction: number): Raw {
  return html`<span class="bar"><span style="width:${Math.round(fraction * 100)}%"></span></span> ${percent(fraction)}`;
}
