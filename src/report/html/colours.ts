import type { Coverage, RiskLevel } from '../../assess/finding.ts';

export const LEVEL_COLOUR: Record<RiskLevel, string> = { critical: '#991b1b', high: '#dc2626', medium: '#f59e0b', low: '#65a30d' };

export const COVERAGE_COLOUR: Record<Coverage, string> = {
  exploited: '#7f1d1d',
  'blind-spot': '#dc2626',
  claimed: '#f59e0b',
  detected: '#60a5fa',
  prevented: '#22c55e',
  both: '#15803d',
};

/** Heat for a risk score 0–25: green through amber to red. */
export function heat(score: number): string {
  const t = Math.max(0, Math.min(1, score / 20));
  const hue = Math.round(120 - 120 * t);
  return `hsl(${hue} 70% ${Math.round(88 - 38 * t)}%)`;
}
