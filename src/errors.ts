/**
 * Errors that reach the user. Findings are values; these are for things that stop the work.
 * Each says what went wrong, where, and what to do; the CLI maps `kind` to an exit code in one place.
 */
export type ErrorKind = 'input' | 'usage' | 'target' | 'store';

export interface Where {
  file?: string;
  /** Path inside the file, e.g. `assets[3].kind`. */
  path?: string;
  line?: number;
  column?: number;
}

export class RampartError extends Error {
  readonly kind: ErrorKind;
  readonly where: Where;
  readonly hint: string | undefined;

  constructor(kind: ErrorKind, problem: string, where: Where = {}, hint?: string, options?: { cause?: unknown }) {
    super(problem, options);
    this.name = 'RampartError';
    this.kind = kind;
    this.where = where;
    this.hint = hint;
  }

  /** One line for the user: `file:line:col: at path: problem — hint`. */
  describe(): string {
    const { file, path, line, column } = this.where;
    const place = [file, line, line !== undefined ? column : undefined].filter((p) => p !== undefined).join(':');
    const parts = [place, path ? `at ${path}` : ''].filter(Boolean).join(': ');
    const head = parts ? `${parts}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  → ${this.hint}` : head;
  }
}

export function inputError(problem: string, where: Where = {}, hint?: string, cause?: unknown): RampartError {
  return new RampartError('input', problem, where, hint, { cause });
}

export function usageError(problem: string, hint?: string): RampartError {
  return new RampartError('usage', problem, {}, hint);
}
