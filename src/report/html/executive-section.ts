import type { ExecutiveSummary } from '../executive.ts';
import { COVERAGE_LABEL } from '../labels.ts';
import { COVERAGE_COLOUR, LEVEL_COLOUR } from './colours.ts';
import { html, type Raw } from './escape.ts';

/** The executive page: five actions with owner and due date, what is exploited, what regressed, the top paths. */
export function renderExecutive(summary: ExecutiveSummary): Raw {
  return html`<section id="executive"><h2>What to do first</h2>
<table><thead><tr><th>#</th><th>Action</th><th>Assets</th><th>Owner</th><th>Due</th><th>Risk removed</th></tr></thead><tbody>
${summary.actions.map(
  (a) => html`<tr><td>${a.rank}</td><td><b>${a.action === 'contain' ? a.title : html`${a.action} ${a.control}`}</b>${a.action === 'contain' ? '' : html` — ${a.title}`}${a.steps.length ? html`<ul>${a.steps.map((s) => html`<li>${s}</li>`)}</ul>` : ''}</td><td>${a.assets.join(', ')}</td><td>${a.owner}</td><td>${a.due}</td><td>${a.riskRemoved}</td></tr>`,
)}
</tbody></table>
<h3>Exploited</h3>${summary.exploited.length ? html`<ul>${summary.exploited.map((e) => html`<li class="warn"><b>${e.assetId}</b> · ${e.techniqueId} ${e.techniqueName} — ${e.checks.join(', ')}</li>`)}</ul>` : html`<p>No check succeeded in attacking an asset.</p>`}
${summary.regressed ? html`<h3>Regressed since the last review</h3>${summary.regressed.length ? html`<ul>${summary.regressed.slice(0, 10).map((r) => html`<li>${r.id}: ${r.reasons.join('; ')}</li>`)}</ul>` : html`<p>Nothing regressed.</p>`}` : ''}
<h3>Top attack paths</h3><p class="legend">Chains of techniques real attacks combined (ATLAS case studies), on your assets, to the harm they end in.</p>
${summary.paths.length ? html`<ol>${summary.paths.map((p) => html`<li><b>${p.assetId}</b>: ${p.steps.map((s, i) => html`${i ? ' → ' : ''}<span class="dot" style="background:${COVERAGE_COLOUR[s.coverage]}"></span>${s.techniqueId} ${s.techniqueName}${s.assetId === p.assetId ? '' : ` on ${s.assetId}`} (${COVERAGE_LABEL[s.coverage]})`)} ⇒ <b style="color:${LEVEL_COLOUR[p.level]}">${p.impactTechniqueId} ${p.impactName}</b> — risk ${p.score}, as in ${p.caseStudy.id} ${p.caseStudy.name}</li>`)}</ol>` : html`<p>No observed chain reaches a consequence on these assets.</p>`}
</section>`;
}
