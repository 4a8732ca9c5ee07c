import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addAccount, type Account } from '../../accounts/accounts.ts';
import type { RelyingParty } from '../../accounts/oidc/relying-party.ts';
import { createToken } from '../../accounts/tokens.ts';
import { SignInThrottle } from '../../accounts/throttle.ts';
import { storeAuditSink } from '../../audit/audit-log.ts';
import type { AuditSink } from '../../audit/audit-sink.ts';
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { openStore, type Store } from '../../store/connection.ts';
import { saveReview } from '../../store/reviews.ts';
import { freshPgliteDir } from '../../store/test-support/backends.ts';
import { createApp } from '../app.ts';
import type { MountedApp, ServerDeps } from '../deps.ts';
import type { Role } from '../env.ts';
import type { ReviewRequest } from '../review-starter.ts';
import { setQuickPassword } from './quick-password.ts';

export const ORIGIN = 'http://rampart.test';
export const ROLE_NAMES: readonly Role[] = ['admin', 'security-reviewer', 'asset-owner', 'auditor', 'viewer'];

/** A clock tests move by hand. */
export function manualClock(start = '2026-12-01T09:00:00.000Z') {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

export interface Harness {
  store: Store;
  app: ReturnType<typeof createApp>;
  clock: ReturnType<typeof manualClock>;
  accounts: Record<Role, Account>;
  /** A write-scoped token per role. */
  tokens: Record<Role, string>;
  started: ReviewRequest[];
  request: (path: string, init?: RequestInit & { token?: string }) => Promise<Response>;
  close: () => Promise<void>;
}

/**
 * A fresh PGlite store with one account per role (asset-owner is `team-a`, owner of the even-numbered assets),
 * a write token each, and a stored synthetic review of 6 assets of "Synthetic Org". The review starter records
 * requests instead of running them.
 */
export async function harness(options: { mount?: MountedApp[] | ((store: Store, audit: AuditSink, clock: () => Date) => MountedApp[]); throttle?: SignInThrottle; oidc?: RelyingParty } = {}): Promise<Harness> {
  const dir = await freshPgliteDir();
  const store = await openStore({ kind: 'pglite', dir });
  const clock = manualClock();
  const review = syntheticReview({ assets: 6, techniquesPerAsset: 5 });
  review.assets.forEach((asset, i) => Object.assign(asset, { owner: i % 2 === 0 ? 'team-a' : 'team-b' }));
  await saveReview(store, review, { runBy: 'fixture' });
  const accounts = {} as Record<Role, Account>;
  const tokens = {} as Record<Role, string>;
  for (const role of ROLE_NAMES) {
    const name = role === 'asset-owner' ? 'team-a' : role;
    // Hashed at a test-only cost (quick-password.ts): these tests sign in dozens of times, and are not about hashing.
    accounts[role] = await setQuickPassword(store, await addAccount(store, { name, role }), `${name}-correct-horse`);
    tokens[role] = (await createToken(store, { accountId: accounts[role].id, label: 'test', scope: 'write', days: 30 }, clock.now)).token;
  }
  const started: ReviewRequest[] = [];
  const audit = storeAuditSink(store, clock.now);
  const mount = typeof options.mount === 'function' ? options.mount(store, audit, clock.now) : options.mount;
  const deps: ServerDeps = {
    store,
    clock: clock.now,
    audit,
    throttle: options.throttle ?? new SignInThrottle(clock.now),
    secureCookies: true,
    addressOf: (c) => c.req.header('x-test-address') ?? '192.0.2.1',
    startReview: async (request) => {
      started.push(request);
      return { jobId: `job-${started.length}` };
    },
    log: () => undefined,
    ...(mount ? { mount } : {}),
    ...(options.oidc ? { oidc: options.oidc } : {}),
  };
  const app = createApp(deps);
  return {
    store,
    app,
    clock,
    accounts,
    tokens,
    started,
    request: (path, init = {}) => {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      if (rest.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return Promise.resolve(app.request(`${ORIGIN}${path}`, { ...rest, headers }));
    },
    close: async () => {
      await store.close();
      await rm(join(dir, '..'), { recursive: true, force: true });
    },
  };
}

/** Sign in with a password; returns the session cookie (name=value) and the CSRF token. */
export async function signIn(h: Harness, name: string, password: string, extra: Record<string, string> = {}): Promise<{ status: number; cookie: string | undefined; csrf: string | undefined; setCookie: string | null }> {
  const response = await h.request('/api/session', { method: 'POST', body: JSON.stringify({ name, password }), headers: { origin: ORIGIN, ...extra } });
  const setCookie = response.headers.get('set-cookie');
  const body = (await response.json()) as { csrfToken?: string };
  return { status: response.status, cookie: setCookie?.split(';')[0], csrf: body.csrfToken, setCookie };
}
