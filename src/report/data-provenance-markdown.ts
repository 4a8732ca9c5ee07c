import { describeChange, range } from '../data/provenance/evidence.ts';
import { describeShift } from '../data/provenance/render-text.ts';
import type { ReviewHead } from './stream/asset-source.ts';

/** The Markdown report's "Data files" section: as the HTML one (html/data-provenance-section.ts). */
export function dataProvenanceMarkdown(review: ReviewHead): string[] {
  const p = review.dataProvenance;
  if (!p) return [];
  const against = p.baselineReviews.length > 0 ? `against the manifests of review ${p.baselineReviews.join(', ')}` : 'first manifests: recorded as the baseline';
  const lines = ['## Data files: provenance', '', `Content hashes per file and per chunk of rows, schema and profile, ${against}.`, ''];
  for (const f of [...p.files].sort((a, b) => Number(b.violation) - Number(a.violation))) {
    lines.push(`- ${f.violation ? '**TAMPERED**' : f.status} · ${f.assetId ?? ''} · \`${f.path}\`: ${describeChange(f)}`);
    for (const r of f.rowChanges.slice(0, 10)) lines.push(`  - rows ${range(r)} ${r.kind}${r.lines ? ` (lines ${range({ from: r.lines[0], to: r.lines[1] })})` : ''}${r.approximate ? ', somewhere in these rows' : ''}`);
    for (const s of f.shifts) lines.push(`  - ${s.level === 'shift' ? 'shift' : 'moderate shift'} in ${s.column}${s.label ? ' (label)' : ''}: ${describeShift(s)}`);
  }
  return [...lines, ''];
}
