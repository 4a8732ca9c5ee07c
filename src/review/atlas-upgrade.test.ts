import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffReviews, type ReviewDiff } from './diff.ts';
import { renderDiffText } from './diff-text.ts';
import { evaluateGate } from './gate/evaluate.ts';
import { DEFAULT_POLICY } from './gate/policy.ts';
import type { StoredReviewMeta } from './history.ts';
import type { Review } from './review.ts';
import { runReview } from './run-review.ts';
import { applyWaivers } from './waivers.ts';

/** One organisation reviewed under ATLAS 4.9.1 and then 5.6.0: only the ruler changed. */
const EXAMPLE = new URL('../../examples/acme-bank', import.meta.url).pathname;
const OLD_ATLAS = new URL('../../test/fixtures/atlas/ATLAS-4.9.1.yaml', import.meta.url).pathname;
const reviewDate = new Date('2026-11-22T00:00:00Z');

const organisational = (diff: ReviewDiff) => ({
  new: diff.new.filter((f) => f.cause === 'organisation').map((f) => f.id),
  resolved: diff.resolved.filter((f) => f.cause === 'organisation').map((f) => f.id),
  regressed: diff.regressed.filter((c) => c.cause === 'organisation').map((c) => c.id),
  improved: diff.improved.filter((c) => c.cause === 'organisation').map((c) => c.id),
});
const NOTHING = { new: [], resolved: [], regressed: [], improved: [] };
const gate = (previous: Review, review: Review) =>
  evaluateGate(DEFAULT_POLICY, { review, previous, waivers: applyWaivers([], [], '2026-11-22'), signoffs: [] }).rules.find((r) => r.rule === 'noRegression');
const meta = (id: number, review: Review): StoredReviewMeta =>
  ({ id, reviewDate: review.reviewDate, atlasVersion: review.atlasVersion }) as StoredReviewMeta;

describe('an ATLAS upgrade is a change of ruler, not of posture', () => {
  let old: Review;
  let current: Review;
  let moved: Review;
  beforeAll(async () => {
    // The same organisation, except that the weather model's API is now public: an organisational change.
    const dir = await mkdtemp(join(tmpdir(), 'rampart-upgrade-'));
    await cp(EXAMPLE, dir, { recursive: true });
    const file = join(dir, 'inventory.yaml');
    const yaml = await readFile(file, 'utf8');
    const changed = yaml.replace(/(- id: weather-forecast[\s\S]*?exposure: )internal/, '$1public');
    expect(changed).not.toBe(yaml);
    await writeFile(file, changed);
    [old, current, moved] = await Promise.all([
      runReview({ inventory: EXAMPLE, atlasFile: OLD_ATLAS, reviewDate }),
      runReview({ inventory: EXAMPLE, reviewDate }),
      runReview({ inventory: dir, reviewDate }),
    ]);
  });

  it('finds zero organisational changes from 4.9.1 to 5.6.0, and the gate passes noRegression saying why', () => {
    const diff = diffReviews(old, current);
    expect(diff.atlasChanged).toBe(true);
    expect(organisational(diff)).toEqual(NOTHING);
    // The upgrade does move things — they are all put down to ATLAS, each with its reason.
    expect(diff.new.length).toBeGreaterThan(100);
    expect(diff.regressed.length).toBeGreaterThan(0);
    for (const c of diff.regressed) expect(c.because).toMatch(/^ATLAS 4\.9\.1 → 5\.6\.0: (maturity|tactics|case studies)/);
    for (const f of diff.new) expect(f.because).toMatch(/is new in ATLAS 5\.6\.0$/);
    const rule = gate(old, current);
    expect(rule).toMatchObject({ passed: true, offenders: [], ignoredAtlasChanges: diff.regressed.length });
    expect(rule?.summary).toContain(`${diff.regressed.length} change(s) caused by the ATLAS update 4.9.1 → 5.6.0 ignored`);
  });

  it('reports no "resolved" that nobody fixed when diffing back from 5.6.0 to 4.9.1', () => {
    const diff = diffReviews(current, old);
    expect(organisational(diff)).toEqual(NOTHING);
    expect(diff.resolved.length).toBeGreaterThan(100);
    for (const f of diff.resolved) expect(f).toMatchObject({ how: 'gone', cause: 'atlas', because: expect.stringMatching(/is not in ATLAS 4\.9\.1$/) });
  });

  it('still finds what the organisation changed across the upgrade, and the gate fails on it alone', () => {
    const diff = diffReviews(old, moved);
    const own = organisational(diff);
    expect(own.regressed.length).toBeGreaterThan(0);
    expect(own.regressed.every((id) => id.startsWith('weather-forecast/'))).toBe(true);
    const rule = gate(old, moved);
    expect(rule?.passed).toBe(false);
    expect(rule?.offenders).toHaveLength(own.regressed.length);
    expect(rule?.offenders.every((o) => o.startsWith('weather-forecast/'))).toBe(true);
  });

  it('scores 4.9.1 techniques with the maturity 5.6.0 gives them, marked assumed; 5.6.0 states its own', () => {
    const assumed = old.findings.filter((f) => f.risk.factors.maturityAssumed);
    expect(assumed.length).toBe(old.findings.length);
    expect(assumed[0]?.risk.factors.maturityAssumed).toMatch(/ATLAS 4\.9\.1 states no maturity; ATLAS 5\.6\.0 says (realized|demonstrated|feasible)/);
    expect(current.findings.filter((f) => f.risk.factors.maturityAssumed)).toEqual([]);
    expect(old.matrix.techniques.find((t) => t.id === 'AML.T0024.002')).toMatchObject({ maturity: undefined, assumedMaturity: 'realized', caseStudies: expect.any(Number) });
  });

  it('says in the diff text which changes ATLAS caused', () => {
    const text = renderDiffText(diffReviews(old, current), meta(1, old), meta(2, current));
    expect(text).toMatch(/ATLAS changed \(4\.9\.1 → 5\.6\.0\)/);
    expect(text).toMatch(/regressed: 0 by the organisation, \d+ by ATLAS/);
    expect(text).toContain('[ATLAS] ATLAS 4.9.1 → 5.6.0:');
  });
});
