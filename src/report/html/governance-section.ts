import type { Signoff } from '../../review/signoff.ts';
import type { AppliedWaivers } from '../../review/waivers.ts';
import { html, type Raw } from './escape.ts';

/** Waivers in force and waivers that ran out: an expired waiver no longer counts, and the report says so. */
export function renderWaivers(applied: AppliedWaivers, today: string): Raw {
  const active = [...applied.active.values()].sort((a, b) => a.expires.localeCompare(b.expires));
  return html`<p class="legend">As of ${today}. Waived findings stay in the findings table; the gate does not count them.</p>
${applied.expired.length ? html`<p class="warn"><b>${applied.expired.length} expired waiver(s) no longer count:</b> ${applied.expired.map((w) => `${w.findingId} (expired ${w.expires})`).join('; ')}</p>` : ''}
<table><thead><tr><th>Finding</th><th>State</th><th>Expires</th><th>Approver</th><th>Justification</th><th>Recorded</th></tr></thead><tbody>
${active.map((w) => html`<tr><td>${w.findingId}</td><td>active</td><td>${w.expires}</td><td>${w.approver}</td><td>${w.justification}</td><td>${w.createdBy}, ${w.createdAt.slice(0, 10)}</td></tr>`)}
${applied.expired.map((w) => html`<tr style="color:#991b1b"><td>${w.findingId}</td><td><b>expired — no longer counts</b></td><td>${w.expires}</td><td>${w.approver}</td><td>${w.justification}</td><td>${w.createdBy}, ${w.createdAt.slice(0, 10)}</td></tr>`)}
</tbody></table>`;
}

export function renderSignoffs(signoffs: readonly Signoff[]): Raw {
  if (signoffs.length === 0) return html`<p class="legend">Not signed off yet (<code>rampart signoff --role security --name …</code>).</p>`;
  return html`<table><thead><tr><th>Role</th><th>Name</th><th>Signed</th><th>Note</th></tr></thead><tbody>${signoffs.map((s) => html`<tr><td>${s.role}</td><td>${s.name}</td><td>${s.signedAt.replace('T', ' ').slice(0, 16)} UTC</td><td>${s.note ?? ''}</td></tr>`)}</tbody></table>`;
}
