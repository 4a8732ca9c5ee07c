import type { Coverage, FindingGist } from './finding.ts';

type Counted = Pick<FindingGist, 'assetId' | 'tactics' | 'coverage' | 'risk'>;

export interface Rollup {
  applicable: number;
  byCoverage: Record<Coverage, number>;
  /** Share of applicable techniques prevented, detected or both (0–1). */
  covered: number;
  riskTotal: number;
  riskMax: number;
}

function empty(): Rollup {
  return { applicable: 0, byCoverage: { exploited: 0, 'blind-spot': 0, claimed: 0, detected: 0, prevented: 0, both: 0 }, covered: 0, riskTotal: 0, riskMax: 0 };
}

function add(rollup: Rollup, finding: Counted): void {
  rollup.applicable += 1;
  rollup.byCoverage[finding.coverage] += 1;
  rollup.riskTotal += finding.risk.score;
  rollup.riskMax = Math.max(rollup.riskMax, finding.risk.score);
}

function finish(rollup: Rollup): Rollup {
  const { prevented, detected, both } = rollup.byCoverage;
  rollup.covered = rollup.applicable === 0 ? 0 : Math.round(((prevented + detected + both) / rollup.applicable) * 1000) / 1000;
  rollup.riskTotal = Math.round(rollup.riskTotal * 10) / 10;
  return rollup;
}

export interface Rollups {
  organisation: Rollup;
  byElement: Record<string, Rollup>;
  byTactic: Record<string, Rollup>;
  byAsset: Record<string, Rollup>;
}

/** Coverage and risk summed per organisation, element, tactic and asset. */
export function rollUp(findings: Iterable<Counted>, elementOf: (assetId: string) => string): Rollups {
  const organisation = empty();
  const byElement: Record<string, Rollup> = {};
  const byTactic: Record<string, Rollup> = {};
  const byAsset: Record<string, Rollup> = {};
  for (const finding of findings) {
    add(organisation, finding);
    add((byElement[elementOf(finding.assetId)] ??= empty()), finding);
    add((byAsset[finding.assetId] ??= empty()), finding);
    for (const tactic of finding.tactics) add((byTactic[tactic] ??= empty()), finding);
  }
  for (const r of [organisation, ...Object.values(byElement), ...Object.values(byTactic), ...Object.values(byAsset)]) finish(r);
  return { organisation, byElement, byTactic, byAsset };
}
