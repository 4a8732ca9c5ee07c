import type { FileChange, Shift } from './compare.ts';
import { describeChange, range } from './evidence.ts';

/** Plain-text lines for `data manifest --previous`, `review diff` and the review summary. */
export function renderChanges(files: readonly FileChange[], heading: string): string[] {
  if (files.length === 0) return [];
  const lines = [heading];
  for (const f of files) {
    const tag = f.violation ? 'TAMPERED' : f.status;
    const owner = f.assetId ? `${f.assetId}: ` : '';
    lines.push(`  ${tag.padEnd(10)} ${owner}${f.path} — ${describeChange(f)}`);
    for (const r of f.rowChanges.slice(0, 10)) {
      const where = [r.lines ? `lines ${range({ from: r.lines[0], to: r.lines[1] })}` : undefined, `chunk ${r.chunk + 1}`].filter(Boolean).join(', ');
      lines.push(`             rows ${range(r)} ${r.kind}${r.approximate ? ' (somewhere in these rows)' : ''} (${where})`);
    }
    if (f.rowChanges.length > 10) lines.push(`             … ${f.rowChanges.length - 10} more run(s) of rows`);
    for (const s of f.shifts) lines.push(`             ${s.level === 'shift' ? 'shift' : 'moderate shift'} in ${s.column}${s.label ? ' (label)' : ''}: ${describeShift(s)}`);
  }
  return lines;
}

export function describeShift(s: Shift): string {
  const stats = [s.psi !== undefined ? `PSI ${s.psi.toFixed(2)}` : undefined, s.ks ? `KS D ${s.ks.d.toFixed(2)} (p ${s.ks.p.toExponential(1)})` : undefined].filter(Boolean).join(', ');
  return `${stats ? `${stats}; ` : ''}${s.before} → ${s.after}`;
}

/** Counts for a one-line summary: tampered, changed, appended, unchanged, new. */
export function tally(files: readonly FileChange[]): string {
  const counts = new Map<string, number>();
  for (const f of files) {
    const k = f.violation ? 'tampered' : f.status;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}
