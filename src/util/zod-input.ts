import type { z } from 'zod';
import { inputError } from '../errors.ts';
import { formatPath, type SourceFile, whereIn } from './yaml-source.ts';
import { knownKeysAt } from './known-keys.ts';
import { closest } from './suggest.ts';

/** Validate a parsed file against a zod schema; the first problems become one clear input error. */
export function parseWith<T extends z.ZodType>(schema: T, source: SourceFile, what: string, hint: string): z.output<T> {
  const result = schema.safeParse(source.data);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  if (!first) throw inputError(`${what} is invalid`, { file: source.file }, hint);
  const message = first.code === 'unrecognized_keys' ? unknownKeysMessage(schema, first.path, first.keys) : first.message;
  const more = rest.slice(0, 2).map((issue) => `${formatPath(issue.path) || '(top)'}: ${issue.message}`);
  const tail = rest.length > 0 ? ` (and ${rest.length} more: ${more.join('; ')}${rest.length > 2 ? '; …' : ''})` : '';
  throw inputError(`${what}: ${message}${tail}`, whereIn(source, first.path), hint);
}

/** `unknown key "trainedFrom" — did you mean "trainedOn"?`, or the keys the place takes. */
function unknownKeysMessage(schema: z.ZodType, path: readonly PropertyKey[], keys: readonly string[]): string {
  let known: string[] | undefined;
  try {
    known = knownKeysAt(schema, path);
  } catch {
    // A schema shape the walk does not know (lazy, intersection): the bare message is still true.
    known = undefined;
  }
  const key = keys[0] ?? '';
  const what = `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
  if (!known) return what;
  const guess = closest(key, known);
  return guess ? `${what} — did you mean "${guess}"?` : `${what} (one of: ${known.join(', ')})`;
}
