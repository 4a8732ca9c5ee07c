import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanItem } from '../../assess/plan.ts';
import type { TechniqueId } from '../../atlas/ids.ts';
import type { Evidence } from '../../checks/contract.ts';
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { saveReview } from '../../store/reviews.ts';
import { harness, type Harness } from '../test-support/harness.ts';

/** The harness stores review 1; a second review of the same organisation adds evidence and a plan. team-a owns the even assets. */
let h: Harness;
const ORG = encodeURIComponent('Synthetic Org');
const detail = (asset: string, technique = 'AML.T0001') => `/api/organisations/${ORG}/findings/${asset}/${technique}/detail`;

function evidence(checkId: string, assets: string[], techniques: string[], details: unknown = {}): Evidence {
  return { checkId, assets, techniques: techniques as TechniqueId[], target: 'http://127.0.0.1:1/predict', outcome: 'fail', severity: 'high', summary: `${checkId} on ${assets.join(',')}`, measurements: {}, pointers: [], details, startedAt: '2026-11-02T09:00:00Z', finishedAt: '2026-11-02T09:01:00Z' };
}

function planItem(control: string, assets: string[], due: string): PlanItem {
  return { action: 'implement', control, title: `Control ${control}`, type: 'preventive', mitigations: ['AML.M0004'], assets, owners: ['team-a', 'team-b'], findings: assets.length, riskRemoved: 12.5, due, questions: [] } as PlanItem;
}

beforeAll(async () => {
  h = await harness();
  const second = syntheticReview({ assets: 6, techniquesPerAsset: 5, seed: 2, reviewDate: '2026-11-02' });
  second.assets.forEach((asset, i) => Object.assign(asset, { owner: i % 2 === 0 ? 'team-a' : 'team-b' }));
  second.evidence = [
    evidence('prediction-api/evasion', ['asset-00000'], ['AML.T0001'], { inputs: [{ index: 0, success: true, queries: 40, l2: 0.3, linf: 0.1 }] }),
    evidence('llm-app/prompt-injection', ['asset-00000', 'asset-00002'], ['AML.T0001', 'AML.T0002'], { successful: [{ probe: 'ignore', transcript: [{ role: 'user', text: 'ignore your rules' }] }] }),
    evidence('model-file/pickle', ['asset-00001'], ['AML.T0001']),
    evidence('model-file/pickle', ['asset-00000'], ['AML.T0003']),
  ];
  second.plan = [planItem('ctl-a', ['asset-00000', 'asset-00001'], '2026-12-01'), planItem('ctl-b', ['asset-00001', 'asset-00003'], '2027-01-15')];
  await saveReview(h.store, second, { runBy: 'fixture' });
});
afterAll(() => h?.close());

describe('GET …/findings/{asset}/{technique}/detail: the finding page in one read', () => {
  it('returns the stored finding with its trail, risk factors and plan, from the latest review', async () => {
    const response = await h.request(detail('asset-00000'), { token: h.tokens.viewer });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { reviewId: number; finding: { id: string; trail: unknown[]; risk: { factors: object }; plan: { due: string } }; state: { status: string } };
    expect(body.reviewId).toBe(2);
    expect(body.finding.id).toBe('asset-00000/AML.T0001');
    expect(body.finding.trail.length).toBeGreaterThan(0);
    expect(body.finding.risk.factors).toHaveProperty('maturity');
    expect(body.finding.plan.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.state.status).toBe('open');
  });

  it.each([
    { asset: 'asset-00000', technique: 'AML.T0001', checks: ['prediction-api/evasion', 'llm-app/prompt-injection'] },
    { asset: 'asset-00002', technique: 'AML.T0002', checks: ['llm-app/prompt-injection'] },
    { asset: 'asset-00000', technique: 'AML.T0003', checks: ['model-file/pickle'] },
    { asset: 'asset-00004', technique: 'AML.T0001', checks: [] },
  ])('evidence of $asset/$technique: only what speaks for both ($checks)', async ({ asset, technique, checks }) => {
    const body = (await (await h.request(detail(asset, technique), { token: h.tokens.viewer })).json()) as { evidence: { checkId: string; details: unknown }[] };
    expect(body.evidence.map((e) => e.checkId)).toEqual(checks);
  });

  it('keeps attack transcripts and adversarial examples in the evidence details', async () => {
    const body = (await (await h.request(detail('asset-00000'), { token: h.tokens.viewer })).json()) as { evidence: { checkId: string; details: Record<string, unknown> }[] };
    expect(body.evidence.find((e) => e.checkId === 'llm-app/prompt-injection')?.details).toHaveProperty(['successful', 0, 'transcript', 0, 'text'], 'ignore your rules');
    expect(body.evidence.find((e) => e.checkId === 'prediction-api/evasion')?.details).toHaveProperty(['inputs', 0, 'l2'], 0.3);
  });

  it('shows its row in each review, its audited status changes, and its waiver requests', async () => {
    await h.request(`/api/organisations/${ORG}/findings/asset-00002/AML.T0001`, { method: 'PATCH', token: h.tokens['asset-owner'], body: JSON.stringify({ status: 'in-progress', assignee: 'team-a' }) });
    await h.request(`/api/organisations/${ORG}/findings/asset-00002/AML.T0001`, { method: 'PATCH', token: h.tokens['security-reviewer'], body: JSON.stringify({ status: 'fixed' }) });
    await h.request(`/api/organisations/${ORG}/waiver-requests`, { method: 'POST', token: h.tokens['asset-owner'], body: JSON.stringify({ findingId: 'asset-00002/AML.T0001', justification: 'compensating control in place', expires: '2099-01-01' }) });
    const body = (await (await h.request(detail('asset-00002'), { token: h.tokens['asset-owner'] })).json()) as {
      history: { reviewId: number; reviewDate: string }[];
      changes: { actor: string; before: { status: string }; after: { status: string } }[];
      requests: { requestedBy: string; state: string }[];
      state: { status: string; assignee: string };
    };
    expect(body.history.map((r) => [r.reviewId, r.reviewDate])).toEqual([
      [1, '2026-11-01'],
      [2, '2026-11-02'],
    ]);
    expect(body.changes.map((c) => `${c.actor}: ${c.before.status} → ${c.after.status}`)).toEqual(['team-a: open → in-progress', 'security-reviewer: in-progress → fixed']);
    expect(body.requests).toEqual([expect.objectContaining({ requestedBy: 'team-a', state: 'pending' })]);
    expect(body.state).toMatchObject({ status: 'fixed', assignee: 'team-a' });
  });

  it.each([
    { who: 'asset-owner' as const, asset: 'asset-00001', status: 404, why: "another owner's asset answers as missing" },
    { who: 'asset-owner' as const, asset: 'asset-00002', status: 200, why: 'their own asset' },
    { who: 'viewer' as const, asset: 'asset-99999', status: 404, why: 'no such asset' },
  ])('$who on $asset → $status ($why)', async ({ who, asset, status }) => {
    expect((await h.request(detail(asset), { token: h.tokens[who] })).status).toBe(status);
  });
});

describe('GET /reviews/{id}/plan: the plan board', () => {
  it('gives everyone but asset owners the whole plan', async () => {
    const body = (await (await h.request('/api/reviews/2/plan', { token: h.tokens.auditor })).json()) as { items: PlanItem[] };
    expect(body.items.map((i) => [i.control, i.assets, i.due])).toEqual([
      ['ctl-a', ['asset-00000', 'asset-00001'], '2026-12-01'],
      ['ctl-b', ['asset-00001', 'asset-00003'], '2027-01-15'],
    ]);
  });

  it("gives an asset owner only the items on their assets, without the other owners' assets", async () => {
    const body = (await (await h.request('/api/reviews/2/plan', { token: h.tokens['asset-owner'] })).json()) as { items: PlanItem[] };
    expect(body.items.map((i) => [i.control, i.assets])).toEqual([['ctl-a', ['asset-00000']]]);
  });

  it('answers 404 for a review that is not there', async () => {
    expect((await h.request('/api/reviews/99/plan', { token: h.tokens.viewer })).status).toBe(404);
  });
});
