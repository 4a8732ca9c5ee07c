import type { AdvisoryData } from '../../../deps/osv/load.ts';
import { RampartError } from '../../../errors.ts';

/** The OSV advisories that cover the version a service names, or a note saying why none were looked up. */
export async function advisoriesFor(pkg: string, version: string, data: () => Promise<AdvisoryData>, now: Date): Promise<{ advisories: { id: string; aliases: string[]; fixed?: string; severity: string; summary: string }[]; advisoryNote?: string }> {
  const { matchDependencies } = await import('../../../deps/scan.ts');
  let loaded;
  try {
    loaded = await data();
  } catch (error) {
    if (error instanceof RampartError) return { advisories: [], advisoryNote: `version ${version} not matched against advisories: ${error.message} (run \`rampart advisories update\`)` };
    throw error;
  }
  const scan = matchDependencies([{ ecosystem: 'PyPI', name: pkg, version, origin: { file: 'service version' } }], loaded, now);
  const stale = scan.advisories.stale ? `advisory data ${scan.advisories.ageDays ?? '?'} days old` : undefined;
  return {
    advisories: scan.vulnerable.map((v) => ({ id: v.advisory, aliases: v.aliases, ...(v.fixed ? { fixed: v.fixed } : {}), severity: v.severity, summary: v.summary })),
    ...(stale ? { advisoryNote: stale } : {}),
  };
}

/** Loads the advisory data once per check run, on first need: most endpoints name no version. */
export function advisoryLoader(named: string | undefined, packages: readonly string[]): () => Promise<AdvisoryData> {
  let loading: Promise<AdvisoryData> | undefined;
  return () =>
    (loading ??= Promise.all([import('../../../deps/advisory-source.ts'), import('../../../deps/osv/load.ts')]).then(([{ openAdvisories }, { packageKey }]) =>
      openAdvisories(named, process.env, new Set(packages.map((p) => packageKey('PyPI', p)))),
    ));
}
