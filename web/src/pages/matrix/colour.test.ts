import { describe, expect, it } from 'vitest';
import type { Posture } from '../../api/types.ts';
import { cellClass, riskBand } from './colour.ts';

const posture = (worst: Posture['worst'], riskTotal: number, findings = 1) => ({ findings, worst, riskTotal }) as Posture;

describe('heatmap colours', () => {
  it.each([
    [0, 100, 0],
    [1, 100, 0],
    [20, 100, 1],
    [59.9, 100, 2],
    [99, 100, 4],
    [100, 100, 4],
    [5, 0, 0],
  ])('risk %d of a maximum %d is band %d', (risk, max, band) => {
    expect(riskBand(risk, max)).toBe(band);
  });

  it.each([
    [posture('exploited', 10), 'coverage', 'c-exploited'],
    [posture('both', 10), 'coverage', 'c-both'],
    [posture('claimed', 80), 'risk', 'risk-4'],
    [posture('claimed', 0, 0), 'risk', 'cell-na'],
    [undefined, 'coverage', 'cell-na'],
  ] as const)('%o coloured by %s → %s', (p, by, expected) => {
    expect(cellClass(p, by, 80)).toBe(expected);
  });
});
