import type { Dependency, ManifestProblem, ManifestRead } from '../types.ts';
import { objectKeyLines, parseJson } from './json-keys.ts';

interface LockEntry {
  version?: unknown;
  link?: unknown;
  dependencies?: Record<string, LockEntry>;
}

/**
 * `package-lock.json` (and `npm-shrinkwrap.json`): lockfileVersion 2/3 `packages` keyed by install path
 * (`node_modules/a/node_modules/@s/b`), or version 1's nested `dependencies`. The root project and links to
 * local folders are not from the registry and are left out.
 */
export function readPackageLock(file: string, source: string): ManifestRead {
  const doc = parseJson(file, source) as { packages?: Record<string, LockEntry>; dependencies?: Record<string, LockEntry> };
  const lines = objectKeyLines(source);
  const dependencies: Dependency[] = [];
  const problems: ManifestProblem[] = [];
  const add = (key: string, name: string, entry: LockEntry): void => {
    const line = lines.get(key);
    const origin = { file, ...(line ? { line } : {}) };
    if (entry.link === true) return;
    if (typeof entry.version !== 'string' || !/^\d/.test(entry.version)) {
      problems.push({ origin, problem: `"${name}" is locked to "${String(entry.version)}", not a registry version: no advisory applies by version` });
      return;
    }
    dependencies.push({ ecosystem: 'npm', name, version: entry.version, origin });
  };
  if (doc.packages && typeof doc.packages === 'object') {
    for (const [path, entry] of Object.entries(doc.packages)) {
      const at = path.lastIndexOf('node_modules/');
      if (path === '' || at < 0) continue;
      add(path, path.slice(at + 'node_modules/'.length), entry);
    }
  } else if (doc.dependencies) {
    const walk = (deps: Record<string, LockEntry>): void => {
      for (const [name, entry] of Object.entries(deps)) {
        add(name, name, entry);
        if (entry.dependencies) walk(entry.dependencies);
      }
    };
    walk(doc.dependencies);
  }
  return { dependencies, problems };
}
