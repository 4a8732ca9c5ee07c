import { COVERAGE_ORDER, type Coverage, type RiskLevel } from '../assess/finding.ts';
import type { Rollup } from '../assess/rollup.ts';
import { Element } from '../inventory/vocabulary.ts';
import { LEVELS } from '../report/labels.ts';
import { causeJudge, type Attribution, type CauseJudge } from './diff-cause.ts';
import type { MatrixSnapshot } from './review.ts';

/** A finding as far as a diff cares: which asset and technique, how covered, how risky. */
export interface FindingOutline {
  id: string;
  assetId: string;
  techniqueId: string;
  coverage: Coverage;
  risk: { score: number; level: RiskLevel };
}

/** What a diff reads of a review. A whole `Review` is one; so is the store's light outline of a stored review. */
export interface ReviewOutline {
  atlasVersion: string;
  reviewDate: string;
  matrix: MatrixSnapshot;
  rollups: { organisation: Rollup; byTactic: Record<string, Rollup>; byElement: Record<string, Rollup> };
  findings: readonly FindingOutline[];
}

export interface FindingChange {
  id: string;
  assetId: string;
  techniqueId: string;
  before: { coverage: Coverage; score: number; level: RiskLevel };
  after: { coverage: Coverage; score: number; level: RiskLevel };
  /** What moved: coverage worse/better, risk level up/down. */
  reasons: string[];
}

/** A found change with its cause: the organisation, or the ATLAS release (see diff-cause.ts). */
export type Attributed<T> = T & Attribution;

export interface RollupChange {
  key: string;
  coveredBefore: number | undefined;
  coveredAfter: number | undefined;
  riskBefore: number;
  riskAfter: number;
}

export interface ReviewDiff {
  atlas: { before: string; after: string };
  /** Whether the reviews used different ATLAS releases, so some changes may be the ruler's, not the organisation's. */
  atlasChanged: boolean;
  /** Findings in the newer review only. */
  new: Attributed<FindingOutline>[];
  /** Findings gone (no longer applicable) or whose gap is closed (now prevented, detected or both). */
  resolved: Attributed<FindingOutline & { how: 'gone' | 'now covered' }>[];
  /** Coverage got worse, or risk rose a level. */
  regressed: Attributed<FindingChange>[];
  /** Coverage got better or risk fell a level, without being resolved. */
  improved: Attributed<FindingChange>[];
  unchanged: number;
  tactics: RollupChange[];
  elements: RollupChange[];
  risk: { totalBefore: number; totalAfter: number; maxBefore: number; maxAfter: number; levelsBefore: Record<RiskLevel, number>; levelsAfter: Record<RiskLevel, number> };
  /** Techniques in the newer review's ATLAS matrix that the older one's did not have: "new — assess". */
  newTechniques: { id: string; name: string; tactics: string[] }[];
}

const GAPS: readonly Coverage[] = ['exploited', 'blind-spot', 'claimed'];

/** What `diffReviews` reads of each review: an outline, whose findings may come from a list made on demand. */
export type DiffSide = Omit<ReviewOutline, 'findings'> & { findings: Iterable<FindingOutline> };

/** Compare two reviews. Pure; `older` and `newer` may be whole reviews, stored outlines or staged reviews' gists. */
export function diffReviews(older: DiffSide, newer: DiffSide): ReviewDiff {
  const before = byId(older.findings);
  const after = byId(newer.findings);
  const judge = causeJudge(older, newer, { coverage: coverageRank, level: levelRank });
  const diff: ReviewDiff = {
    atlas: { before: older.atlasVersion, after: newer.atlasVersion },
    atlasChanged: judge.atlasChanged,
    new: [],
    resolved: [],
    regressed: [],
    improved: [],
    unchanged: 0,
    tactics: rollupChanges(older.rollups.byTactic, newer.rollups.byTactic, newer.matrix.tactics.map((t) => t.id)),
    elements: rollupChanges(older.rollups.byElement, newer.rollups.byElement, Element.options),
    risk: {
      totalBefore: older.rollups.organisation.riskTotal,
      totalAfter: newer.rollups.organisation.riskTotal,
      maxBefore: older.rollups.organisation.riskMax,
      maxAfter: newer.rollups.organisation.riskMax,
      levelsBefore: levelCounts(older.findings),
      levelsAfter: levelCounts(newer.findings),
    },
    newTechniques: newTechniques(older.matrix, newer.matrix),
  };
  for (const [id, was] of before) {
    const now = after.get(id);
    if (!now) diff.resolved.push({ ...outlineOf(was), how: 'gone', ...judge.goneFinding(was.techniqueId) });
  }
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) {
      diff.new.push({ ...outlineOf(now), ...judge.newFinding(now.techniqueId) });
      continue;
    }
    const coverageMove = coverageRank(now.coverage) - coverageRank(was.coverage);
    const levelMove = levelRank(now.risk.level) - levelRank(was.risk.level);
    const reasons = [
      coverageMove < 0 ? `coverage worse: ${was.coverage} → ${now.coverage}` : coverageMove > 0 ? `coverage better: ${was.coverage} → ${now.coverage}` : '',
      levelMove > 0 ? `risk up: ${was.risk.level} → ${now.risk.level}` : levelMove < 0 ? `risk down: ${was.risk.level} → ${now.risk.level}` : '',
    ].filter(Boolean);
    const change = { id, assetId: now.assetId, techniqueId: now.techniqueId, before: flat(was), after: flat(now), reasons };
    if (coverageMove < 0 || levelMove > 0) diff.regressed.push({ ...change, ...judge.changedFinding(change) });
    // Coverage comes from the organisation's claims and evidence, never from the ATLAS release.
    else if (GAPS.includes(was.coverage) && !GAPS.includes(now.coverage)) diff.resolved.push({ ...outlineOf(now), how: 'now covered', cause: 'organisation', because: `now ${now.coverage}` });
    else if (coverageMove > 0 || levelMove < 0) diff.improved.push({ ...change, ...judge.changedFinding(change) });
    else diff.unchanged += 1;
  }
  if (judge.atlasChanged) consequencesFollowTheRuler(diff, judge);
  const byRisk = (a: { risk: { score: number }; id: string }, b: { risk: { score: number }; id: string }) => b.risk.score - a.risk.score || a.id.localeCompare(b.id);
  diff.new.sort(byRisk);
  diff.resolved.sort(byRisk);
  diff.regressed.sort((a, b) => b.after.score - a.after.score || a.id.localeCompare(b.id));
  diff.improved.sort((a, b) => a.id.localeCompare(b.id));
  return diff;
}

/** Higher is better covered. COVERAGE_ORDER runs from worst to best. */
function coverageRank(c: Coverage): number {
  return COVERAGE_ORDER.indexOf(c);
}

/** Higher is riskier. LEVELS runs from critical to low. */
function levelRank(l: RiskLevel): number {
  return LEVELS.length - LEVELS.indexOf(l);
}

/** Only the outline's fields, whether the input was a whole finding or a stored outline. */
function outlineOf(f: FindingOutline): FindingOutline {
  return { id: f.id, assetId: f.assetId, techniqueId: f.techniqueId, coverage: f.coverage, risk: { score: f.risk.score, level: f.risk.level } };
}

function flat(f: FindingOutline): FindingChange['before'] {
  return { coverage: f.coverage, score: f.risk.score, level: f.risk.level };
}

function byId(findings: Iterable<FindingOutline>): Map<string, FindingOutline> {
  const map = new Map<string, FindingOutline>();
  for (const f of findings) map.set(f.id, f);
  return map;
}

function levelCounts(findings: Iterable<FindingOutline>): Record<RiskLevel, number> {
  const counts: Record<RiskLevel, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.risk.level] += 1;
  return counts;
}

function rollupChanges(before: Record<string, Rollup>, after: Record<string, Rollup>, order: readonly string[]): RollupChange[] {
  // Stored JSON does not keep key order, so rows follow `order`, then any other keys sorted.
  const rest = [...Object.keys(before), ...Object.keys(after)].filter((k) => !order.includes(k)).sort();
  const keys = [...new Set([...order, ...rest])];
  return keys
    .filter((k) => before[k] || after[k])
    .map((key) => ({
      key,
      coveredBefore: before[key]?.covered,
      coveredAfter: after[key]?.covered,
      riskBefore: before[key]?.riskTotal ?? 0,
      riskAfter: after[key]?.riskTotal ?? 0,
    }));
}

function newTechniques(older: MatrixSnapshot, newer: MatrixSnapshot): ReviewDiff['newTechniques'] {
  const known = new Set(older.techniques.map((t) => t.id));
  return newer.techniques
    .filter((t) => !known.has(t.id))
    .map((t) => ({ id: t.id, name: t.name, tactics: t.tactics }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * A consequence's risk comes from the attack paths that reach it, and those are drawn from ATLAS's case
 * studies: across an upgrade its score moves with the chains. It is the organisation's doing only when its
 * coverage moved, or when a step on the same asset moved by the organisation's hand.
 */
function consequencesFollowTheRuler(diff: ReviewDiff, judge: CauseJudge): void {
  const moved = new Set(
    [...diff.regressed, ...diff.improved, ...diff.new, ...diff.resolved].filter((c) => c.cause === 'organisation' && !judge.isConsequence(c.techniqueId)).map((c) => c.assetId),
  );
  for (const change of [...diff.regressed, ...diff.improved]) {
    if (change.cause !== 'organisation' || !judge.isConsequence(change.techniqueId) || change.before.coverage !== change.after.coverage || moved.has(change.assetId)) continue;
    change.cause = 'atlas';
    change.because = `ATLAS ${diff.atlas.before} → ${diff.atlas.after}: case studies, whose procedures draw the attack paths that reach this consequence — ${change.because}`;
  }
}
