import { normaliseName } from '../names.ts';
import type { Dependency, ManifestProblem, ManifestRead } from '../types.ts';
import { objectKeyLines, parseJson } from './json-keys.ts';

/** `Pipfile.lock`: the `default` and `develop` sections, each package pinned as `"version": "==1.2.3"`. */
export function readPipfileLock(file: string, source: string): ManifestRead {
  const doc = parseJson(file, source) as Record<string, unknown>;
  const lines = objectKeyLines(source);
  const dependencies: Dependency[] = [];
  const problems: ManifestProblem[] = [];
  for (const section of ['default', 'develop']) {
    const packages = doc?.[section];
    if (typeof packages !== 'object' || packages === null) continue;
    for (const [name, entry] of Object.entries(packages as Record<string, unknown>)) {
      const line = lines.get(name);
      const origin = { file, ...(line ? { line } : {}) };
      const version = (entry as { version?: unknown })?.version;
      const exact = typeof version === 'string' ? /^===?(.+)$/.exec(version.trim()) : null;
      if (!exact?.[1]) {
        problems.push({ origin, problem: `"${name}" has no pinned version (a git, path or editable entry): no advisory applies by version` });
        continue;
      }
      dependencies.push({ ecosystem: 'PyPI', name: normaliseName('PyPI', name), version: exact[1], origin });
    }
  }
  return { dependencies, problems };
}
