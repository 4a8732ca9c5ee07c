import type { FileChange } from '../../data/provenance/compare.ts';
import { describeChange, range } from '../../data/provenance/evidence.ts';
import { describeShift } from '../../data/provenance/render-text.ts';
import { html, type Raw } from './escape.ts';
import type { HtmlSection } from './page.ts';

/**
 * The data assets' files against the previous review's manifests: tampered append-only data first, with the rows
 * (and lines) that changed, schema drift and distribution shifts. Present only when the review recorded data files.
 */
export const dataProvenanceSection: HtmlSection = {
  nav: ({ review }) => (review.dataProvenance ? [{ id: 'data-provenance', title: 'Data files' }] : []),
  render: ({ review }) => {
    const p = review.dataProvenance;
    if (!p) return '';
    const files = [...p.files].sort((a, b) => Number(b.violation) - Number(a.violation));
    const against = p.baselineReviews.length > 0 ? `against the manifests of review ${p.baselineReviews.join(', ')}` : 'first manifests: recorded as the baseline';
    return html`<section id="data-provenance"><h2>Data files: provenance</h2><p class="legend">Content hashes per file and per chunk of rows, schema and profile, ${against}. Rows are numbered from 1 after the header.</p>
<table><thead><tr><th>Asset</th><th>File</th><th>Status</th><th>What changed</th></tr></thead><tbody>${files.map(row)}</tbody></table></section>`;
  },
};

function row(f: FileChange): Raw {
  const status = f.violation ? html`<b style="color:#b91c1c">tampered</b>` : html`${f.status}`;
  const details = [
    ...f.rowChanges.slice(0, 10).map((r) => `rows ${range(r)} ${r.kind}${r.lines ? ` (lines ${range({ from: r.lines[0], to: r.lines[1] })})` : ''}${r.approximate ? ', somewhere in these rows' : ''}`),
    ...f.shifts.map((s) => `${s.level === 'shift' ? 'shift' : 'moderate shift'} in ${s.column}${s.label ? ' (label)' : ''}: ${describeShift(s)}`),
  ];
  return html`<tr><td>${f.assetId ?? ''}</td><td><code>${f.path}</code></td><td>${status}</td><td>${describeChange(f)}${details.length ? html`<ul>${details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}</td></tr>`;
}
