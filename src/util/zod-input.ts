import type { z } from 'zod';
import { inputError } from '../errors.ts';
import { formatPath, type SourceFile, whereIn } from './yaml-source.ts';

/** Validate a parsed file against a zod schema; the first problems become one clear input error. */
export function parseWith<T extends z.ZodType>(schema: T, source: SourceFile, what: string, hint: string): z.output<T> {
  const result = schema.safeParse(source.data);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  if (!first) throw inputError(`${what} is invalid`, { file: source.file }, hint);
  const more = rest.slice(0, 2).map((issue) => `${formatPath(issue.path) || '(top)'}: ${issue.message}`);
  const tail = rest.length > 0 ? ` (and ${rest.length} more: ${more.join('; ')}${rest.length > 2 ? '; …' : ''})` : '';
  throw inputError(`${what}: ${first.message}${tail}`, whereIn(source, first.path), hint);
}
