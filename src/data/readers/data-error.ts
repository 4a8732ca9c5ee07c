import { inputError, type RampartError } from '../../errors.ts';

/** A bad cell, row or file: the one message the user sees, naming file, line (or row) and column. */
export function dataError(file: string, problem: string, at: { line?: number; column?: string } = {}, hint?: string): RampartError {
  return inputError(problem, { file, ...(at.line !== undefined ? { line: at.line } : {}), ...(at.column !== undefined ? { path: `column "${at.column}"` } : {}) }, hint);
}

const MISSING = new Set(['', 'na', 'nan', 'null', 'none', 'n/a']);

/** A text cell as a number, `null` when it spells a missing value, `undefined` when it is not numeric. */
export function numericCell(text: string): number | null | undefined {
  // Fast path for the common plain number; the slow path handles blanks, padding and missing-value words.
  const c = text.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45 || c === 46) {
    const value = Number(text);
    if (Number.isFinite(value)) return value;
  }
  const trimmed = text.trim();
  if (MISSING.has(trimmed.toLowerCase())) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
