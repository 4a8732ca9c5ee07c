import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantAssets } from '../accounts/accounts.ts';
import { readAudit } from '../audit/audit-log.ts';
import { harness, type Harness } from './test-support/harness.ts';

/** The fixture: team-a (asset-owner) owns the even-numbered assets by the inventory's owner field; team-b the odd ones. */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const ORG = encodeURIComponent('Synthetic Org');
const finding = (asset: string) => `/api/organisations/${ORG}/findings/${asset}/AML.T0000`;

describe('an asset owner sees and changes only the findings of their assets', () => {
  it('lists only their assets, in counts and pages too', async () => {
    const response = await h.request('/api/findings?limit=500', { token: h.tokens['asset-owner'] });
    const page = (await response.json()) as { total: number; findings: { assetId: string }[] };
    expect(new Set(page.findings.map((f) => f.assetId))).toEqual(new Set(['asset-00000', 'asset-00002', 'asset-00004']));
    expect(page.total).toBe(15);
    const all = (await (await h.request('/api/findings?limit=500', { token: h.tokens.viewer })).json()) as { total: number };
    expect(all.total).toBe(30);
  });

  it.each([
    { name: 'read a guessed finding of another owner', method: 'GET', path: finding('asset-00001'), body: undefined, status: 404 },
    { name: 'change a guessed finding of another owner', method: 'PATCH', path: finding('asset-00001'), body: { status: 'fixed' }, status: 404 },
    { name: 'a finding that does not exist at all', method: 'GET', path: finding('asset-99999'), body: undefined, status: 404 },
    { name: 'request a waiver on another owner\'s finding', method: 'POST', path: `/api/organisations/${ORG}/waiver-requests`, body: { findingId: 'asset-00001/AML.T0000', justification: 'we accept this risk for now', expires: '2099-01-01' }, status: 404 },
    { name: 'filter the list by another owner\'s asset', method: 'GET', path: '/api/findings?asset=asset-00001', body: undefined, status: 200 },
    { name: 'read the whole review', method: 'GET', path: '/api/reviews/1', body: undefined, status: 403 },
    { name: 'read the report', method: 'GET', path: '/api/reviews/1/report?format=json', body: undefined, status: 403 },
    { name: 'read their own finding', method: 'GET', path: finding('asset-00000'), body: undefined, status: 200 },
    { name: 'change their own finding', method: 'PATCH', path: finding('asset-00000'), body: { status: 'in-progress', assignee: 'team-a' }, status: 200 },
  ])('$name → $status', async ({ method, path, body, status }) => {
    const response = await h.request(path, { method, token: h.tokens['asset-owner'], ...(body ? { body: JSON.stringify(body) } : {}) });
    expect(response.status).toBe(status);
    if (path.includes('asset=asset-00001')) expect(((await response.json()) as { total: number }).total).toBe(0);
  });

  it('an explicit grant adds an asset the inventory gives someone else', async () => {
    expect((await h.request(finding('asset-00003'), { token: h.tokens['asset-owner'] })).status).toBe(404);
    await grantAssets(h.store, h.accounts['asset-owner'].id, 'Synthetic Org', ['asset-00003']);
    expect((await h.request(finding('asset-00003'), { token: h.tokens['asset-owner'] })).status).toBe(200);
  });
});

describe('finding state is kept by organisation + asset + technique, and audited', () => {
  it('a status change shows in the list and in the audit log with before and after', async () => {
    const change = await h.request(finding('asset-00002'), { method: 'PATCH', token: h.tokens['security-reviewer'], body: JSON.stringify({ status: 'fixed', assignee: 'ana' }) });
    expect(change.status).toBe(200);
    const listed = (await (await h.request('/api/findings?status=fixed&asset=asset-00002', { token: h.tokens.viewer })).json()) as { findings: { id: string; status: string; assignee?: string }[] };
    expect(listed.findings).toEqual([expect.objectContaining({ id: 'asset-00002/AML.T0000', status: 'fixed', assignee: 'ana' })]);
    const entry = (await readAudit(h.store)).find((r) => r.action === 'finding.update' && r.target.endsWith('asset-00002/AML.T0000'));
    expect(entry).toMatchObject({ actor: 'security-reviewer', before: { status: 'open' }, after: { status: 'fixed', assignee: 'ana' } });
  });
});

describe('waivers: request, approve (not one\'s own), revoke', () => {
  it('goes through the workflow, and a revoked waiver stops counting', async () => {
    const body = JSON.stringify({ findingId: 'asset-00000/AML.T0001', justification: 'compensating control in place', expires: '2099-01-01' });
    const requested = (await (await h.request(`/api/organisations/${ORG}/waiver-requests`, { method: 'POST', token: h.tokens['security-reviewer'], body })).json()) as { id: number };
    const own = await h.request(`/api/organisations/${ORG}/waiver-requests/${requested.id}/approve`, { method: 'POST', token: h.tokens['security-reviewer'] });
    expect(own.status).toBe(422);
    const approved = await h.request(`/api/organisations/${ORG}/waiver-requests/${requested.id}/approve`, { method: 'POST', token: h.tokens.admin });
    expect(approved.status).toBe(200);
    const { waiver } = (await approved.json()) as { waiver: { id: number; approver: string } };
    expect(waiver.approver).toBe('admin');
    const listed = async () => ((await (await h.request(`/api/organisations/${ORG}/waivers`, { token: h.tokens.viewer })).json()) as { waivers: { id: number }[] }).waivers.map((w) => w.id);
    expect(await listed()).toContain(waiver.id);
    expect((await h.request(`/api/organisations/${ORG}/waivers/${waiver.id}/revoke`, { method: 'POST', token: h.tokens.admin, body: JSON.stringify({ reason: 'control removed' }) })).status).toBe(204);
    expect(await listed()).not.toContain(waiver.id);
  });
  it('rejects a request with its reason: it is closed, cannot then be approved, and the audit log keeps why', async () => {
    const body = JSON.stringify({ findingId: 'asset-00000/AML.T0002', justification: 'the model is retired next month', expires: '2099-01-01' });
    const requested = (await (await h.request(`/api/organisations/${ORG}/waiver-requests`, { method: 'POST', token: h.tokens['asset-owner'], body })).json()) as { id: number };
    const path = `/api/organisations/${ORG}/waiver-requests/${requested.id}`;
    const impossible = await h.request(`/api/organisations/${ORG}/waiver-requests`, { method: 'POST', token: h.tokens['asset-owner'], body: body.replace('2099-01-01', '2099-02-30') });
    expect(impossible.status).toBe(400);
    const noReason = await h.request(`${path}/reject`, { method: 'POST', token: h.tokens['security-reviewer'], body: JSON.stringify({}) });
    expect(noReason.status).toBe(400);
    const rejected = await h.request(`${path}/reject`, { method: 'POST', token: h.tokens['security-reviewer'], body: JSON.stringify({ reason: 'retirement is not scheduled' }) });
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ id: requested.id, state: 'rejected', decidedBy: 'security-reviewer', reason: 'retirement is not scheduled' });
    const approve = await h.request(`${path}/approve`, { method: 'POST', token: h.tokens.admin });
    expect(approve.status).toBe(422);
    expect(((await approve.json()) as { error: { message: string } }).error.message).toMatch(/already rejected by security-reviewer/);
    const again = await h.request(`${path}/reject`, { method: 'POST', token: h.tokens.admin, body: JSON.stringify({ reason: 'twice' }) });
    expect(again.status).toBe(422);
    const { requests } = (await (await h.request(`/api/organisations/${ORG}/waivers`, { token: h.tokens['asset-owner'] })).json()) as { requests: { id: number; state: string; reason?: string }[] };
    expect(requests.find((r) => r.id === requested.id)).toMatchObject({ state: 'rejected', reason: 'retirement is not scheduled' });
    const entry = (await readAudit(h.store)).find((r) => r.action === 'waiver.reject' && r.target === `waiver-request/${requested.id}`);
    expect(entry).toMatchObject({ actor: 'security-reviewer', before: { state: 'pending' }, after: { state: 'rejected', reason: 'retirement is not scheduled' } });
  });
});
