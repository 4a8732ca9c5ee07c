import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { findAccount } from '../../accounts/accounts.ts';
import { verifyPassword } from '../../accounts/password.ts';
import { createSession, endSession, lookUpSession } from '../../accounts/sessions.ts';
import { RoleValue } from '../../accounts/roles.ts';
import { allow } from '../access.ts';
import { checkOrigin, sessionCookieName } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { ERRORS, jsonBody, jsonContent, newRouter } from '../router.ts';

const SignIn = z.object({ name: z.string().min(1).max(100), password: z.string().min(1).max(1_000) }).openapi('SignIn');
const Me = z.object({ id: z.string(), name: z.string(), role: RoleValue, csrfToken: z.string().optional() }).openapi('Me');

/** The same answer for an unknown account and a wrong password: which accounts exist is not for guessing. */
const wrongCredentials = () => new HttpError(401, 'wrong account name or password');

export function sessionRoutes(deps: ServerDeps) {
  const app = newRouter();
  const cookie = sessionCookieName(deps.secureCookies);

  app.openapi(
    createRoute({ method: 'post', path: '/session', summary: 'Sign in with an account name and password (sets the session cookie)', tags: ['session'], request: jsonBody(SignIn), responses: { 200: jsonContent(Me, 'signed in'), 400: ERRORS[400], 401: ERRORS[401], 429: jsonContent(z.object({}).passthrough(), 'too many failed sign-ins') } }),
    async (c) => {
      checkOrigin(c, false, deps.publicOrigin);
      const { name, password } = c.req.valid('json');
      const address = deps.addressOf(c);
      const wait = deps.throttle.retryAfter(name, address);
      if (wait > 0) {
        await deps.audit({ actor: name, action: 'session.sign-in', target: `account/${name}`, outcome: 'refused', after: { reason: 'throttled', address } });
        throw new HttpError(429, `too many failed sign-ins; try again in ${wait} s`, 'wait, or ask an admin', { 'Retry-After': String(wait) });
      }
      const account = await findAccount(deps.store, name);
      // Hash even when there is no such account, so the answer takes as long either way.
      const ok = account?.passwordHash ? await verifyPassword(password, account.passwordHash) : (await verifyPassword(password, DUMMY_HASH), false);
      if (!account || !ok || account.disabled) {
        deps.throttle.failed(name, address);
        await deps.audit({ actor: name, action: 'session.sign-in', target: `account/${name}`, outcome: 'refused', after: { reason: 'wrong credentials', address } });
        throw wrongCredentials();
      }
      deps.throttle.succeeded(name);
      // Never keep an id the browser brought (session fixation): end it, and issue a new one.
      const previous = getCookie(c, cookie);
      if (previous) await endSession(deps.store, previous);
      const session = await createSession(deps.store, account.id, deps.clock);
      setCookie(c, cookie, session.id, { httpOnly: true, secure: deps.secureCookies, sameSite: 'Strict', path: '/', expires: session.expiresAt });
      await deps.audit({ actor: account.name, action: 'session.sign-in', target: `account/${account.name}`, after: { address } });
      return c.json({ id: account.id, name: account.name, role: account.role, csrfToken: session.csrfToken }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/session', summary: 'Who is signed in, and the CSRF token for cookie sessions', tags: ['session'], middleware: [allow('anyone')], responses: { 200: jsonContent(Me, 'the signed-in account'), 401: ERRORS[401] } }),
    async (c) => {
      const actor = c.get('actor');
      const sessionId = getCookie(c, cookie);
      const session = sessionId ? await lookUpSession(deps.store, sessionId, deps.clock) : undefined;
      return c.json({ ...actor, ...(session ? { csrfToken: session.csrfToken } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/session', summary: 'Sign out', tags: ['session'], middleware: [allow('anyone')], responses: { 204: { description: 'signed out' }, 401: ERRORS[401], 403: ERRORS[403] } }),
    async (c) => {
      const sessionId = getCookie(c, cookie);
      if (sessionId) await endSession(deps.store, sessionId);
      deleteCookie(c, cookie, { path: '/', secure: deps.secureCookies });
      await deps.audit({ actor: c.get('actor').name, action: 'session.sign-out', target: `account/${c.get('actor').name}` });
      return c.body(null, 204);
    },
  );
  return app;
}

/** A real scrypt hash of a random password, checked against when the account does not exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
