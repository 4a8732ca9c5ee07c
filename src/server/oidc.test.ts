import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAccount } from '../accounts/accounts.ts';
import { parseRoleMap, type OidcConfig } from '../accounts/oidc/config.ts';
import { RelyingParty } from '../accounts/oidc/relying-party.ts';
import { readAudit } from '../audit/audit-log.ts';
import { harness, ORIGIN, type Harness } from './test-support/harness.ts';

/**
 * OpenID Connect sign-in against a real provider (oidc-provider on 127.0.0.1, its development login and consent
 * pages): the whole redirect dance driven by hand — follow each redirect, keep each side's cookies, post the forms.
 */
const USERS: Record<string, Record<string, unknown>> = {
  'sub-ana': { preferred_username: 'ana', email: 'ana@example.org', groups: ['staff', 'ml-security'] },
  'sub-admin': { preferred_username: 'admin', groups: ['ml-security'] },
  'sub-mallory': { preferred_username: 'mallory', groups: ['visitors'] },
};
const CALLBACK = `${ORIGIN}/api/session/oidc/callback`;

let server: Server;
let issuer: string;
let h: Harness;
let plain: Harness;
beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'rampart', client_secret: 'a-client-secret-for-tests-only', redirect_uris: [CALLBACK], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['preferred_username', 'groups'], email: ['email'] },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    findAccount: (_ctx, sub) => (USERS[sub] ? { accountId: sub, claims: () => ({ sub, ...USERS[sub] }) } : undefined),
  });
  server.on('request', provider.callback());
  const config: OidcConfig = {
    issuer: new URL(issuer),
    clientId: 'rampart',
    clientSecret: 'a-client-secret-for-tests-only',
    redirectUrl: new URL(CALLBACK),
    roleClaim: 'groups',
    roleMap: parseRoleMap('rampart-admins=admin,ml-security=security-reviewer'),
    defaultRole: undefined,
    afterSignIn: '/',
  };
  h = await harness({ oidc: new RelyingParty(config, () => new Date()) });
  plain = await harness();
});
afterAll(async () => {
  await h?.close();
  await plain?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** Cookies per side, as a browser keeps them (name=value; attributes are not needed here). */
class Jar {
  readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, at);
      const value = (pair ?? '').slice(at + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** Sign in as `sub` through the provider; returns Rampart's callback response and the browser's Rampart cookies. */
async function signInAs(sub: string, tamper?: (callback: URL) => void): Promise<{ response: Response; rampart: Jar }> {
  const rampart = new Jar();
  const provider = new Jar();
  const start = await h.request('/api/session/oidc');
  expect(start.status).toBe(302);
  rampart.take(start);
  let location = new URL(start.headers.get('location') as string);
  for (let hop = 0; hop < 20; hop++) {
    if (location.href.startsWith(CALLBACK)) {
      tamper?.(location);
      const response = await h.request(`${location.pathname}${location.search}`, { headers: { cookie: rampart.header() } });
      rampart.take(response);
      return { response, rampart };
    }
    let response = await fetch(location, { redirect: 'manual', headers: { cookie: provider.header() } });
    provider.take(response);
    if (response.status === 200) {
      // A login or consent page: post its form as a person would.
      const html = await response.text();
      const action = /action="([^"]+)"/.exec(html)?.[1] as string;
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] as string;
      const form = new URLSearchParams(prompt === 'login' ? { prompt, login: sub, password: 'anything' } : { prompt });
      response = await fetch(new URL(action, location), { method: 'POST', redirect: 'manual', body: form, headers: { cookie: provider.header(), 'content-type': 'application/x-www-form-urlencoded' } });
      provider.take(response);
    }
    expect([302, 303]).toContain(response.status);
    location = new URL(response.headers.get('location') as string, location);
  }
  throw new Error('too many redirects');
}

describe('OpenID Connect sign-in (authorization code + PKCE, state, nonce)', () => {
  it('sends the browser to the provider with PKCE S256, state and nonce', async () => {
    const start = await h.request('/api/session/oidc');
    const url = new URL(start.headers.get('location') as string);
    expect(url.origin).toBe(issuer);
    expect(Object.fromEntries(['response_type', 'client_id', 'redirect_uri', 'code_challenge_method'].map((k) => [k, url.searchParams.get(k)]))).toEqual({ response_type: 'code', client_id: 'rampart', redirect_uri: CALLBACK, code_challenge_method: 'S256' });
    for (const k of ['state', 'nonce', 'code_challenge']) expect(url.searchParams.get(k)?.length).toBeGreaterThanOrEqual(43);
    expect(start.headers.get('set-cookie')).toMatch(/__Host-rampart_oidc=.*HttpOnly.*SameSite=Lax/i);
  });

  it('a mapped user gets an account linked to their sub, a session, and audit rows', async () => {
    const { response, rampart } = await signInAs('sub-ana');
    expect(response.status).toBe(200);
    const account = await findAccount(h.store, 'ana');
    expect(account).toMatchObject({ role: 'security-reviewer', passwordHash: null });
    const me = await h.request('/api/session', { headers: { cookie: rampart.header() } });
    expect(await me.json()).toMatchObject({ name: 'ana', role: 'security-reviewer' });
    const rows = (await readAudit(h.store)).filter((r) => r.target === 'account/ana');
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['account.create', 'success'],
      ['session.sign-in', 'success'],
    ]);
    expect(rows[1]?.after).toMatchObject({ method: 'oidc', subject: 'sub-ana' });
  });

  it('signs the same person in again as the same account, with a new session', async () => {
    const first = await signInAs('sub-ana');
    const second = await signInAs('sub-ana');
    expect(second.response.status).toBe(200);
    expect(second.rampart.cookies.get('__Host-rampart_session')).not.toBe(first.rampart.cookies.get('__Host-rampart_session'));
    expect((await (await h.request('/api/session', { headers: { cookie: second.rampart.header() } })).json()) as { name: string }).toMatchObject({ name: 'ana' });
    expect(await findAccount(h.store, 'ana-2')).toBeUndefined();
  });

  it('never takes over a local account of the same name', async () => {
    const { response } = await signInAs('sub-admin');
    expect(response.status).toBe(200);
    expect(await findAccount(h.store, 'admin')).toMatchObject({ role: 'admin' });
    expect(await findAccount(h.store, 'admin-2')).toMatchObject({ role: 'security-reviewer' });
  });

  it.each([
    { name: 'an unmapped user (unknown users are refused by default)', sub: 'sub-mallory', tamper: undefined, reason: /maps to none/ },
    { name: 'a state that is not the one this browser started with', sub: 'sub-ana', tamper: (u: URL) => u.searchParams.set('state', 'x'.repeat(43)), reason: /did not check out/ },
  ])('refuses $name: 401, no session, audited', async ({ sub, tamper, reason }) => {
    const { response, rampart } = await signInAs(sub, tamper);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(reason);
    expect(rampart.cookies.has('__Host-rampart_session')).toBe(false);
    const refused = (await readAudit(h.store)).filter((r) => r.action === 'session.sign-in' && r.outcome === 'refused').at(-1);
    expect(refused?.after).toMatchObject({ method: 'oidc', reason: expect.stringMatching(reason) as unknown });
  });

  it('a callback without the cookie its sign-in started with is refused', async () => {
    const response = await h.request('/api/session/oidc/callback?code=abc&state=def');
    expect(response.status).toBe(401);
  });

  it('answers 404 when the server has no OIDC configuration', async () => {
    expect((await plain.request('/api/session/oidc')).status).toBe(404);
  });
});
