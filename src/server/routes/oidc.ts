import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { accountForSignIn } from '../../accounts/oidc/link-account.ts';
import { OidcRefusal, TRANSACTION_TTL_MS } from '../../accounts/oidc/relying-party.ts';
import { createSession, endSession } from '../../accounts/sessions.ts';
import { sessionCookieName } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { HttpError } from '../http-error.ts';
import { ERRORS, newRouter } from '../router.ts';

const notConfigured = () => new HttpError(404, 'OpenID Connect sign-in is not configured on this server', 'sign in with a password (POST /api/session), or ask an admin to start rampart serve with --oidc-issuer');

/**
 * Sign-in through an OpenID provider (authorization code flow with PKCE, state and nonce; src/accounts/oidc/). The
 * browser goes to `/api/session/oidc`, is sent to the provider, and comes back to `/callback` with a code. The
 * transaction (state, nonce, PKCE verifier) waits in a cookie of its own: SameSite=Lax, since the way back is a
 * cross-site navigation from the provider, which a Strict cookie would not survive. Sign-ins and refusals are audited.
 */
export function oidcRoutes(deps: ServerDeps) {
  const app = newRouter();
  const sessionCookie = sessionCookieName(deps.secureCookies);
  const transactionCookie = deps.secureCookies ? '__Host-rampart_oidc' : 'rampart_oidc';

  app.openapi(
    createRoute({ method: 'get', path: '/session/oidc', summary: 'Start signing in with the OpenID provider: redirects the browser there', tags: ['session'], security: [], responses: { 302: { description: "to the provider's authorization endpoint" }, 404: ERRORS[404], 502: { description: 'the provider could not be reached' } } }),
    async (c) => {
      if (!deps.oidc) throw notConfigured();
      const { url, transaction } = await deps.oidc.begin().catch((error: unknown) => {
        throw error instanceof OidcRefusal ? new HttpError(502, error.message, 'try again later, or sign in with a password') : error;
      });
      setCookie(c, transactionCookie, transaction, { httpOnly: true, secure: deps.secureCookies, sameSite: 'Lax', path: '/', maxAge: TRANSACTION_TTL_MS / 1000 });
      return c.redirect(url.toString(), 302);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/session/oidc/callback',
      summary: 'Where the provider sends the browser back: checks the answer, signs in (sets the session cookie) and goes on to the web UI',
      tags: ['session'],
      security: [],
      request: { query: z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional() }).passthrough() },
      responses: { 200: { description: 'signed in: a page that moves on to the web UI', content: { 'text/html': { schema: z.string() } } }, 401: ERRORS[401], 404: ERRORS[404] },
    }),
    async (c) => {
      const rp = deps.oidc;
      if (!rp) throw notConfigured();
      const address = deps.addressOf(c);
      const transaction = getCookie(c, transactionCookie);
      deleteCookie(c, transactionCookie, { path: '/', secure: deps.secureCookies });
      // The redirect URL as configured, with the provider's answer: behind a proxy the request's own URL differs.
      const callback = new URL(rp.config.redirectUrl);
      callback.search = new URL(c.req.url).search;
      let signedIn;
      try {
        const { subject, claims } = await rp.finish(callback, transaction);
        signedIn = { subject, ...(await accountForSignIn(deps.store, rp.config, subject, claims)) };
      } catch (error) {
        if (!(error instanceof OidcRefusal)) throw error;
        await deps.audit({ actor: 'oidc', action: 'session.sign-in', target: `oidc/${rp.config.issuer.host}`, outcome: 'refused', after: { method: 'oidc', reason: error.message, address } });
        throw new HttpError(401, `OpenID Connect sign-in refused: ${error.message}`, 'start again at /api/session/oidc, or ask an admin');
      }
      const { account, created, subject } = signedIn;
      if (created) await deps.audit({ actor: account.name, action: 'account.create', target: `account/${account.name}`, after: { name: account.name, role: account.role, via: 'oidc', subject } });
      // As with a password: never keep a session id the browser brought (fixation).
      const previous = getCookie(c, sessionCookie);
      if (previous) await endSession(deps.store, previous);
      const session = await createSession(deps.store, account.id, deps.clock);
      setCookie(c, sessionCookie, session.id, { httpOnly: true, secure: deps.secureCookies, sameSite: 'Strict', path: '/', expires: session.expiresAt });
      await deps.audit({ actor: account.name, action: 'session.sign-in', target: `account/${account.name}`, after: { method: 'oidc', subject, address } });
      // A page rather than a redirect: the browser arrived here from the provider's site, and a Strict cookie is not
      // sent on a redirect that continues that cross-site navigation. Moving on from this page is same-site.
      const to = rp.config.afterSignIn;
      return c.html(`<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${to}"><title>Signed in</title><a href="${to}">Signed in as ${escapeHtml(account.name)}: continue</a>`, 200);
    },
  );
  return app;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
