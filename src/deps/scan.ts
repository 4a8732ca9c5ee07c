import { resolve } from 'node:path';
import { findManifests, readManifest, type ManifestFormat } from './manifests/read-manifest.ts';
import type { AdvisoryData } from './osv/load.ts';
import { packageKey } from './osv/load.ts';
import { matchAdvisory } from './osv/match.ts';
import type { OsvAdvisory } from './osv/schema.ts';
import { severityOf, type AdvisorySeverity, type SeverityJudgement } from './osv/severity.ts';
import { techniquesOf, type DependencyTechnique, type TechniqueJudgement } from './techniques.ts';
import type { Dependency, ManifestProblem, Origin } from './types.ts';
import { versionOrder } from './versions.ts';

/** One advisory that covers one installed package version. */
export interface VulnerableDependency {
  ecosystem: Dependency['ecosystem'];
  package: string;
  version: string;
  /** Every place the same package and version was declared. */
  origins: Origin[];
  via?: string;
  advisory: string;
  aliases: string[];
  summary: string;
  /** The lowest version that fixes it, when the advisory names one. */
  fixed?: string;
  lastAffected?: string;
  severity: AdvisorySeverity;
  /** A CVSS vector's, the database's word, or estimated from the advisory's text (labelled as such). */
  severityBasis: SeverityJudgement['basis'];
  score?: number;
  techniques: DependencyTechnique[];
  kind: TechniqueJudgement['kind'];
  reasons: string[];
  references: string[];
}

export interface DependencyScan {
  advisories: { source: string; asOf?: string; count: number; ageDays?: number; stale: boolean; rejected: number };
  manifests: { file: string; format: ManifestFormat | 'inventory'; dependencies: number }[];
  checked: number;
  vulnerable: VulnerableDependency[];
  /** Declared without one exact version: not matched (a range says nothing of what is installed). */
  unpinned: Dependency[];
  problems: ManifestProblem[];
}

const STALE_DAYS = 30;

const judgements = new WeakMap<OsvAdvisory, { severity: SeverityJudgement; judged: TechniqueJudgement }>();

/** Severity and techniques depend on the advisory alone: judged once however many packages it covers. */
function judgementOf(advisory: OsvAdvisory): { severity: SeverityJudgement; judged: TechniqueJudgement } {
  let judgement = judgements.get(advisory);
  if (!judgement) {
    const severity = severityOf(advisory);
    judgement = { severity, judged: techniquesOf(advisory, severity) };
    judgements.set(advisory, judgement);
  }
  return judgement;
}
const severityRank: Readonly<Record<AdvisorySeverity, number>> = { critical: 4, high: 3, unknown: 2.5, medium: 2, low: 1 };

/** Matches declared dependencies against OSV advisories by the ecosystem's version rules. Pure but for reading manifests. */
export function matchDependencies(dependencies: readonly Dependency[], data: AdvisoryData, now: Date): Omit<DependencyScan, 'manifests'> {
  const byKey = new Map<string, VulnerableDependency>();
  const unpinned: Dependency[] = [];
  const problems: ManifestProblem[] = [];
  let checked = 0;
  for (const dependency of dependencies) {
    if (!dependency.version) {
      unpinned.push(dependency);
      continue;
    }
    const order = versionOrder(dependency.ecosystem);
    if (!order.valid(dependency.version)) {
      problems.push({ origin: dependency.origin, problem: `"${dependency.name}" version "${dependency.version}" is not a valid ${dependency.ecosystem} version` });
      continue;
    }
    checked += 1;
    const key = packageKey(dependency.ecosystem, dependency.name);
    for (const advisory of data.byPackage.get(key) ?? []) {
      const match = matchAdvisory(advisory, packageKey, key, dependency.version, order);
      if (!match.affected) continue;
      const id = `${advisory.id}\u0000${key}\u0000${dependency.version}`;
      const known = byKey.get(id);
      if (known) {
        if (!known.origins.some((o) => o.file === dependency.origin.file && o.line === dependency.origin.line)) known.origins.push(dependency.origin);
        continue;
      }
      const { severity, judged } = judgementOf(advisory);
      byKey.set(id, {
        ecosystem: dependency.ecosystem,
        package: dependency.name,
        version: dependency.version,
        origins: [dependency.origin],
        ...(dependency.via ? { via: dependency.via } : {}),
        advisory: advisory.id,
        aliases: advisory.aliases,
        summary: (advisory.summary ?? advisory.details ?? '').split('\n')[0]?.slice(0, 200) ?? '',
        ...(match.fixed ? { fixed: match.fixed } : {}),
        ...(match.lastAffected ? { lastAffected: match.lastAffected } : {}),
        severity: severity.level,
        severityBasis: severity.basis,
        ...(severity.score !== undefined ? { score: severity.score } : {}),
        techniques: judged.techniques,
        kind: judged.kind,
        reasons: judged.reasons,
        references: advisory.references.filter((r) => r.type === 'ADVISORY' || r.type === 'FIX').map((r) => r.url),
      });
    }
  }
  const vulnerable = [...byKey.values()].sort(
    (a, b) => severityRank[b.severity] - severityRank[a.severity] || (b.score ?? 0) - (a.score ?? 0) || a.package.localeCompare(b.package) || a.advisory.localeCompare(b.advisory),
  );
  const ageDays = data.asOf ? Math.floor((now.getTime() - Date.parse(data.asOf)) / 86_400_000) : undefined;
  return {
    advisories: { source: data.source, ...(data.asOf ? { asOf: data.asOf } : {}), count: data.count, ...(ageDays !== undefined ? { ageDays } : {}), stale: ageDays === undefined || ageDays > STALE_DAYS, rejected: data.rejected.length },
    checked,
    vulnerable,
    unpinned,
    problems,
  };
}

export interface Collected {
  manifests: DependencyScan['manifests'];
  dependencies: Dependency[];
  problems: ManifestProblem[];
}

/** Finds the manifests under `paths` and reads them (an included requirements file once). */
export async function collectDependencies(paths: readonly string[], extra?: { label: string; dependencies: Dependency[] }): Promise<Collected> {
  const collected: Collected = { manifests: [], dependencies: [], problems: [] };
  const seen = new Set<string>();
  for (const { file, format } of await findManifests(paths)) {
    if (format === 'requirements' && seen.has(resolve(file))) continue; // already read, included by another file
    const read = await readManifest(file, format, seen);
    collected.manifests.push({ file, format, dependencies: read.dependencies.length });
    collected.dependencies.push(...read.dependencies);
    collected.problems.push(...read.problems);
  }
  if (extra) {
    collected.manifests.push({ file: extra.label, format: 'inventory', dependencies: extra.dependencies.length });
    collected.dependencies.push(...extra.dependencies);
  }
  return collected;
}

/** The package keys advisory data must hold for these dependencies. */
export const wantedKeys = (dependencies: readonly Dependency[]): Set<string> => new Set(dependencies.map((d) => packageKey(d.ecosystem, d.name)));

/** Matches what was collected; the report carries the manifests and every problem. */
export function scanCollected(collected: Collected, data: AdvisoryData, now: Date): DependencyScan {
  const matched = matchDependencies(collected.dependencies, data, now);
  return { ...matched, manifests: collected.manifests, problems: [...collected.problems, ...matched.problems] };
}
