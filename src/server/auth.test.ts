import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../accounts/accounts.ts';
import { createToken, revokeToken } from '../accounts/tokens.ts';
import { readAudit } from '../audit/audit-log.ts';
import { harness, ORIGIN, signIn, type Harness } from './test-support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const PASSWORD = 'viewer-correct-horse';

describe('sessions', () => {
  it('sign-in sets an HttpOnly, Secure, SameSite=Strict, host-only cookie and answers who is signed in', async () => {
    const session = await signIn(h, 'viewer', PASSWORD);
    expect(session.status).toBe(200);
    expect(session.setCookie).toMatch(/^__Host-rampart_session=/);
    expect(session.setCookie).toMatch(/HttpOnly/);
    expect(session.setCookie).toMatch(/Secure/);
    expect(session.setCookie).toMatch(/SameSite=Strict/);
    expect(session.setCookie).toMatch(/Path=\//);
    const me = await h.request('/api/session', { headers: { cookie: session.cookie as string } });
    expect(await me.json()).toMatchObject({ name: 'viewer', role: 'viewer', csrfToken: session.csrf });
  });

  it('a password is stored as scrypt at its real cost (N=2^15, r=8, p=1) and signs in, a wrong one does not', async () => {
    // The harness's accounts use a test-only cost; this one is made as `rampart user add` and the API make them.
    const account = await addAccount(h.store, { name: 'full-cost', role: 'viewer', password: 'full-cost-correct-horse' });
    expect(account.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect((await signIn(h, 'full-cost', 'full-cost-correct-horse')).status).toBe(200);
    expect((await signIn(h, 'full-cost', 'full-cost-correct-horse ', { 'x-test-address': '198.51.100.200' })).status).toBe(401);
  });

  it.each([
    { name: 'unknown account', account: 'nobody', password: PASSWORD },
    { name: 'wrong password', account: 'viewer', password: 'not-the-password' },
  ])('$name: 401 with the same message, and the refusal is audited', async ({ account, password }) => {
    const response = await signIn(h, account, password, { 'x-test-address': `198.51.100.${account.length}` });
    expect(response.status).toBe(401);
    expect(response.setCookie).toBeNull();
    const refused = (await readAudit(h.store, { limit: 1_000 })).filter((r) => r.action === 'session.sign-in' && r.outcome === 'refused' && r.actor === account);
    expect(refused.length).toBeGreaterThan(0);
  });

  it('session fixation: an id the browser brings is never kept; sign-in issues a new one and ends the old', async () => {
    const first = await signIn(h, 'viewer', PASSWORD);
    const planted = '__Host-rampart_session=attacker-chosen-id';
    const fixed = await signIn(h, 'viewer', PASSWORD, { cookie: planted });
    expect(fixed.cookie).not.toBe(planted);
    const again = await signIn(h, 'viewer', PASSWORD, { cookie: first.cookie as string });
    expect(again.cookie).not.toBe(first.cookie);
    expect((await h.request('/api/session', { headers: { cookie: first.cookie as string } })).status).toBe(401);
    expect((await h.request('/api/session', { headers: { cookie: again.cookie as string } })).status).toBe(200);
  });

  it('sign-out ends the session', async () => {
    const s = await signIn(h, 'viewer', PASSWORD);
    const out = await h.request('/api/session', { method: 'DELETE', headers: { cookie: s.cookie as string, 'x-csrf-token': s.csrf as string, origin: ORIGIN } });
    expect(out.status).toBe(204);
    expect((await h.request('/api/session', { headers: { cookie: s.cookie as string } })).status).toBe(401);
  });
});

describe('CSRF protection of cookie sessions', () => {
  const change = JSON.stringify({ label: 'ci', scope: 'read', days: 1 });
  it.each([
    { name: 'no CSRF header', csrf: false, origin: ORIGIN, status: 403 },
    { name: 'a wrong CSRF token', csrf: 'wrong', origin: ORIGIN, status: 403 },
    { name: 'the right token from another site', csrf: true, origin: 'https://evil.example', status: 403 },
    { name: 'the right token without an Origin', csrf: true, origin: undefined, status: 403 },
    { name: 'the right token from this origin', csrf: true, origin: ORIGIN, status: 201 },
  ])('$name → $status', async ({ csrf, origin, status }) => {
    const s = await signIn(h, 'viewer', PASSWORD);
    const headers: Record<string, string> = { cookie: s.cookie as string };
    if (csrf === true) headers['x-csrf-token'] = s.csrf as string;
    else if (csrf) headers['x-csrf-token'] = csrf;
    if (origin) headers.origin = origin;
    expect((await h.request('/api/tokens', { method: 'POST', body: change, headers })).status).toBe(status);
  });

  it('reads need no CSRF token', async () => {
    const s = await signIn(h, 'viewer', PASSWORD);
    expect((await h.request('/api/reviews', { headers: { cookie: s.cookie as string } })).status).toBe(200);
  });
});

describe('API tokens', () => {
  it.each([
    { name: 'read scope reads', scope: 'read' as const, method: 'GET', path: '/api/reviews', status: 200 },
    { name: 'read scope cannot change', scope: 'read' as const, method: 'POST', path: '/api/reviews/1/signoffs', status: 403 },
    { name: 'write scope changes (within the role)', scope: 'write' as const, method: 'POST', path: '/api/reviews/1/signoffs', status: 201 },
  ])('$name', async ({ scope, method, path, status }) => {
    const { token } = await createToken(h.store, { accountId: h.accounts['security-reviewer'].id, label: 'ci', scope, days: 7 }, h.clock.now);
    const body = method === 'GET' ? undefined : JSON.stringify({ role: `ci-${scope}` });
    expect((await h.request(path, { method, token, ...(body ? { body } : {}) })).status).toBe(status);
  });

  it('a token stops working when it expires and when it is revoked; a forged secret never works', async () => {
    const { token, record } = await createToken(h.store, { accountId: h.accounts.viewer.id, label: 'ci', scope: 'read', days: 2 }, h.clock.now);
    expect((await h.request('/api/reviews', { token })).status).toBe(200);
    expect((await h.request('/api/reviews', { token: `${token.slice(0, -4)}AAAA` })).status).toBe(401);
    const { token: other, record: otherRecord } = await createToken(h.store, { accountId: h.accounts.viewer.id, label: 'ci', scope: 'read', days: 30 }, h.clock.now);
    await revokeToken(h.store, otherRecord.id, h.clock.now);
    expect((await h.request('/api/reviews', { token: other })).status).toBe(401);
    h.clock.advance(2 * 86_400_000);
    expect(record.expiresAt <= h.clock.now().toISOString()).toBe(true);
    expect((await h.request('/api/reviews', { token })).status).toBe(401);
  });

  it("one cannot revoke someone else's token: it is as missing (404)", async () => {
    const { record } = await createToken(h.store, { accountId: h.accounts.admin.id, label: 'ci', scope: 'read', days: 7 }, h.clock.now);
    expect((await h.request(`/api/tokens/${record.id}`, { method: 'DELETE', token: h.tokens.viewer })).status).toBe(404);
    expect((await h.request(`/api/tokens/${record.id}`, { method: 'DELETE', token: h.tokens.admin })).status).toBe(200);
  });
});
