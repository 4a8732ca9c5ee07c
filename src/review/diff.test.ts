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
