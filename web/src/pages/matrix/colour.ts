import type { Posture } from '../../api/types.ts';

export type ColourBy = 'coverage' | 'risk';

/** Five risk bands, relative to the riskiest cell in view: a heatmap compares cells with each other. */
export const RISK_BANDS = 5;

export function riskBand(riskTotal: number, maxRisk: number): number {
  if (maxRisk <= 0 || riskTotal <= 0) return 0;
  return Math.min(RISK_BANDS - 1, Math.floor((riskTotal / maxRisk) * RISK_BANDS));
}

/** The CSS class of a technique cell: its worst coverage, or its risk band; `na` when nothing in view has the technique. */
export function cellClass(posture: Posture | undefined, by: ColourBy, maxRisk: number): string {
  if (!posture || posture.findings === 0) return 'cell-na';
  return by === 'coverage' ? `c-${posture.worst ?? 'both'}` : `risk-${riskBand(posture.riskTotal, maxRisk)}`;
}
