import type { SoftwareTarget } from '../../contract.ts';
import type { VulnerableDependency } from '../../../deps/scan.ts';

type Level = 'low' | 'medium' | 'high' | 'critical';
const levels: readonly Level[] = ['low', 'medium', 'high', 'critical'];
const shift = (level: Level, by: number): Level => levels[Math.max(0, Math.min(levels.length - 1, levels.indexOf(level) + by))] ?? level;

/**
 * An advisory's severity as it bears on one asset: a flaw in loading files matters where the asset loads
 * models made by others; a flaw in a service matters where the service is exposed. The same advisory ranks
 * higher on an unauthenticated public serving platform than on an internal batch job.
 */
export function rankForAsset(v: VulnerableDependency, target: SoftwareTarget): { severity: Level; why: string } {
  const base: Level = v.severity === 'unknown' ? 'medium' : v.severity;
  if (v.kind === 'deserialisation') {
    return target.loadsArtifacts
      ? { severity: shift(base, 1), why: `${target.assetId} loads models or artifacts made by others: unsafe loading is reachable` }
      : { severity: base, why: 'unsafe loading; the asset is not declared to load third-party artifacts' };
  }
  if (v.kind === 'exposed-service') {
    if (target.exposure !== 'internal' || target.unauthenticated) return { severity: shift(base, 1), why: `service flaw on a ${target.exposure}${target.unauthenticated ? ', unauthenticated' : ''} asset` };
    return { severity: shift(base, -1), why: 'service flaw on an internal, authenticated asset' };
  }
  return { severity: base, why: 'flaw in software the asset runs' };
}
