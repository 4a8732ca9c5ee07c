import { usageError } from '../errors.ts';
import type { CheckDeclaration } from './contract.ts';

/** Ids name one check, families all of theirs; an unknown name is a usage error listing the known ones. */
export function selectChecks(all: readonly CheckDeclaration[], only: readonly string[] | undefined): CheckDeclaration[] {
  if (!only || only.length === 0) return [...all];
  const unknown = only.filter((name) => !all.some((c) => c.id === name || c.id.startsWith(`${name}/`)));
  if (unknown.length > 0) throw usageError(`unknown check ${unknown.map((u) => `"${u}"`).join(', ')}`, `known checks: ${all.map((c) => c.id).join(', ') || 'none'}`);
  return all.filter((c) => only.some((name) => c.id === name || c.id.startsWith(`${name}/`)));
}
