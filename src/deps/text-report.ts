import type { Paint } from '../scan/text-report.ts';
import type { DependencyScan } from './scan.ts';
import type { Origin } from './types.ts';

const place = (origin: Origin): string => (origin.line ? `${origin.file}:${origin.line}` : origin.file);

/** The text output of `rampart deps scan`: data's age first, then findings worst first, then what was not checked. */
export function dependencyTextReport(scan: DependencyScan, c: Paint): string {
  const lines: string[] = [];
  const { advisories } = scan;
  lines.push(`advisories: ${advisories.count} from ${advisories.source}${advisories.asOf ? `, as of ${advisories.asOf.slice(0, 10)}` : ', date unknown'}`);
  if (advisories.stale) lines.push(c.yellow(`warning: the advisory data is ${advisories.ageDays === undefined ? 'of unknown age' : `${advisories.ageDays} days old`}: newer advisories are missing — run \`rampart advisories update\``));
  if (advisories.rejected > 0) lines.push(c.yellow(`warning: ${advisories.rejected} entries of the advisory data were not OSV advisories and were left out`));
  lines.push(`${scan.manifests.length} manifest(s), ${scan.checked} pinned package version(s) checked, ${scan.unpinned.length} not pinned, ${scan.problems.length} problem(s)`);
  lines.push('');
  if (scan.vulnerable.length === 0) lines.push(scan.checked === 0 ? c.yellow('nothing checked: no manifest pins an exact version') : c.green('no known advisory covers a pinned version'));
  for (const v of scan.vulnerable) {
    const level = `${v.severity.toUpperCase()}${v.severityBasis === 'estimated' ? '?' : ''}`.padEnd(9);
    const colourOf = v.severity === 'critical' || v.severity === 'high' ? c.red : v.severity === 'medium' || v.severity === 'unknown' ? c.yellow : c.dim;
    const fix = v.fixed ? `fixed in ${v.fixed}` : v.lastAffected ? `no fix; last affected ${v.lastAffected}` : 'no fixed version';
    lines.push(`${colourOf(level)} ${v.package} ${v.version} (${v.ecosystem}) — ${v.advisory}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}: ${fix}`);
    lines.push(`          ${v.summary}`);
    lines.push(`          ${v.techniques.join(', ')}${v.reasons.length ? ` — ${v.reasons.join('; ')}` : ''}${v.via ? ` — via ${v.via}` : ''}`);
    lines.push(`         at ${v.origins.map(place).join(', ')}`);
  }
  if (scan.vulnerable.some((v) => v.severityBasis === 'estimated')) lines.push('', c.dim('?: severity estimated from the advisory text (the data carries no CVSS vector)'));
  if (scan.problems.length > 0) {
    lines.push('', 'not understood (fix or pin these to have them checked):');
    for (const p of scan.problems) lines.push(`  ${place(p.origin)}: ${p.problem}`);
  }
  if (scan.unpinned.length > 0) {
    lines.push('', 'not pinned to one version (not matched: a range says nothing of what is installed; scan the lock file instead):');
    for (const d of scan.unpinned) lines.push(`  ${d.name}${d.spec ? ` ${d.spec}` : ''} — ${place(d.origin)}`);
  }
  return lines.join('\n');
}
