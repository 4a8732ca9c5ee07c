import { FLAG_KINDS } from './flags.ts';
import type { FlaggedRow, ScanReport } from './report.ts';

interface Paint {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

/** The text report: what was read, contamination per kind, then the flagged rows of each kind, best first. */
export function dataScanTextReport(report: ScanReport, paint: Paint, rowsPerKind = 20): string {
  const out: string[] = [];
  out.push(paint.bold(`data scan: ${report.rows} rows × ${report.features} features, label ${report.labelColumn ?? '(none)'}, ${report.classes.length} classes`));
  out.push(paint.dim(`  ${report.files.join(', ')}${report.reference ? `; evaluation set ${report.reference.files.join(', ')} (${report.reference.rows} rows)` : ''}`));
  const balance = report.classes.map((c) => `${c.name}: ${c.rows}`).join(', ');
  out.push(`  classes ${balance}${report.imbalance >= 10 ? paint.yellow(` — imbalanced (${report.imbalance.toFixed(1)}× largest to smallest)`) : ''}`);
  out.push('');
  out.push(paint.bold('contamination'));
  for (const kind of FLAG_KINDS) {
    const c = report.contamination[kind];
    const text = `  ${kind.padEnd(12)} ${String(c.rows).padStart(7)} rows  ${pct(c.share)}${c.estimate !== undefined ? paint.dim(`  (confident-learning estimate of wrong labels: ${pct(c.estimate)})`) : ''}`;
    out.push(c.rows > 0 ? paint.yellow(text) : text);
  }
  for (const kind of FLAG_KINDS) {
    const rows = report.flagged.filter((f) => f.kind === kind);
    if (rows.length === 0) continue;
    out.push('', paint.bold(`${kind} (${rows.length})`));
    for (const row of rows.slice(0, rowsPerKind)) out.push(`  ${place(row)}  ${row.score.toFixed(2)}  ${row.reason}`);
    if (rows.length > rowsPerKind) out.push(paint.dim(`  … ${rows.length - rowsPerKind} more (--format json lists every row)`));
  }
  if (report.notes.length > 0) out.push('', ...report.notes.map((n) => paint.dim(`note: ${n}`)));
  out.push('', report.flagged.length === 0 ? paint.green('no row flagged') : paint.red(`${new Set(report.flagged.map((f) => `${f.file}\u0000${f.row}`)).size} row(s) flagged`));
  return out.join('\n');
}

function place(row: FlaggedRow): string {
  return `${row.file}:${row.line !== undefined ? row.line : `row ${row.row}`}`;
}

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
