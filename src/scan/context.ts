import { ruleOf, type RuleId } from './rules.ts';
import type { ByteSource } from './source.ts';
import type { Finding, Level, ScanLimits } from './types.ts';

/**
 * What every reader gets: where it is (file and member chain), the shared finding sink, the limits and a
 * way to scan something nested (a ZIP member, a decompressed stream, bytes handed to pickle.loads).
 */
export interface ScanContext {
  file: string;
  member: string[];
  depth: number;
  limits: ScanLimits;
  deadline: number;
  sink: ScanSink;
  /** Scans a nested payload with format detection (`hint` skips detection). */
  nested(source: ByteSource, member: string, hint?: 'pickle'): void;
}

export interface ScanSink {
  findings: Finding[];
  formats: string[];
  inflated: number;
  /** Asynchronous readers (HDF5) still running; the file's scan awaits them. */
  pending: Promise<void>[];
}

export type FindingFields = Omit<Finding, 'rule' | 'level' | 'file' | 'member' | 'techniques' | 'cwe' | 'message'> & { level?: Level };

export function report(ctx: ScanContext, rule: RuleId, message: string, fields: FindingFields = {}): void {
  const meta = ruleOf(rule);
  const { level, ...rest } = fields;
  const finding: Finding = {
    rule,
    level: level ?? meta.level,
    message,
    file: ctx.file,
    ...(ctx.member.length ? { member: ctx.member.join('!/') } : {}),
    ...rest,
    techniques: [...meta.techniques],
    ...('cwe' in meta ? { cwe: meta.cwe } : {}),
  };
  // A hostile file can produce millions of findings; keep the first ones, and always the worst.
  if (ctx.sink.findings.length < 5000 || finding.level === 'dangerous') ctx.sink.findings.push(finding);
}

export function noteFormat(ctx: ScanContext, format: string): void {
  if (!ctx.sink.formats.includes(format)) ctx.sink.formats.push(format);
}

export function outOfTime(ctx: ScanContext): boolean {
  return Date.now() > ctx.deadline;
}
