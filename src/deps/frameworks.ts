import type { Asset } from '../inventory/asset.ts';
import { normaliseName, pypiNameOfConda } from './names.ts';
import type { Dependency, Ecosystem } from './types.ts';

/**
 * Platforms an inventory names under `frameworks:` that are not the PyPI package of the same name (a
 * Kubernetes cluster is not the `kubernetes` Python client); they are not matched against PyPI advisories.
 */
const notPackages = new Set(['kubernetes', 'k8s', 'istio', 'python', 'tritonserver', 'triton', 'triton-inference-server', 'postgresql', 'postgres', 'pgvector', 'redis', 'docker', 'cuda', 'cudnn', 'nvidia-driver', 'linux', 'ubuntu', 'debian', 'node', 'nodejs', 'java', 'spark', 'kafka', 'elasticsearch', 'opensearch']);

/**
 * An asset's `frameworks:` as dependencies: PyPI by default, `npm:name@version` for npm, `pypi:` to force
 * PyPI for a name on the platform list. Frameworks without a version are kept as unpinned.
 */
export function frameworkDependencies(asset: Pick<Asset, 'id' | 'frameworks' | 'source'>): Dependency[] {
  const out: Dependency[] = [];
  for (const framework of asset.frameworks) {
    const [prefix, bare] = framework.name.includes(':') ? framework.name.split(':', 2) : [undefined, framework.name];
    const ecosystem: Ecosystem = prefix?.toLowerCase() === 'npm' ? 'npm' : 'PyPI';
    const name = bare ?? framework.name;
    if (!prefix && notPackages.has(name.toLowerCase())) continue;
    out.push({
      ecosystem,
      name: ecosystem === 'PyPI' ? pypiNameOfConda(name) : normaliseName('npm', name),
      ...(framework.version ? { version: framework.version } : {}),
      origin: { file: asset.source.file },
      via: `framework of asset ${asset.id}`,
    });
  }
  return out;
}
