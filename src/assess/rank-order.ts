import type { AttackPath } from './attack-paths.ts';
import type { FindingGist } from './finding.ts';

// The orders of the review's lists. Exploited findings lead whatever their score: an attack worked. Then risk; plain
// code-unit comparison, as ids are ASCII and localeCompare is costly at hundreds of thousands of findings.

export function byRank(a: FindingGist, b: FindingGist): number {
  return exploitedFirst(a, b) || b.risk.score - a.risk.score || compare(a.assetId, b.assetId) || compare(a.techniqueId, b.techniqueId);
}

export function byPathRank(a: AttackPath, b: AttackPath): number {
  return b.score - a.score || compare(a.assetId, b.assetId) || compare(a.impactTechniqueId, b.impactTechniqueId);
}

function exploitedFirst(a: FindingGist, b: FindingGist): number {
  return (b.coverage === 'exploited' ? 1 : 0) - (a.coverage === 'exploited' ? 1 : 0);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
