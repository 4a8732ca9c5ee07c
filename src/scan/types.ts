import type { RuleId } from './rules.ts';

/**
 * The scanner's vocabulary. A finding is a value; a file's verdict is derived from its findings and from
 * whether the scan reached the end of everything it had to read (fail-closed: incomplete is never clean).
 */

/** How bad one finding is. `inconclusive` marks work the scanner could not finish (limits, parse errors). */
export type Level = 'dangerous' | 'suspicious' | 'info' | 'inconclusive';

export type Verdict = 'clean' | 'suspicious' | 'dangerous' | 'inconclusive';

export interface Finding {
  rule: RuleId;
  level: Level;
  message: string;
  /** The scanned path as given (file inside a scanned folder). */
  file: string;
  /** Member chain inside archives and nested payloads, joined with `!/`, e.g. `archive/data.pkl`. */
  member?: string;
  /** Byte offset inside the innermost member (or the file). */
  offset?: number;
  /** Pickle opcode name at `offset`, e.g. `REDUCE`. */
  opcode?: string;
  /** `module.name` of the global involved. */
  global?: string;
  /** Arguments rendered as Python-like literals when they are constants. */
  args?: string;
  /** Resolver chain that produced `global`, e.g. `builtins.getattr`. */
  via?: string[];
  techniques: string[];
  cwe?: string;
}

export interface FileReport {
  path: string;
  /** Formats recognised, outermost first, e.g. `zip`, `pytorch`, `pickle`. */
  formats: string[];
  verdict: Verdict;
  findings: Finding[];
  bytes: number;
  durationMs: number;
}

/** Caps that keep one hostile file from taking the scanner down. */
export interface ScanLimits {
  /** Wall-clock budget per top-level file. */
  timeMs: number;
  /** Nesting depth of archives / nested pickles. */
  maxDepth: number;
  /** Largest member or nested payload decompressed into memory. */
  maxMemberBytes: number;
  /** Total bytes decompressed for one top-level file. */
  maxTotalInflated: number;
  /** Largest compression ratio accepted before a member is treated as a bomb. */
  maxRatio: number;
  /** Members per archive. */
  maxMembers: number;
  /** Symbolic pickle stack / memo sizes. */
  maxStack: number;
  /** Memo entries kept (globals, calls, and constants within `maxMemoBytes`). */
  maxMemo: number;
  /** Estimated bytes of memoized constants kept; past it a constant is remembered only as present. */
  maxMemoBytes: number;
  /** Stacked pickle streams followed in one member. */
  maxStreams: number;
}

export const defaultLimits: ScanLimits = {
  timeMs: 60_000,
  maxDepth: 8,
  maxMemberBytes: 512 * 1024 * 1024,
  maxTotalInflated: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
  maxMembers: 100_000,
  maxStack: 1_000_000,
  maxMemo: 4_000_000,
  maxMemoBytes: 4 * 1024 * 1024,
  maxStreams: 64,
};

const rank: Record<Verdict, number> = { clean: 0, suspicious: 1, dangerous: 3, inconclusive: 2 };

/** Dangerous wins (a payload before a broken tail still counts); then incomplete; then suspicious. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  let verdict: Verdict = 'clean';
  for (const f of findings) {
    const v: Verdict = f.level === 'info' ? 'clean' : f.level;
    if (rank[v] > rank[verdict]) verdict = v;
  }
  return verdict;
}
