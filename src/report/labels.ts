import type { Coverage, RiskLevel } from '../assess/finding.ts';

export const COVERAGE_LABEL: Record<Coverage, string> = {
  exploited: 'exploited',
  'blind-spot': 'blind spot',
  claimed: 'claimed, unverified',
  detected: 'detected',
  prevented: 'prevented',
  both: 'prevented & detected',
};

export const LEVELS: readonly RiskLevel[] = ['critical', 'high', 'medium', 'low'];

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

export function countLevels(scores: Iterable<{ risk: { level: RiskLevel } }>): Record<RiskLevel, number> {
  const counts: Record<RiskLevel, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const s of scores) counts[s.risk.level] += 1;
  return counts;
}
