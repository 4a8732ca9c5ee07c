import type { FileReport, Level, Verdict } from './types.ts';

/** Counts and the exit decision shared by every output format and the check. */
export type FailOn = 'suspicious' | 'dangerous';

export interface ScanSummary {
  files: number;
  verdicts: Record<Verdict, number>;
  findings: number;
}

export function summarise(reports: FileReport[]): ScanSummary {
  const verdicts: Record<Verdict, number> = { clean: 0, suspicious: 0, dangerous: 0, inconclusive: 0 };
  let findings = 0;
  for (const r of reports) {
    verdicts[r.verdict]++;
    findings += r.findings.length;
  }
  return { files: reports.length, verdicts, findings };
}

const levelRank: Record<Level, number> = { info: 0, inconclusive: 0, suspicious: 1, dangerous: 2 };

/**
 * 1 when any finding reaches the threshold (a payload before a broken tail still fails the gate), else 3
 * when any file could not be fully scanned, else 0.
 */
export function outcomeOf(reports: FileReport[], failOn: FailOn): 'findings' | 'inconclusive' | 'ok' {
  const threshold = failOn === 'dangerous' ? 2 : 1;
  if (reports.some((r) => r.findings.some((f) => levelRank[f.level] >= threshold))) return 'findings';
  if (reports.some((r) => r.verdict === 'inconclusive' || r.findings.some((f) => f.level === 'inconclusive'))) return 'inconclusive';
  return 'ok';
}
