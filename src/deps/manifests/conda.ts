import { dirname, resolve } from 'node:path';
import { parseSourceText } from '../../util/yaml-source.ts';
import { condaNonPython, pypiNameOfConda } from '../names.ts';
import { dependencyOf, parseRequirement } from '../pep508.ts';
import type { Dependency, ManifestProblem, ManifestRead } from '../types.ts';
import { readRequirements } from './requirements.ts';

/**
 * A conda `environment.yml`: conda specs (`[channel::]name[=|==| ]version[=build]`) matched against PyPI
 * advisories under their PyPI names (conda has no OSV ecosystem; the finding says so), and the `pip:` list
 * (requirement strings and `-r` files, relative to the environment file).
 */
export async function readCondaEnvironment(file: string, source: string): Promise<ManifestRead> {
  const parsed = parseSourceText(source, file, 'conda environment file');
  const dependencies: Dependency[] = [];
  const problems: ManifestProblem[] = [];
  const list = (parsed.data as { dependencies?: unknown } | null)?.dependencies;
  if (!Array.isArray(list)) return { dependencies, problems: [{ origin: { file }, problem: 'no `dependencies:` list' }] };
  for (const [index, item] of list.entries()) {
    const origin = { file, ...(parsed.locate(['dependencies', index])?.line ? { line: parsed.locate(['dependencies', index])?.line } : {}) };
    if (typeof item === 'string') {
      const dependency = condaSpec(item, origin);
      if (dependency && 'problem' in dependency) problems.push(dependency);
      else if (dependency) dependencies.push(dependency);
      continue;
    }
    const pip = (item as { pip?: unknown } | null)?.pip;
    if (!Array.isArray(pip)) {
      problems.push({ origin, problem: 'a dependency that is neither a conda spec nor a `pip:` list' });
      continue;
    }
    for (const [j, line] of pip.entries()) {
      const at = parsed.locate(['dependencies', index, 'pip', j])?.line;
      const pipOrigin = { file, ...(at ? { line: at } : {}) };
      const text = String(line).trim();
      const include = /^(?:-r|--requirement)(?:=|\s+)(\S+)$/.exec(text);
      if (include?.[1]) {
        const nested = await readRequirements(resolve(dirname(file), include[1])).catch((error: NodeJS.ErrnoException) => ({ dependencies: [], problems: [{ origin: pipOrigin, problem: `cannot read ${include[1]}: ${error.code ?? String(error)}` }] }));
        dependencies.push(...nested.dependencies);
        problems.push(...nested.problems);
        continue;
      }
      const requirement = parseRequirement(text);
      if ('problem' in requirement) problems.push({ origin: pipOrigin, problem: requirement.problem });
      else dependencies.push(dependencyOf(requirement, pipOrigin));
    }
  }
  return { dependencies, problems };
}

/** A conda spec as a dependency; undefined for conda packages that are not Python distributions. */
function condaSpec(text: string, origin: Dependency['origin']): Dependency | ManifestProblem | undefined {
  const spec = text.trim().replace(/^[^\s:]+::/, '');
  const match = /^([A-Za-z0-9_.-]+)\s*(.*)$/.exec(spec);
  if (!match?.[1]) return { origin, problem: `not a conda package spec: "${text}"` };
  const [, name, rest = ''] = match;
  if (condaNonPython.has(name.toLowerCase())) return undefined;
  // `==1.2.3`, `=1.2.3`, `1.2.3`, or any version followed by a build string, pin a version. Conda's `=1.2` is a
  // prefix match (1.2.x), and wildcards and comparisons are ranges: kept as specifiers.
  const exact = /^(==|=)?\s*(\d[A-Za-z0-9.+!_-]*)(?:[=\s](\S+))?$/.exec(rest.trim());
  const pinned = exact?.[2] && (exact[1] === '==' || exact[3] !== undefined || exact[2].split('.').length >= 3) ? exact[2] : undefined;
  const pypi = pypiNameOfConda(name);
  return { ecosystem: 'PyPI', name: pypi, ...(pinned ? { version: pinned } : {}), spec: rest.trim(), origin, via: `conda package ${name}` };
}
