import { normaliseName } from '../names.ts';
import type { Dependency, Ecosystem, ManifestProblem, ManifestRead } from '../types.ts';
import { parseJson } from './json-keys.ts';

interface Component {
  name?: unknown;
  version?: unknown;
  purl?: unknown;
  components?: unknown;
}

const ecosystems: Readonly<Record<string, Ecosystem>> = { pypi: 'PyPI', npm: 'npm' };

/** A package URL (`pkg:type/namespace/name@version?…#…`) of an ecosystem Rampart matches, or undefined. */
export function parsePurl(purl: string): { ecosystem: Ecosystem; name: string; version?: string } | undefined {
  const match = /^pkg:([a-zA-Z.+-]+)\/([^@?#]+)(?:@([^?#]+))?/.exec(purl);
  const ecosystem = match?.[1] ? ecosystems[match[1].toLowerCase()] : undefined;
  if (!match?.[2] || !ecosystem) return undefined;
  const path = match[2].split('/').map(decodeURIComponent).join('/');
  const version = match[3] ? decodeURIComponent(match[3]) : undefined;
  return { ecosystem, name: normaliseName(ecosystem, path), ...(version ? { version } : {}) };
}

/** A CycloneDX SBOM (JSON): every component, nested ones too, with a `pkg:pypi` or `pkg:npm` package URL. */
export function readCycloneDx(file: string, source: string): ManifestRead {
  const doc = parseJson(file, source) as { metadata?: { component?: Component }; components?: unknown };
  const purlLines = new Map<string, number>();
  let line = 1;
  for (const match of source.matchAll(/"purl"\s*:\s*"((?:[^"\\]|\\.)*)"|\n/g)) {
    if (match[0] === '\n') line += 1;
    else if (match[1] && !purlLines.has(match[1])) purlLines.set(match[1], line);
  }
  const dependencies: Dependency[] = [];
  const problems: ManifestProblem[] = [];
  const visit = (components: unknown): void => {
    if (!Array.isArray(components)) return;
    for (const component of components as Component[]) {
      if (typeof component?.purl === 'string') {
        const at = purlLines.get(component.purl);
        const origin = { file, ...(at ? { line: at } : {}) };
        const parsed = parsePurl(component.purl);
        if (parsed?.version) dependencies.push({ ecosystem: parsed.ecosystem, name: parsed.name, version: parsed.version, origin });
        else if (parsed) problems.push({ origin, problem: `component ${component.purl} has no version: no advisory applies by version` });
      }
      visit(component?.components);
    }
  };
  visit(doc?.components);
  return { dependencies, problems };
}
