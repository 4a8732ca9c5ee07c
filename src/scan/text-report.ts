import { summarise } from './summary.ts';
import type { FileReport, Finding, Verdict } from './types.ts';

/** Human-readable output: one line per file, then its findings with their evidence. */
export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function textReport(reports: FileReport[], paint: Paint, verbose = false): string {
  const lines: string[] = [];
  const tag: Record<Verdict, (s: string) => string> = { dangerous: paint.red, suspicious: paint.yellow, inconclusive: paint.yellow, clean: paint.green };
  for (const r of reports) {
    const formats = r.formats.length ? ` ${paint.dim(`[${r.formats.join(' › ')}]`)}` : '';
    lines.push(`${tag[r.verdict](r.verdict.toUpperCase().padEnd(12))} ${r.path}${formats}`);
    for (const f of r.findings) if (verbose || f.level !== 'info') lines.push(`  ${finding(f, paint)}`);
  }
  const s = summarise(reports);
  lines.push('');
  lines.push(paint.bold(`${s.files} file(s): ${s.verdicts.dangerous} dangerous, ${s.verdicts.suspicious} suspicious, ${s.verdicts.inconclusive} inconclusive, ${s.verdicts.clean} clean`));
  return lines.join('\n');
}

function finding(f: Finding, paint: Paint): string {
  const where = [f.member, f.offset !== undefined ? `@${f.offset}` : undefined].filter(Boolean).join(' ');
  const head = `${f.level === 'dangerous' ? paint.red(f.level) : f.level === 'info' ? paint.dim(f.level) : paint.yellow(f.level)} ${paint.dim(f.rule)}`;
  const atlas = f.techniques.length ? paint.dim(` (${[...f.techniques, ...(f.cwe ? [f.cwe] : [])].join(', ')})`) : '';
  return `${head} ${where ? `${paint.dim(where)} ` : ''}${f.message}${atlas}`;
}
