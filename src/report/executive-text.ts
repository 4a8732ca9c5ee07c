import type { ExecutiveSummary } from './executive.ts';
import { actionLine, pathLine } from './executive.ts';

/** The executive lines of the text summary and the Markdown report. */
export function executiveLines(summary: ExecutiveSummary, bullet = '  '): string[] {
  const lines: string[] = ['What to do first:'];
  for (const a of summary.actions) {
    lines.push(`${bullet}${a.rank}. ${actionLine(a)}`);
    for (const step of a.steps) lines.push(`${bullet}   - ${step}`);
  }
  if (summary.actions.length === 0) lines.push(`${bullet}nothing: no gap has a control that would close it`);
  lines.push('', summary.exploited.length > 0 ? 'Exploited (an attack succeeded):' : 'Exploited: none');
  for (const e of summary.exploited) lines.push(`${bullet}${e.assetId} · ${e.techniqueId} ${e.techniqueName} (${e.checks.join(', ') || 'check evidence'})`);
  if (summary.regressed) {
    lines.push('', summary.regressed.length > 0 ? 'Regressed since the last review:' : 'Regressed since the last review: none');
    for (const r of summary.regressed.slice(0, 10)) lines.push(`${bullet}${r.id}: ${r.reasons.join('; ')}`);
  }
  if (summary.paths.length > 0) {
    lines.push('', 'Top attack paths (observed chains from ATLAS case studies):');
    for (const p of summary.paths) lines.push(`${bullet}${pathLine(p)}`);
  }
  return lines;
}
