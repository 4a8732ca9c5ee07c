import { describe, expect, it } from 'vitest';
import type { Coverage } from '../assess/finding.ts';
import { diffReviews } from './diff.ts';
import { syntheticReview } from './test-support/synthetic-review.ts';

const base = syntheticReview({ assets: 3, techniquesPerAsset: 4, seed: 7 });
const pick = (i: number) => base.findings.find((f) => f.id === `asset-0000${i % 3}/AML.T000${i % 4}`)!;

describe('diffReviews', () => {
  it('finds nothing between a review and itself', () => {
    const diff = diffReviews(base, base);
    expect([diff.new, diff.resolved, diff.regressed, diff.improved, diff.newTechniques]).toEqual([[], [], [], [], []]);
    expect(diff.unchanged).toBe(base.findings.length);
  });

  const cases: { name: string; before: [Coverage, number]; after: [Coverage, number]; bucket: 'regressed' | 'resolved' | 'improved' | 'unchanged' }[] = [
    { name: 'coverage worse', before: ['prevented', 5], after: ['blind-spot', 5], bucket: 'regressed' },
    { name: 'risk up a level at the same coverage', before: ['claimed', 8], after: ['claimed', 12], bucket: 'regressed' },
    { name: 'risk up within a level', before: ['claimed', 9], after: ['claimed', 12], bucket: 'unchanged' },
    { name: 'exploited to claimed (still a gap)', before: ['exploited', 20], after: ['claimed', 20], bucket: 'improved' },
    { name: 'gap closed', before: ['blind-spot', 12], after: ['detected', 12], bucket: 'resolved' },
    { name: 'better covered yet riskier', before: ['detected', 3], after: ['both', 10], bucket: 'regressed' },
  ];
  it.each(cases)('$name → $bucket', ({ before, after, bucket }) => {
    const id = pick(1).id;
    const older = syntheticReview({ assets: 3, techniquesPerAsset: 4, seed: 7, findings: { [id]: { coverage: before[0], score: before[1] } } });
    const newer = syntheticReview({ assets: 3, techniquesPerAsset: 4, seed: 7, findings: { [id]: { coverage: after[0], score: after[1] } } });
    const diff = diffReviews(older, newer);
    const buckets = { regressed: diff.regressed.map((c) => c.id), resolved: diff.resolved.map((f) => f.id), improved: diff.improved.map((c) => c.id) };
    for (const [name, ids] of Object.entries(buckets)) expect(ids.includes(id), name).toBe(name === bucket);
    expect(diff.unchanged).toBe(base.findings.length - (bucket === 'unchanged' ? 0 : 1));
  });

  it('reports findings that appear and disappear, and techniques a newer ATLAS added', () => {
    const older = syntheticReview({ assets: 3, techniquesPerAsset: 4, seed: 7 });
    const newer = syntheticReview({ assets: 4, techniquesPerAsset: 4, seed: 7, atlasVersion: '5.7.0', extraTechniques: ['AML.T0100', 'AML.T0101'] });
    newer.findings = newer.findings.filter((f) => f.id !== 'asset-00000/AML.T0000');
    const diff = diffReviews(older, newer);
    expect(diff.new.map((f) => f.assetId)).toEqual(Array(4).fill('asset-00003'));
    expect(diff.resolved).toEqual([expect.objectContaining({ id: 'asset-00000/AML.T0000', how: 'gone' })]);
    expect(diff.newTechniques.map((t) => t.id)).toEqual(['AML.T0100', 'AML.T0101']);
    expect(diff.atlas).toEqual({ before: '5.6.0', after: '5.7.0' });
  });

  it('reports coverage per tactic and element in a stable order, and risk movement', () => {
    const newer = syntheticReview({ assets: 3, techniquesPerAsset: 4, seed: 8 });
    const diff = diffReviews(base, newer);
    expect(diff.elements.map((e) => e.key)).toEqual(['environment', 'platform', 'model']);
    expect(diff.tactics.map((t) => t.key)).toEqual(['AML.TA0000', 'AML.TA0001', 'AML.TA0002', 'AML.TA0003']);
    expect(diff.risk.totalBefore).toBe(base.rollups.organisation.riskTotal);
    expect(diff.risk.totalAfter).toBe(newer.rollups.organisation.riskTotal);
  });
});

describe('diffReviews: what caused a change', () => {
  const id = pick(1).id;
  const technique = pick(1).techniqueId;
  type Side = { atlas: string; maturity?: string; assumed?: string; caseStudies?: number; tactics?: string[]; coverage: Coverage; score: number };
  const review = (side: Side) => {
    const r = syntheticReview({ assets: 3, techniquesPerAsset: 4, seed: 7, atlasVersion: side.atlas, findings: { [id]: { coverage: side.coverage, score: side.score } } });
    const t = r.matrix.techniques.find((x) => x.id === technique)!;
    Object.assign(t, { maturity: side.maturity, assumedMaturity: side.assumed, caseStudies: side.caseStudies, ...(side.tactics ? { tactics: side.tactics } : {}) });
    return r;
  };
  const cases: { name: string; before: Side; after: Side; bucket: 'regressed' | 'improved'; cause: 'organisation' | 'atlas' }[] = [
    { name: 'same release, risk up a level', before: { atlas: '5.6.0', maturity: 'feasible', coverage: 'claimed', score: 8 }, after: { atlas: '5.6.0', maturity: 'feasible', coverage: 'claimed', score: 12 }, bucket: 'regressed', cause: 'organisation' },
    { name: 'maturity feasible → realized explains the rise', before: { atlas: '5.4.0', maturity: 'feasible', coverage: 'blind-spot', score: 8.3 }, after: { atlas: '5.6.0', maturity: 'realized', coverage: 'blind-spot', score: 15.1 }, bucket: 'regressed', cause: 'atlas' },
    { name: 'maturity rose but so did the organisation’s exposure', before: { atlas: '5.4.0', maturity: 'feasible', coverage: 'blind-spot', score: 5 }, after: { atlas: '5.6.0', maturity: 'realized', coverage: 'blind-spot', score: 20 }, bucket: 'regressed', cause: 'organisation' },
    { name: 'maturity rose and coverage got worse', before: { atlas: '5.4.0', maturity: 'feasible', coverage: 'prevented', score: 3 }, after: { atlas: '5.6.0', maturity: 'realized', coverage: 'blind-spot', score: 15 }, bucket: 'regressed', cause: 'organisation' },
    { name: 'an older stored review scored no maturity at 0.7', before: { atlas: '4.7.0', coverage: 'blind-spot', score: 10.5 }, after: { atlas: '5.6.0', maturity: 'realized', coverage: 'blind-spot', score: 15 }, bucket: 'regressed', cause: 'atlas' },
    { name: 'assumed maturity on one side, stated on the other', before: { atlas: '4.9.1', assumed: 'demonstrated', coverage: 'blind-spot', score: 12 }, after: { atlas: '5.6.0', maturity: 'realized', coverage: 'blind-spot', score: 15 }, bucket: 'regressed', cause: 'atlas' },
    { name: 'more case studies', before: { atlas: '5.4.0', maturity: 'realized', caseStudies: 1, coverage: 'blind-spot', score: 12.4 }, after: { atlas: '5.6.0', maturity: 'realized', caseStudies: 8, coverage: 'blind-spot', score: 20 }, bucket: 'regressed', cause: 'atlas' },
    { name: 'moved into an impact tactic', before: { atlas: '5.4.0', maturity: 'realized', tactics: ['AML.TA0004'], coverage: 'blind-spot', score: 12.8 }, after: { atlas: '5.6.0', maturity: 'realized', tactics: ['AML.TA0004', 'AML.TA0011'], coverage: 'blind-spot', score: 16 }, bucket: 'regressed', cause: 'atlas' },
    { name: 'the reverse: maturity no longer known lowers risk', before: { atlas: '5.6.0', maturity: 'realized', coverage: 'blind-spot', score: 15 }, after: { atlas: '4.7.0', coverage: 'blind-spot', score: 10.5 }, bucket: 'improved', cause: 'atlas' },
    { name: 'an exploit fixed across an upgrade that raised maturity', before: { atlas: '5.4.0', maturity: 'feasible', coverage: 'exploited', score: 20 }, after: { atlas: '5.6.0', maturity: 'realized', coverage: 'claimed', score: 12 }, bucket: 'improved', cause: 'organisation' },
  ];
  it.each(cases)('$name → $bucket by $cause', ({ before, after, bucket, cause }) => {
    const diff = diffReviews(review(before), review(after));
    const row = diff[bucket].find((c) => c.id === id);
    expect(row, `${id} in ${bucket}`).toBeDefined();
    expect(row?.cause).toBe(cause);
    if (cause === 'atlas') expect(row?.because).toContain(`ATLAS ${before.atlas} → ${after.atlas}:`);
  });

  it('puts new and gone findings down to ATLAS only when the technique itself came or went', () => {
    const older = syntheticReview({ assets: 3, techniquesPerAsset: 4, seed: 7 });
    const newer = syntheticReview({ assets: 4, techniquesPerAsset: 4, seed: 7, atlasVersion: '5.7.0', extraTechniques: ['AML.T0100'] });
    newer.findings.push({ ...newer.findings[0]!, id: 'asset-00000/AML.T0100', techniqueId: 'AML.T0100' as never });
    newer.matrix.techniques = newer.matrix.techniques.filter((t) => t.id !== 'AML.T0003');
    newer.findings = newer.findings.filter((f) => f.techniqueId !== 'AML.T0003');
    const diff = diffReviews(older, newer);
    const cause = (rows: { id: string; cause: string }[], match: string) => new Set(rows.filter((r) => r.id.includes(match)).map((r) => r.cause));
    expect(cause(diff.new, 'asset-00003/')).toEqual(new Set(['organisation']));
    expect(cause(diff.new, '/AML.T0100')).toEqual(new Set(['atlas']));
    expect(cause(diff.resolved, '/AML.T0003')).toEqual(new Set(['atlas']));
  });
});
