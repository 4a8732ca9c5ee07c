import { GAP_TEXT } from '../../detections/gaps.ts';
import { DETECTIONS_INTRO, type DetectionPlan } from '../../detections/plan.ts';
import { html, type Raw } from './escape.ts';

/** The plan's "Detections to deploy": per detective gap, the Sigma rules and the CACAO playbook `rampart detections` writes. */
export function renderDetections(d: DetectionPlan): Raw {
  const rows = d.listed.map(
    (p, i) => html`<tr><td>${i + 1}</td><td><b>${p.gap.assetId}</b> · ${p.gap.techniqueId} ${p.gap.techniqueName}</td><td>${GAP_TEXT[p.gap.reason]}</td>
      <td>${p.rules.map((r, j) => html`${j > 0 ? html`<br>` : ''}<code>${r}</code>`)}</td><td><code>${p.playbook}</code></td><td>${p.gap.owner ?? '—'}</td></tr>`,
  );
  const more = d.count > d.listed.length ? html`<p class="legend">The other ${d.count - d.listed.length} gaps are in the index.json that <code>rampart detections</code> writes.</p>` : '';
  return html`<p class="legend">${DETECTIONS_INTRO.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))} ${d.count} detective gaps, ${d.rules} Sigma rules.</p>
<table><thead><tr><th>#</th><th>Finding</th><th>Gap</th><th>Sigma rules</th><th>CACAO playbook</th><th>Owner</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}
