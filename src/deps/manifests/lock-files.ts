import { normaliseName } from '../names.ts';
import type { Dependency, ManifestProblem, ManifestRead } from '../types.ts';
import { lineOf } from './locate-line.ts';
import { parseToml } from './toml.ts';

/**
 * `poetry.lock` and `uv.lock`: `[[package]]` tables with name and version, every one installed. uv's own
 * project and path/editable/git sources are not from the registry and are left out.
 */
export function readTomlLock(file: string, source: string): ManifestRead {
  const doc = parseToml(file, source);
  const dependencies: Dependency[] = [];
  const problems: ManifestProblem[] = [];
  const packages = Array.isArray(doc.package) ? (doc.package as unknown[]) : [];
  let cursor = 0;
  for (const entry of packages) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, version, source: from } = entry as { name?: unknown; version?: unknown; source?: unknown };
    const line = typeof name === 'string' ? lineOf(source, `name = "${name}"`, cursor) : undefined;
    if (line) cursor = source.split('\n').slice(0, line).join('\n').length;
    const origin = { file, ...(line ? { line } : {}) };
    if (typeof name !== 'string' || typeof version !== 'string') {
      problems.push({ origin, problem: `[[package]] without a name and version${typeof name === 'string' ? ` ("${name}")` : ''}` });
      continue;
    }
    const kind = sourceKind(from);
    if (kind === 'project') continue;
    if (kind !== 'registry') {
      problems.push({ origin, problem: `"${name}" comes from a ${kind} source, not a package index: no advisory applies by version` });
      continue;
    }
    dependencies.push({ ecosystem: 'PyPI', name: normaliseName('PyPI', name), version, origin });
  }
  return { dependencies, problems };
}

/** Where a locked package came from: Poetry writes `source.type`, uv a key naming the kind. */
function sourceKind(from: unknown): 'registry' | 'project' | string {
  if (typeof from !== 'object' || from === null) return 'registry';
  const source = from as Record<string, unknown>;
  if (typeof source.type === 'string') return ['legacy', 'pypi'].includes(source.type) ? 'registry' : source.type;
  if ('editable' in source || 'virtual' in source) return 'project';
  return ['path', 'directory', 'git', 'url'].find((key) => key in source) ?? 'registry';
}
