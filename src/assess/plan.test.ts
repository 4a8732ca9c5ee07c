import { describe, expect, it } from 'vitest';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Coverage, FindingGist } from './finding.ts';
import { coverageWith, dueDate, organisationPlan, planFinding } from './plan.ts';
import { aClaim, aControl, anAsset } from './test-support/fixtures.ts';

describe('coverage with one more control', () => {
  it.each([
    ['blind-spot', 'prevents', 'prevented'],
    ['blind-spot', 'detects', 'detected'],
    ['blind-spot', 'corrects', 'blind-spot'],
    ['claimed', 'prevents', 'prevented'],
    ['detected', 'prevents', 'both'],
    ['prevented', 'detects', 'both'],
    ['exploited', 'corrects', 'blind-spot'],
  ] as const)('%s + %s → %s', (current, type, expected) => expect(coverageWith(current, type)).toBe(expected));
});

describe('planning a finding', () => {
  const scores: Record<Coverage, number> = { exploited: 20, 'blind-spot': 16, claimed: 13, detected: 9, prevented: 6, both: 3 };
  const base = { asset: anAsset(), technique: 'AML.T0024' as TechniqueId, access: 'inference-api' as const, score: 16, scoreWith: (c: Coverage) => scores[c], due: '2026-12-06' };
  const limit = aControl({ id: 'rate-limit', type: 'preventive' });
  const alert = aControl({ id: 'query-alerting', type: 'detective' });
  const rollback = aControl({ id: 'rollback', type: 'corrective' });

  it('orders candidate controls by the risk they remove and skips those that remove none', () => {
    const plan = planFinding({ ...base, coverage: 'blind-spot', candidates: [alert, rollback, limit], verdicts: [] });
    expect(plan.actions.map((a) => [a.control, a.action, a.riskRemoved])).toEqual([
      ['rate-limit', 'implement', 10],
      ['query-alerting', 'implement', 7],
    ]);
    expect(plan.due).toBe('2026-12-06');
    expect(plan.owner).toBe('ml-team');
  });

  it('never plans a control that does not block the access path the technique uses', () => {
    const auth = aControl({ id: 'api-auth', type: 'preventive', paths: ['inference-api', 'user-content'] });
    const onRetrieval = planFinding({ ...base, access: 'retrieved-content', coverage: 'blind-spot', candidates: [auth, alert], verdicts: [] });
    expect(onRetrieval.actions.map((a) => a.control)).toEqual(['query-alerting']);
  });

  it('plans a control by how it acts on the technique, and weighs awareness at half', () => {
    const logs = aControl({ id: 'logging', type: 'preventive', effects: { 'AML.T0024': 'detects' } });
    const awareness = aControl({ id: 'awareness', type: 'preventive', procedural: true });
    const plan = planFinding({ ...base, coverage: 'blind-spot', candidates: [logs, awareness], verdicts: [] });
    expect(plan.actions.map((a) => [a.control, a.riskRemoved])).toEqual([
      ['logging', 7],
      ['awareness', 5],
    ]);
  });

  it('weighs instructions to a model (partial) at half: a filter that does not depend on the model obeying comes first', () => {
    const prompt = aControl({ id: 'system-prompt', type: 'preventive', partial: true });
    const filter = aControl({ id: 'input-filter', type: 'preventive' });
    const plan = planFinding({ ...base, coverage: 'blind-spot', candidates: [prompt, filter], verdicts: [] });
    expect(plan.actions.map((a) => [a.control, a.riskRemoved])).toEqual([
      ['input-filter', 10],
      ['system-prompt', 5],
    ]);
  });

  it('asks to verify a counted claim that an attack got past, ahead of controls of the same weight', () => {
    const scanning = aControl({ id: 'scanning', type: 'preventive' });
    const vetting = aControl({ id: 'a-vetting', type: 'preventive' });
    const plan = planFinding({ ...base, coverage: 'exploited', score: 20, candidates: [vetting, scanning], verdicts: [{ claim: aClaim(), control: scanning, effect: 'counts', reason: '' }] });
    expect(plan.actions.map((a) => [a.action, a.control])).toEqual([
      ['verify', 'scanning'],
      ['implement', 'a-vetting'],
    ]);
  });

  it('asks to verify an unproven claim rather than implement it', () => {
    const plan = planFinding({ ...base, coverage: 'claimed', score: 13, candidates: [limit], verdicts: [{ claim: aClaim(), control: limit, effect: 'unproven', reason: '' }] });
    expect(plan.actions[0]).toMatchObject({ action: 'verify', control: 'rate-limit', riskRemoved: 7 });
  });

  it('of controls that remove as much risk, puts first the one that covers more of what applies to the asset', () => {
    const rounding = aControl({ id: 'a-score-rounding', techniques: ['AML.T0024'] });
    const quota = aControl({ id: 'b-quota', techniques: ['AML.T0024', 'AML.T0029', 'AML.T0034'] });
    const breadth = (c: { techniques: string[] }) => c.techniques.filter((t) => ['AML.T0024', 'AML.T0029', 'AML.T0034'].includes(t)).length;
    for (const candidates of [[rounding, quota], [quota, rounding]]) {
      const plan = planFinding({ ...base, coverage: 'blind-spot', candidates, verdicts: [], breadth });
      expect(plan.actions.map((a) => [a.control, a.riskRemoved])).toEqual([['b-quota', 10], ['a-score-rounding', 10]]);
    }
  });

  it('plans nothing for a technique already prevented and detected', () => {
    expect(planFinding({ ...base, coverage: 'both', score: 3, candidates: [limit, alert], verdicts: [] }).actions).toEqual([]);
  });

  it('due dates follow the risk level', () => {
    const day = new Date('2026-01-01T00:00:00Z');
    expect([dueDate(day, 'critical'), dueDate(day, 'high'), dueDate(day, 'medium'), dueDate(day, 'low')]).toEqual(['2026-01-15', '2026-01-31', '2026-04-01', '2026-06-30']);
  });
});

describe('the organisation plan', () => {
  const asset = anAsset();
  const assets = new Map([[asset.id, asset]]);
  const library = new Map([['vetting', aControl({ id: 'vetting' })], ['provenance', aControl({ id: 'provenance' })]]);
  const gist = (techniqueId: string, control: string, riskRemoved: number, assetId = asset.id): FindingGist => ({
    id: `${assetId}/${techniqueId}`,
    assetId,
    techniqueId: techniqueId as TechniqueId,
    techniqueName: techniqueId,
    tactics: [],
    coverage: 'blind-spot',
    risk: { score: riskRemoved, level: 'high' },
    plan: { due: '2026-12-20', actions: [{ action: 'implement', control, title: control, type: 'preventive', mitigations: [], riskRemoved }] },
  });

  it('counts a technique and its sub-techniques on one asset once, at the largest: one attack told at two levels of detail', () => {
    const findings = [gist('AML.T0010', 'vetting', 8), gist('AML.T0010.001', 'vetting', 7), gist('AML.T0010.003', 'vetting', 9), gist('AML.T0011', 'vetting', 6), gist('AML.T0020', 'provenance', 12)];
    const plan = organisationPlan(findings, assets, library);
    expect(plan.map((p) => [p.control, p.riskRemoved, p.findings])).toEqual([
      ['vetting', 15, 4],
      ['provenance', 12, 1],
    ]);
  });

  it('still sums the same family on different assets', () => {
    const other = anAsset({ id: 'other-model' });
    const plan = organisationPlan([gist('AML.T0010', 'vetting', 8), gist('AML.T0010', 'vetting', 8, other.id)], new Map([...assets, [other.id, other]]), library);
    expect(plan[0]?.riskRemoved).toBe(16);
  });
});
