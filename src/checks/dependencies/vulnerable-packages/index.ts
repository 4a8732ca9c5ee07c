import { z } from 'zod';
import type { TechniqueId } from '../../../atlas/ids.ts';
import { RampartError } from '../../../errors.ts';
import { defineCheck, type CheckResult, type Severity, type SoftwareTarget } from '../../contract.ts';
import { rankForAsset } from './rank.ts';

const params = z.object({
  advisories: z.string().optional().describe('OSV advisories (folder or zip); default RAMPART_ADVISORIES, else the cache of `rampart advisories update`'),
  maxAgeDays: z.number().int().positive().default(30).describe('older advisory data cannot pass the check (a clean verdict on stale data is inconclusive)'),
});

const vulnerable = z.object({
  package: z.string(),
  version: z.string(),
  ecosystem: z.string(),
  advisory: z.string(),
  aliases: z.array(z.string()),
  summary: z.string(),
  fixed: z.string().optional(),
  severity: z.string(),
  /** The advisory's severity as it bears on this asset (what it does, how it is exposed). */
  assetSeverity: z.enum(['low', 'medium', 'high', 'critical']),
  why: z.string(),
  techniques: z.array(z.string()),
  origins: z.array(z.object({ file: z.string(), line: z.number().optional() })),
});

const evidence = z.object({
  advisories: z.object({ source: z.string(), asOf: z.string().optional(), ageDays: z.number().optional(), count: z.number() }),
  checked: z.number(),
  unpinned: z.array(z.string()),
  problems: z.array(z.string()),
  vulnerable: z.array(vulnerable),
});
type Details = z.output<typeof evidence>;

/** Known-vulnerable AI frameworks and packages in what an asset runs, ranked by what the asset does with them. */
export const vulnerablePackages = defineCheck<SoftwareTarget, typeof params, typeof evidence>({
  id: 'dependencies/vulnerable-packages',
  title: 'Known-vulnerable AI frameworks and packages',
  summary: "Matches the asset's frameworks and dependency manifests (pip, pyproject, Poetry/uv/Pipfile locks, conda, package-lock, CycloneDX) against OSV advisories by PEP 440 or semver, and ranks each by what the asset does: unsafe loading on assets that load others' models, service flaws on exposed platforms.",
  techniques: ['AML.T0010.001', 'AML.T0011.000', 'AML.T0049'],
  targetKind: 'software',
  impact: { sendsTraffic: false, intrusive: false, cost: 'free' },
  params,
  evidence,
  examples: [
    { title: 'Advisories from the cache (`rampart advisories update`)', params: {} },
    { title: 'An air-gapped copy of the OSV export', params: { advisories: 'osv/PyPI.zip', maxAgeDays: 90 } },
  ],
  async run(context, p): Promise<CheckResult<Details>> {
    const [{ openAdvisories }, { collectDependencies, scanCollected, wantedKeys }] = await Promise.all([import('../../../deps/advisory-source.ts'), import('../../../deps/scan.ts')]);
    const empty: Details = { advisories: { source: 'none', count: 0 }, checked: 0, unpinned: [], problems: [], vulnerable: [] };
    const { target } = context;
    const collected = await collectDependencies(target.manifests, { label: `frameworks of ${target.assetId}`, dependencies: target.frameworks });
    let data;
    try {
      data = await openAdvisories(p.advisories, process.env, wantedKeys(collected.dependencies));
    } catch (error) {
      if (error instanceof RampartError) return { outcome: 'inconclusive', severity: 'info', summary: `no advisory data: ${error.message} — ${error.hint ?? ''}`.trim(), details: empty };
      throw error;
    }
    const scan = scanCollected(collected, data, context.clock());
    const ranked = scan.vulnerable.map((v) => ({ v, ...rankForAsset(v, target) }));
    const details: Details = {
      advisories: { source: scan.advisories.source, ...(scan.advisories.asOf ? { asOf: scan.advisories.asOf } : {}), ...(scan.advisories.ageDays !== undefined ? { ageDays: scan.advisories.ageDays } : {}), count: scan.advisories.count },
      checked: scan.checked,
      unpinned: scan.unpinned.map((d) => `${d.name}${d.spec ? ` ${d.spec}` : ''}`),
      problems: scan.problems.map((q) => `${q.origin.file}${q.origin.line ? `:${q.origin.line}` : ''}: ${q.problem}`),
      vulnerable: ranked.map(({ v, severity, why }) => ({
        package: v.package,
        version: v.version,
        ecosystem: v.ecosystem,
        advisory: v.advisory,
        aliases: v.aliases,
        summary: v.summary,
        ...(v.fixed ? { fixed: v.fixed } : {}),
        severity: v.severity,
        assetSeverity: severity,
        why,
        techniques: v.techniques,
        origins: v.origins,
      })),
    };
    const age = scan.advisories.ageDays;
    const stale = age === undefined || age > p.maxAgeDays;
    if (ranked.length > 0) {
      const worst = (['critical', 'high', 'medium', 'low'] as const).find((level) => ranked.some((r) => r.severity === level)) ?? 'low';
      const techniques = [...new Set(ranked.flatMap((r) => r.v.techniques))] as TechniqueId[];
      const packages = [...new Set(ranked.map((r) => `${r.v.package} ${r.v.version}`))];
      return {
        outcome: 'fail',
        severity: worst as Severity,
        summary: `${ranked.length} advisories cover ${packages.length} installed package version(s): ${packages.slice(0, 5).join(', ')}${packages.length > 5 ? ', …' : ''}${stale ? ` (advisory data ${age ?? '?'} days old: there may be more)` : ''}`,
        techniques,
        measurements: { vulnerable: ranked.length, checked: scan.checked },
        pointers: ranked.slice(0, 50).map(({ v }) => ({ file: v.origins[0]?.file ?? '', ...(v.origins[0]?.line ? { line: v.origins[0].line } : {}), note: `${v.advisory} ${v.package} ${v.version}${v.fixed ? ` → ${v.fixed}` : ''}` })),
        details,
      };
    }
    if (scan.checked === 0) return { outcome: 'inconclusive', severity: 'info', summary: `no pinned package versions to check (${scan.unpinned.length} unpinned)`, details };
    if (stale) return { outcome: 'inconclusive', severity: 'low', summary: `no known advisory covers the ${scan.checked} pinned package(s), but the advisory data is ${age ?? 'of unknown age'} days old: update it before trusting this`, details };
    return { outcome: 'pass', severity: 'info', summary: `no known advisory covers the ${scan.checked} pinned package(s) (advisories as of ${scan.advisories.asOf?.slice(0, 10)})`, techniques: ['AML.T0010.001' as TechniqueId], measurements: { checked: scan.checked }, details };
  },
});
