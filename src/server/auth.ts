import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { lookUpSession } from '../accounts/sessions.ts';
import { sameSecret } from '../accounts/secrets.ts';
import { authenticateToken } from '../accounts/tokens.ts';
import type { ServerDeps } from './deps.ts';
import type { ServerEnv } from './env.ts';
import { HttpError } from './http-error.ts';

export const CSRF_HEADER = 'x-csrf-token';

/** `__Host-` binds the cookie to this host and path `/` (browsers accept it only with Secure). */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-rampart_session' : 'rampart_session';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthenticated = (why: string): HttpError => new HttpError(401, why, 'sign in (POST /api/session) or send Authorization: Bearer <API token>', { 'WWW-Authenticate': 'Bearer realm="rampart"' });

/**
 * Who is calling: an API token (`Authorization: Bearer rmp_…`) or a session cookie. Sets `actor`.
 * - A token's scope limits it: `read` tokens may only GET/HEAD. Tokens need no CSRF check (browsers never send them unasked).
 * - A cookie session on any method that changes state must send the session's CSRF token in `X-CSRF-Token` and an
 *   `Origin` of this server: a cross-site page can make the browser send the cookie, but can read neither the token
 *   nor forge the Origin.
 */
export function authenticate(deps: ServerDeps): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const found = match ? await authenticateToken(deps.store, match[1] as string, deps.clock) : undefined;
      if (!found) throw unauthenticated('the API token is not valid (unknown, expired or revoked)');
      if (found.token.scope === 'read' && !SAFE_METHODS.has(c.req.method)) throw new HttpError(403, 'this API token is read-only', 'create a token with --scope write for changes');
      c.set('actor', { id: found.account.id, name: found.account.name, role: found.account.role });
      return next();
    }
    const sessionId = getCookie(c, sessionCookieName(deps.secureCookies));
    const session = sessionId ? await lookUpSession(deps.store, sessionId, deps.clock) : undefined;
    if (!session) throw unauthenticated(sessionId ? 'the session has expired or ended' : 'not signed in');
    if (!SAFE_METHODS.has(c.req.method)) checkCsrf(c, session.csrfToken, deps.publicOrigin);
    c.set('actor', { id: session.account.id, name: session.account.name, role: session.account.role });
    return next();
  };
}

export function checkCsrf(c: Context, expected: string, publicOrigin?: string): void {
  const sent = c.req.header(CSRF_HEADER);
  if (!sent || !sameSecret(sent, expected)) throw new HttpError(403, 'missing or wrong CSRF token', `send the token GET /api/session returns in the ${CSRF_HEADER} header`);
  checkOrigin(c, true, publicOrigin);
}

/**
 * The request's Origin must be this server's own: the scheme and host it was reached at, or its public origin when
 * it runs behind a TLS proxy (`--public-url`). Required for cookie writes.
 */
export function checkOrigin(c: Context, required: boolean, publicOrigin?: string): void {
  const origin = c.req.header('origin');
  if (origin === undefined) {
    if (required) throw new HttpError(403, 'a cross-site request check failed: no Origin header', 'send requests from the Rampart web page, or use an API token');
    return;
  }
  const url = new URL(c.req.url);
  const host = c.req.header('host') ?? url.host;
  if (origin !== `${url.protocol}//${host}` && origin !== publicOrigin) throw new HttpError(403, `requests from ${origin} are not accepted`, 'use the server from its own address, or use an API token');
}
