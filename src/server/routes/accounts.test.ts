import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../audit/audit-log.ts';
import { harness, signIn, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const change = (id: string, body: unknown, token = h.tokens.admin) => h.request(`/api/accounts/${id}`, { method: 'PATCH', token, body: JSON.stringify(body) });

describe('PATCH /api/accounts/{id}: role changes and disabling, audited', () => {
  it('changes a role, and the account acts with the new role at once', async () => {
    const viewer = h.accounts.viewer;
    expect((await h.request('/api/inventories/uploads', { method: 'POST', token: h.tokens.viewer, body: '{}' })).status).toBe(403);
    const response = await change(viewer.id, { role: 'security-reviewer' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'viewer', role: 'security-reviewer', disabled: false });
    // Past the role check: stops at validation of the empty body.
    expect((await h.request('/api/inventories/uploads', { method: 'POST', token: h.tokens.viewer, body: '{}' })).status).toBe(400);
    const entry = (await readAudit(h.store)).findLast((r) => r.target === 'account/viewer');
    expect(entry).toMatchObject({ actor: 'admin', action: 'account.update', before: { role: 'viewer' }, after: { role: 'security-reviewer' } });
    await change(viewer.id, { role: 'viewer' });
  });

  it('disables an account: its tokens and sessions stop working, sign-in is refused; enabling restores them', async () => {
    const auditor = h.accounts.auditor;
    const session = await signIn(h, 'auditor', 'auditor-correct-horse');
    expect(session.status).toBe(200);
    const bySession = () => h.request('/api/session', { headers: { cookie: session.cookie ?? '' } });
    expect((await bySession()).status).toBe(200);
    expect((await change(auditor.id, { disabled: true })).status).toBe(200);
    expect((await h.request('/api/audit', { token: h.tokens.auditor })).status).toBe(401);
    expect((await bySession()).status).toBe(401);
    expect((await signIn(h, 'auditor', 'auditor-correct-horse')).status).toBe(401);
    expect((await readAudit(h.store)).find((r) => r.action === 'account.disable')).toMatchObject({ target: 'account/auditor', before: { disabled: false }, after: { disabled: true } });
    expect((await change(auditor.id, { disabled: false })).status).toBe(200);
    expect((await h.request('/api/audit', { token: h.tokens.auditor })).status).toBe(200);
    expect((await readAudit(h.store)).find((r) => r.action === 'account.enable')?.target).toBe('account/auditor');
  });

  it.each([
    { name: 'demote the only admin', body: { role: 'viewer' }, status: 422 },
    { name: 'disable the only admin', body: { disabled: true }, status: 422 },
    { name: 'an empty change', body: {}, status: 400 },
    { name: 'an unknown role', body: { role: 'superuser' }, status: 400 },
  ])('refuses to $name ($status)', async ({ body, status }) => {
    const response = await change(h.accounts.admin.id, body);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message).not.toBe('');
  });

  it('lets the first admin step down once there is another', async () => {
    expect((await change(h.accounts['security-reviewer'].id, { role: 'admin' })).status).toBe(200);
    expect((await change(h.accounts.admin.id, { role: 'viewer' })).status).toBe(200);
    // The new admin may now not leave: it is the only one again.
    expect((await change(h.accounts['security-reviewer'].id, { disabled: true }, h.tokens['security-reviewer'])).status).toBe(422);
    expect((await change(h.accounts.admin.id, { role: 'admin' }, h.tokens['security-reviewer'])).status).toBe(200);
    expect((await change(h.accounts['security-reviewer'].id, { role: 'security-reviewer' })).status).toBe(200);
  });

  it.each([
    { name: 'an unknown account', id: () => 'no-such-id', token: () => h.tokens.admin, status: 404 },
    { name: 'a security reviewer', id: () => h.accounts.viewer.id, token: () => h.tokens['security-reviewer'], status: 403 },
  ])('answers $status for $name', async ({ id, token, status }) => {
    expect((await change(id(), { role: 'auditor' }, token())).status).toBe(status);
  });
});
