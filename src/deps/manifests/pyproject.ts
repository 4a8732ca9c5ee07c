import { normaliseName } from '../names.ts';
import { dependencyOf, parseRequirement } from '../pep508.ts';
import type { Dependency, ManifestProblem, ManifestRead } from '../types.ts';
import { lineOf } from './locate-line.ts';
import { parseToml } from './toml.ts';

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `pyproject.toml`: PEP 621 `[project]` dependencies and optional dependencies, PEP 735 dependency groups,
 * and Poetry's `[tool.poetry]` dependencies, groups and dev-dependencies.
 */
export function readPyproject(file: string, source: string): ManifestRead {
  const doc = parseToml(file, source);
  const dependencies: Dependency[] = [];
  const problems: ManifestProblem[] = [];

  const pep508 = (items: unknown, where: string): void => {
    if (items === undefined) return;
    if (!Array.isArray(items)) {
      problems.push({ origin: { file }, problem: `${where} is not a list of requirement strings` });
      return;
    }
    for (const item of items) {
      if (typeof item !== 'string') continue; // PEP 735 `{include-group = …}` entries name no package
      const line = lineOf(source, item.split(/[\s[<>=!~;@(]/, 1)[0] ?? item);
      const origin = { file, ...(line ? { line } : {}) };
      const parsed = parseRequirement(item);
      if ('problem' in parsed) problems.push({ origin, problem: parsed.problem });
      else dependencies.push(dependencyOf(parsed, origin));
    }
  };

  const project = isTable(doc.project) ? doc.project : undefined;
  pep508(project?.dependencies, '[project].dependencies');
  if (isTable(project?.['optional-dependencies'])) for (const [extra, items] of Object.entries(project['optional-dependencies'])) pep508(items, `[project.optional-dependencies].${extra}`);
  if (isTable(doc['dependency-groups'])) for (const [group, items] of Object.entries(doc['dependency-groups'])) pep508(items, `[dependency-groups].${group}`);

  const poetry = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : undefined;
  if (poetry) {
    const tables: unknown[] = [poetry.dependencies, poetry['dev-dependencies']];
    if (isTable(poetry.group)) for (const group of Object.values(poetry.group)) if (isTable(group)) tables.push(group.dependencies);
    for (const table of tables) if (isTable(table)) dependencies.push(...poetryTable(file, source, table, problems));
  }
  return { dependencies, problems };
}

function poetryTable(file: string, source: string, table: Table, problems: ManifestProblem[]): Dependency[] {
  const out: Dependency[] = [];
  for (const [rawName, value] of Object.entries(table)) {
    if (rawName.toLowerCase() === 'python') continue;
    const line = lineOf(source, rawName);
    const origin = { file, ...(line ? { line } : {}) };
    const constraints = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : isTable(v) ? v.version : undefined));
    const name = normaliseName('PyPI', rawName);
    if (constraints.some((c) => c !== undefined && typeof c !== 'string')) {
      problems.push({ origin, problem: `poetry dependency "${rawName}" has a version that is not a string` });
      continue;
    }
    const written = constraints.filter((c): c is string => typeof c === 'string').map((c) => c.trim());
    if (written.length === 0) {
      problems.push({ origin, problem: `poetry dependency "${rawName}" installs from a path, URL or git: no version to match` });
      continue;
    }
    // Poetry reads a bare version ("1.2.3") as exact, like "==1.2.3"; ^, ~, * and comparisons are ranges.
    const exact = written.length === 1 ? /^(?:==)?\s*(\d[A-Za-z0-9.+!-]*)$/.exec(written[0] ?? '') : null;
    out.push({ ecosystem: 'PyPI', name, ...(exact?.[1] ? { version: exact[1] } : {}), spec: written.join(' || '), origin });
  }
  return out;
}
