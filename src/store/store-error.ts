import { RampartError } from '../errors.ts';

/** The store could not be opened, read or written; the CLI maps this to exit 2. */
export function storeError(problem: string, where: string, hint: string, cause?: unknown): RampartError {
  return new RampartError('store', problem, { file: where }, hint, { cause });
}

/** The first line of an error's message, without the stack. */
export function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const first = message.split('\n')[0]?.trim() || 'unknown error';
  return typeof code === 'string' && !first.includes(code) ? `${first} (${code})` : first;
}
