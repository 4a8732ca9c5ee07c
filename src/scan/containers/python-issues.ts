import type { CodeLevel } from './python-policy.ts';

/**
 * What the Python source analyser reports: issues, collected one per (level, name) with a count and a tag
 * the whole-file rules combine (a module that escaped into a value, a download, a code loader, a write).
 */
export interface CodeIssue {
  level: CodeLevel;
  /** The resolved name, e.g. `os.system`. */
  name: string;
  what: string;
  kind: 'call' | 'use' | 'import';
  /** Character index of the first occurrence. */
  at: number;
  args?: string;
  via?: string[];
  count: number;
  /** Reported for a whole module (`ctypes`): call arguments of one attribute would mislead. */
  whole?: boolean;
  /** What the issue does, for the whole-file rules. */
  tag?: IssueTag;
}

export type IssueTag = 'download' | 'load' | 'escape' | 'write';

export interface PythonAnalysis {
  issues: CodeIssue[];
  /** Modules imported relatively (`from .utils import x` → `utils`): files shipped beside this one. */
  relativeImports: string[];
  lines: number;
  /** Line at which the analysis stopped at the scan's deadline (the rest was not read). */
  stoppedAt?: number;
}

const MAX_ISSUES = 50;

export class IssueSet {
  private readonly found = new Map<string, CodeIssue>();

  add(level: CodeLevel, name: string, what: string, at: number, kind: CodeIssue['kind'], via?: string[], record = true): CodeIssue {
    const fresh: CodeIssue = { level, name, what, kind, at, count: 1, ...(via?.length ? { via } : {}) };
    if (!record) return fresh;
    const key = `${level}:${name}`;
    const seen = this.found.get(key);
    if (!seen) {
      this.found.set(key, fresh);
      return fresh;
    }
    seen.count++;
    return seen;
  }

  all(): CodeIssue[] {
    return [...this.found.values()];
  }

  has(tag: IssueTag): CodeIssue | undefined {
    for (const i of this.found.values()) if (i.tag === tag) return i;
    return undefined;
  }
}

/** The dangerous issues first, then the rest, at most MAX_ISSUES, in source order. */
export function ranked(issues: CodeIssue[]): CodeIssue[] {
  issues.sort((a, b) => a.at - b.at);
  const worst = issues.filter((i) => i.level === 'dangerous');
  const rest = issues.filter((i) => i.level !== 'dangerous');
  return [...worst, ...rest].slice(0, MAX_ISSUES).sort((a, b) => a.at - b.at);
}

let lineCache: { text: string; starts: number[] } | undefined;

/** 1-based line of a character index (newline positions are indexed once per text). */
export function lineOf(text: string, at: number): number {
  if (lineCache?.text !== text) {
    const starts: number[] = [];
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) starts.push(k);
    lineCache = { text, starts };
  }
  const starts = lineCache.starts;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}
