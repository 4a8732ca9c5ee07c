import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { saveReview } from '../../store/reviews.ts';
import { addWaiver } from '../../store/waivers.ts';
import type { Role } from '../env.ts';
import type { Dashboard } from '../posture/dashboard.ts';
import type { MatrixColumn } from '../posture/matrix.ts';
import { harness, type Harness } from '../test-support/harness.ts';

let h: Harness;
const ORG = 'Synthetic Org';
const review = syntheticReview({ assets: 6, techniquesPerAsset: 5, seed: 2, reviewDate: '2026-11-20' });
review.assets.forEach((asset, i) => Object.assign(asset, { owner: i % 2 === 0 ? 'team-a' : 'team-b' }));

beforeAll(async () => {
  // The harness stores review 1 (seed 1); review 2 is the same estate re-assessed, so there is a diff to show.
  h = await harness();
  await saveReview(h.store, review, { runBy: 'fixture' });
});
afterAll(() => h?.close());

const get = async <T>(path: string, role: Role = 'viewer'): Promise<T> => {
  const response = await h.request(path, { token: h.tokens[role] });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

describe('GET /api/reviews/{id}/dashboard', () => {
  it('counts every finding once per element, and the elements add up to the organisation', async () => {
    const d = await get<Dashboard>('/api/reviews/2/dashboard');
    expect(d.scope).toBe('organisation');
    expect(d.organisation.findings).toBe(30);
    expect(d.elements.map((e) => e.element)).toEqual(['data', 'environment', 'model', 'platform']);
    expect(d.elements.reduce((sum, e) => sum + e.posture.findings, 0)).toBe(30);
    expect(Object.values(d.organisation.byLevel).reduce((a, b) => a + b, 0)).toBe(30);
    const expectedRisk = review.findings.reduce((sum, f) => sum + f.risk.score, 0);
    expect(d.organisation.riskTotal).toBeCloseTo(expectedRisk, 1);
    const covered = review.findings.filter((f) => ['prevented', 'detected', 'both'].includes(f.coverage)).length / 30;
    expect(d.organisation.covered).toBeCloseTo(covered, 3);
  });

  it('shows the changes since the previous review of the organisation, as the diff counts them', async () => {
    const d = await get<Dashboard>('/api/reviews/2/dashboard');
    expect(d.changes.previous).toMatchObject({ id: 1, reviewDate: '2026-11-01' });
    const moved = (d.changes.regressed?.count ?? 0) + (d.changes.improved?.count ?? 0) + (d.changes.resolved?.count ?? 0);
    expect(moved).toBeGreaterThan(0);
    expect((await get<Dashboard>('/api/reviews/1/dashboard')).changes.previous).toBeUndefined();
  });

  it('lists plans past due that are still open and not waived; a fixed or waived finding drops out; waivers about to expire are listed', async () => {
    const before = await get<Dashboard>('/api/reviews/2/dashboard');
    expect(before.overdue.total).toBe(0); // every plan is due 2026-12-06; the clock says 2026-12-01
    h.clock.advance(10 * 86_400_000);
    const [first, second] = review.findings;
    const fixed = await h.request(`/api/organisations/${encodeURIComponent(ORG)}/findings/${first?.assetId}/${first?.techniqueId}`, { method: 'PATCH', token: h.tokens.admin, body: JSON.stringify({ status: 'fixed' }) });
    expect(fixed.status).toBe(200);
    await addWaiver(h.store, { organisation: ORG, findingId: second?.id as string, justification: 'accepted until the model is retired', approver: 'ciso', expires: '2026-12-31', createdBy: 'admin' });
    const after = await get<Dashboard>('/api/reviews/2/dashboard');
    expect(after.overdue.total).toBe(28);
    expect(after.overdue.items.map((i) => `${i.assetId}/${i.techniqueId}`)).not.toContain(first?.id);
    expect(after.overdue.items.map((i) => `${i.assetId}/${i.techniqueId}`)).not.toContain(second?.id);
    expect(after.waivers.expiring.map((w) => w.findingId)).toEqual([second?.id]);
  });

  it("gives an asset owner their own assets' posture only", async () => {
    const d = await get<Dashboard>('/api/reviews/2/dashboard', 'asset-owner');
    expect(d.scope).toBe('your assets');
    expect(d.organisation.findings).toBe(15);
    expect(d.overdue.items.every((i) => ['asset-00000', 'asset-00002', 'asset-00004'].includes(i.assetId))).toBe(true);
  });
});

describe('GET /api/reviews/{id}/matrix', () => {
  type Matrix = { tactics: MatrixColumn[]; assets: { id: string; owner?: string }[] };
  const cells = (m: Matrix) => m.tactics.flatMap((t) => t.techniques).filter((c) => c.posture);

  it.each([
    ['', 30, 6],
    ['?asset=asset-00001', 5, 6],
    ['?element=model', 5, 6],
    ['?owner=team-b', 15, 6],
    ['?owner=nobody', 0, 6],
  ])('filter %s → %i findings in the cells, every asset offered', async (query, findings, assets) => {
    const m = await get<Matrix>(`/api/reviews/2/matrix${query}`);
    expect(cells(m).reduce((sum, c) => sum + (c.posture?.findings ?? 0), 0)).toBe(findings);
    expect(m.assets).toHaveLength(assets);
  });

  it("colours a cell by its findings' worst coverage and total risk", async () => {
    const m = await get<Matrix>('/api/reviews/2/matrix');
    for (const cell of cells(m)) {
      const mine = review.findings.filter((f) => f.techniqueId === cell.id);
      const order = ['exploited', 'blind-spot', 'claimed', 'detected', 'prevented', 'both'];
      expect(cell.posture?.worst).toBe(mine.map((f) => f.coverage).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0]);
      expect(cell.posture?.riskTotal).toBeCloseTo(mine.reduce((s, f) => s + f.risk.score, 0), 1);
    }
  });

  it('shows an asset owner only their assets, whatever the filter asks', async () => {
    const m = await get<Matrix>('/api/reviews/2/matrix?asset=asset-00001', 'asset-owner');
    expect(cells(m)).toEqual([]);
    expect(m.assets.map((a) => a.id)).toEqual(['asset-00000', 'asset-00002', 'asset-00004']);
  });

  it('answers 404 for a review that is not there', async () => {
    expect((await h.request('/api/reviews/99/matrix', { token: h.tokens.viewer })).status).toBe(404);
  });
});

describe('GET /api/reviews/{id}/finding-table', () => {
  type Table = { total: number; offset: number; findings: { assetId: string; techniqueId: string; score: number; coverage: string; techniqueName?: string; owner?: string }[] };
  const ids = (t: Table) => t.findings.map((f) => `${f.assetId}/${f.techniqueId}`);

  it.each([
    ['sort=score&dir=desc', (a: Table['findings'][number], b: Table['findings'][number]) => b.score - a.score],
    ['sort=score&dir=asc', (a: Table['findings'][number], b: Table['findings'][number]) => a.score - b.score],
    ['sort=asset&dir=desc', (a: Table['findings'][number], b: Table['findings'][number]) => b.assetId.localeCompare(a.assetId)],
  ])('%s returns the rows in that order', async (query, compare) => {
    const t = await get<Table>(`/api/reviews/2/finding-table?${query}&limit=1000`);
    expect(t.total).toBe(30);
    const sorted = [...t.findings].sort(compare);
    expect(t.findings.map((f) => (query.includes('asset') ? f.assetId : f.score))).toEqual(sorted.map((f) => (query.includes('asset') ? f.assetId : f.score)));
  });

  it('sorts by coverage worst first', async () => {
    const t = await get<Table>('/api/reviews/2/finding-table?sort=coverage&limit=1000');
    const order = ['exploited', 'blind-spot', 'claimed', 'detected', 'prevented', 'both'];
    const positions = t.findings.map((f) => order.indexOf(f.coverage));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it.each([
    ['element=model', 5],
    ['owner=team-b', 15],
    ['q=asset-00003', 5],
    ['q=Technique%20AML.T0001', 6],
    ['q=no-such-thing', 0],
    ['technique=AML.T0002&owner=team-a', 3],
  ])('%s → %i rows', async (query, total) => {
    expect((await get<Table>(`/api/reviews/2/finding-table?${query}`)).total).toBe(total);
  });

  it('pages: two slices make the whole, in the same order as one', async () => {
    const whole = await get<Table>('/api/reviews/2/finding-table?sort=technique&limit=30');
    const first = await get<Table>('/api/reviews/2/finding-table?sort=technique&limit=12');
    const rest = await get<Table>('/api/reviews/2/finding-table?sort=technique&offset=12&limit=100');
    expect([...ids(first), ...ids(rest)]).toEqual(ids(whole));
    expect(rest.total).toBe(30);
    expect(whole.findings[0]?.techniqueName).toBe('Technique AML.T0000');
  });

  it("keeps an asset owner to their assets", async () => {
    const t = await get<Table>('/api/reviews/2/finding-table?limit=1000', 'asset-owner');
    expect(t.total).toBe(15);
    expect(t.findings.every((f) => f.owner === 'team-a')).toBe(true);
  });
});
