import type { ReviewDiff, RollupChange } from '../../review/diff.ts';
import type { StoredReviewMeta } from '../../review/history.ts';
import { COVERAGE_LABEL, LEVELS, percent } from '../labels.ts';
import { COVERAGE_COLOUR, LEVEL_COLOUR } from './colours.ts';
import { html, type Raw } from './escape.ts';

const ROWS = 100;

/** "Since the last review": new, regressed and resolved findings, coverage moves and techniques ATLAS added. */
export function renderDiff(diff: ReviewDiff, older: StoredReviewMeta, tacticName: (id: string) => string): Raw {
  const { risk } = diff;
  return html`<p>Compared with review #${older.id} of ${older.reviewDate} (ATLAS ${diff.atlas.before}${diff.atlas.before !== diff.atlas.after ? html` → ${diff.atlas.after}` : ''}).</p>
<section class="cards">
  <div class="card"><b>${diff.new.length}</b>new</div><div class="card"><b style="color:#dc2626">${diff.regressed.length}</b>regressed</div>
  <div class="card"><b style="color:#15803d">${diff.resolved.length}</b>resolved</div><div class="card"><b>${diff.improved.length}</b>improved</div>
  <div class="card"><b>${risk.totalBefore} → ${risk.totalAfter}</b>risk total</div>
  ${LEVELS.map((l) => html`<div class="card"><b style="color:${LEVEL_COLOUR[l]}">${risk.levelsBefore[l]} → ${risk.levelsAfter[l]}</b>${l}</div>`)}
</section>
${diff.atlasChanged ? html`<p class="legend">ATLAS changed between the two reviews: changes the new release alone caused are marked [ATLAS] — ${diff.regressed.filter((c) => c.cause === 'atlas').length} of the regressions — and are not regressions of posture.</p>` : ''}
${diff.newTechniques.length ? html`<p class="warn"><b>New in ATLAS ${diff.atlas.after} since review #${older.id} — assess:</b> ${diff.newTechniques.map((t) => `${t.id} ${t.name}`).join('; ')}</p>` : ''}
${table('Regressed', ['Finding', 'Before', 'After', 'Why'], diff.regressed.map((c) => html`<tr><td>${c.id}</td><td>${cov(c.before.coverage)} ${c.before.score} ${c.before.level}</td><td>${cov(c.after.coverage)} ${c.after.score} ${c.after.level}</td><td>${c.cause === 'atlas' ? `[ATLAS] ${c.because}` : c.reasons.join('; ')}</td></tr>`))}
${table('New', ['Finding', 'Coverage', 'Risk'], diff.new.map((f) => html`<tr><td>${f.id}</td><td>${cov(f.coverage)}</td><td>${f.risk.score} ${f.risk.level}</td></tr>`))}
${table('Resolved', ['Finding', 'How'], diff.resolved.map((f) => html`<tr><td>${f.id}</td><td>${f.how === 'gone' ? 'no longer applies' : html`now ${cov(f.coverage)}`}</td></tr>`))}
<h3>Coverage by tactic</h3>${moves(diff.tactics, tacticName)}
<h3>Coverage by element</h3>${moves(diff.elements, (k) => k)}`;
}

function cov(c: keyof typeof COVERAGE_LABEL): Raw {
  return html`<span class="dot" style="background:${COVERAGE_COLOUR[c]}"></span>${COVERAGE_LABEL[c]}`;
}

function table(title: string, head: string[], rows: Raw[]): Raw {
  if (rows.length === 0) return html`<h3>${title}</h3><p class="legend">None.</p>`;
  return html`<h3>${title} (${rows.length})</h3><table><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.slice(0, ROWS)}</tbody></table>
  ${rows.length > ROWS ? html`<p class="legend">${rows.length - ROWS} more in <code>rampart review diff --format json</code>.</p>` : ''}`;
}

function moves(rows: RollupChange[], name: (key: string) => string): Raw {
  return html`<table><thead><tr><th></th><th>Covered before</th><th>Covered now</th><th>Change</th><th>Risk before</th><th>Risk now</th></tr></thead><tbody>${rows.map((r) => {
    const change = r.coveredBefore !== undefined && r.coveredAfter !== undefined ? Math.round((r.coveredAfter - r.coveredBefore) * 100) : undefined;
    const colour = change === undefined || change === 0 ? '' : change > 0 ? 'color:#15803d' : 'color:#dc2626';
    return html`<tr><td>${name(r.key)}</td><td>${r.coveredBefore === undefined ? '—' : percent(r.coveredBefore)}</td><td>${r.coveredAfter === undefined ? '—' : percent(r.coveredAfter)}</td><td style="${colour}">${change === undefined ? '—' : `${change > 0 ? '+' : ''}${change} pts`}</td><td>${r.riskBefore}</td><td>${r.riskAfter}</td></tr>`;
  })}</tbody></table>`;
}
