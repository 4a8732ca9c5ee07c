import { COVERAGE_ORDER, type Coverage, type Finding, type RiskLevel } from '../../assess/finding.ts';
import type { MatrixSnapshot } from '../../review/review.ts';
import type { FindingSource } from './finding-source.ts';

/** Counts of a group of findings: how many, at which levels, the highest risk and the worst coverage. */
export interface Tally {
  findings: number;
  levels: Record<RiskLevel, number>;
  maxScore: number;
  worst: Coverage;
}

/** A matrix cell: a technique (sub-techniques folded in) under one tactic. */
export interface CellTotals {
  maxScore: number;
  worst: Coverage;
  assets: Set<string>;
}

/**
 * What the human reports (Markdown, HTML) show of the findings, gathered in one pass in rank order: the first
 * `keep` in full, the rest only counted — per asset and per technique — so memory follows the inventory, not the
 * number of findings.
 */
export interface FindingTotals {
  count: number;
  levels: Record<RiskLevel, number>;
  /** The highest-ranked findings, in rank order. */
  top: Finding[];
  /** `${parentTechniqueId}|${tacticId}` → the cell's figures. */
  cells: Map<string, CellTotals>;
  /** The findings after `top`, per asset and per technique. */
  rest: { byAsset: Map<string, Tally>; byTechnique: Map<string, Tally & { name: string }> };
}

/** `observe` sees every finding of the pass too, for a section that gathers its own figures (detections). */
export async function totalFindings(source: FindingSource, matrix: MatrixSnapshot, keep: number, observe?: (f: Finding) => void): Promise<FindingTotals> {
  const parentOf = new Map(matrix.techniques.map((t) => [t.id, t.parent ?? t.id]));
  const totals: FindingTotals = { count: 0, levels: emptyLevels(), top: [], cells: new Map(), rest: { byAsset: new Map(), byTechnique: new Map() } };
  for await (const f of source.read('rank')) {
    observe?.(f);
    totals.count += 1;
    totals.levels[f.risk.level] += 1;
    const parent = parentOf.get(f.techniqueId) ?? f.techniqueId;
    for (const tactic of f.tactics) {
      const key = `${parent}|${tactic}`;
      const cell = totals.cells.get(key);
      if (!cell) totals.cells.set(key, { maxScore: f.risk.score, worst: f.coverage, assets: new Set([f.assetId]) });
      else {
        cell.maxScore = Math.max(cell.maxScore, f.risk.score);
        cell.worst = worse(cell.worst, f.coverage);
        cell.assets.add(f.assetId);
      }
    }
    if (totals.top.length < keep) {
      totals.top.push(f);
      continue;
    }
    count(totals.rest.byAsset, f.assetId, f, {});
    count(totals.rest.byTechnique, f.techniqueId, f, { name: f.techniqueName });
  }
  return totals;
}

function count<E extends object>(groups: Map<string, Tally & E>, key: string, f: Finding, extra: E): void {
  const tally = groups.get(key);
  if (!tally) {
    groups.set(key, { findings: 1, levels: { ...emptyLevels(), [f.risk.level]: 1 }, maxScore: f.risk.score, worst: f.coverage, ...extra });
    return;
  }
  tally.findings += 1;
  tally.levels[f.risk.level] += 1;
  tally.maxScore = Math.max(tally.maxScore, f.risk.score);
  tally.worst = worse(tally.worst, f.coverage);
}

function worse(a: Coverage, b: Coverage): Coverage {
  return COVERAGE_ORDER.indexOf(b) < COVERAGE_ORDER.indexOf(a) ? b : a;
}

function emptyLevels(): Record<RiskLevel, number> {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}
