import { LEVELS, percent } from '../../report/labels.ts';
import { diffReviews, type ReviewOutline } from '../diff.ts';
import type { Signoff } from '../signoff.ts';
import type { AppliedWaivers } from '../waivers.ts';
import type { Policy } from './policy.ts';

export type RuleName = 'maxRiskScore' | 'failOnLevel' | 'noExploited' | 'coverageFloor' | 'noRegression' | 'requireSignoff';

export interface RuleResult {
  rule: RuleName;
  passed: boolean;
  /** One line: what was checked and what was found. */
  summary: string;
  /** Offending finding ids, tactics, elements or roles. */
  offenders: string[];
  /** noRegression only: regressions the ATLAS release change alone caused, which do not count. */
  ignoredAtlasChanges?: number;
}

export interface GateResult {
  passed: boolean;
  rules: RuleResult[];
  waived: number;
  /** Waivers on this review's findings that ran out; their findings count again. */
  expiredWaivers: string[];
}

export interface GateInput {
  review: ReviewOutline;
  previous: ReviewOutline | undefined;
  waivers: AppliedWaivers;
  signoffs: readonly Signoff[];
}

/** Evaluate a policy against a review. Pure: the store and the clock are read by the caller. */
export function evaluateGate(policy: Policy, input: GateInput): GateResult {
  const { review, waivers } = input;
  const open = review.findings.filter((f) => !waivers.active.has(f.id));
  const rules: RuleResult[] = [];
  const waivedNote = waivers.active.size ? ` (${waivers.active.size} waived)` : '';

  if (policy.maxRiskScore !== undefined) {
    const max = policy.maxRiskScore;
    const over = open.filter((f) => f.risk.score > max).map((f) => f.id);
    rules.push(result('maxRiskScore', over, `${over.length} unwaived finding(s) score above ${max}${waivedNote}`));
  }
  if (policy.failOnLevel !== undefined) {
    const levels = LEVELS.slice(0, LEVELS.indexOf(policy.failOnLevel) + 1);
    const at = open.filter((f) => levels.includes(f.risk.level)).map((f) => f.id);
    rules.push(result('failOnLevel', at, `${at.length} unwaived finding(s) at ${policy.failOnLevel}${levels.length > 1 ? ' or higher' : ''}${waivedNote}`));
  }
  if (policy.noExploited) {
    const exploited = open.filter((f) => f.coverage === 'exploited').map((f) => f.id);
    rules.push(result('noExploited', exploited, `${exploited.length} unwaived exploited technique(s)`));
  }
  if (policy.coverageFloor) rules.push(coverageRule(policy.coverageFloor, review));
  if (policy.noRegression) {
    if (!input.previous) rules.push({ rule: 'noRegression', passed: true, summary: 'no previous stored review to compare with', offenders: [] });
    else {
      const diff = diffReviews(input.previous, review);
      const unwaived = diff.regressed.filter((c) => !waivers.active.has(c.id));
      const regressed = unwaived.filter((c) => c.cause === 'organisation').map((c) => `${c.id} (${c.reasons.join('; ')})`);
      // A new ATLAS release is a new ruler: what it alone moved is reported, never held against the organisation.
      const ignored = unwaived.length - regressed.length;
      const note = diff.atlasChanged ? `; ${ignored} change(s) caused by the ATLAS update ${diff.atlas.before} → ${diff.atlas.after} ignored` : '';
      rules.push({ ...result('noRegression', regressed, `${regressed.length} unwaived finding(s) regressed since the previous review${note}`), ignoredAtlasChanges: ignored });
    }
  }
  if (policy.requireSignoff.length > 0) {
    const signed = new Set(input.signoffs.map((s) => s.role));
    const missing = policy.requireSignoff.filter((r) => !signed.has(r));
    rules.push(result('requireSignoff', missing, missing.length ? `not signed off as ${missing.join(', ')}` : `signed off as ${policy.requireSignoff.join(', ')}`));
  }
  return { passed: rules.every((r) => r.passed), rules, waived: waivers.active.size, expiredWaivers: waivers.expired.map((w) => `${w.findingId} (expired ${w.expires})`) };
}

function result(rule: RuleName, offenders: string[], summary: string): RuleResult {
  return { rule, passed: offenders.length === 0, summary, offenders };
}

function coverageRule(floor: NonNullable<Policy['coverageFloor']>, review: ReviewOutline): RuleResult {
  const below: string[] = [];
  const check = (name: string, covered: number | undefined, min: number | undefined) => {
    if (min === undefined || covered === undefined) return;
    if (covered * 100 < min) below.push(`${name} ${percent(covered)} < ${min}%`);
  };
  check('organisation', review.rollups.organisation.covered, floor.organisation);
  const tacticName = new Map(review.matrix.tactics.map((t) => [t.id, t.name]));
  for (const [tactic, rollup] of Object.entries(review.rollups.byTactic)) {
    check(`${tactic} ${tacticName.get(tactic) ?? ''}`.trim(), rollup.covered, floor.tactics[tactic] ?? floor.anyTactic);
  }
  for (const [element, min] of Object.entries(floor.elements)) check(element, review.rollups.byElement[element]?.covered, min);
  return result('coverageFloor', below, below.length ? `coverage below the floor: ${below.length}` : 'coverage at or above every floor');
}
