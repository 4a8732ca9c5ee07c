import { describe, expect, it } from 'vitest';
import { applyWaivers, findingIdProblem, type Waiver } from './waivers.ts';

const waiver = (id: number, findingId: string, expires: string): Waiver => ({ id, findingId, expires, justification: 'why', approver: 'ciso', createdAt: '2026-01-01T00:00:00Z', createdBy: 'ana' });

describe('applyWaivers', () => {
  const findings = ['a/AML.T0001', 'b/AML.T0002', 'c/AML.T0003'];
  it.each([
    { name: 'counts through its last day', waivers: [waiver(1, 'a/AML.T0001', '2026-11-01')], active: ['a/AML.T0001'], expired: [] },
    { name: 'stops counting the day after', waivers: [waiver(1, 'a/AML.T0001', '2026-10-31')], active: [], expired: ['a/AML.T0001'] },
    { name: 'a later waiver renews an expired one', waivers: [waiver(1, 'a/AML.T0001', '2026-01-01'), waiver(2, 'a/AML.T0001', '2027-01-01')], active: ['a/AML.T0001'], expired: [] },
    { name: 'ignores waivers for other findings', waivers: [waiver(1, 'z/AML.T0009', '2027-01-01')], active: [], expired: [] },
  ])('$name', ({ waivers, active, expired }) => {
    const applied = applyWaivers(findings, waivers, '2026-11-01');
    expect([...applied.active.keys()]).toEqual(active);
    expect(applied.expired.map((w) => w.findingId)).toEqual(expired);
  });

  it('keeps the waiver lasting longest as the one in force, and lists unmatched ones', () => {
    const applied = applyWaivers(findings, [waiver(1, 'b/AML.T0002', '2027-06-01'), waiver(2, 'b/AML.T0002', '2027-01-01'), waiver(3, 'gone/AML.T0001', '2027-01-01')], '2026-11-01');
    expect(applied.active.get('b/AML.T0002')?.id).toBe(1);
    expect(applied.unmatched.map((w) => w.id)).toEqual([3]);
  });
});

describe('findingIdProblem', () => {
  it.each([
    ['fraud-model/AML.T0043', undefined],
    ['fraud-model/AML.T0043.001', undefined],
    ['fraud-model', /assetId\/techniqueId/],
    ['Fraud/AML.T0043', /not an asset id/],
    ['fraud/T0043', /not an ATLAS technique id/],
  ])('%s', (id, problem) => {
    const result = findingIdProblem(id);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(problem);
  });
});
