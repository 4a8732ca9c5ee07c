import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import { RAMPART_VERSION } from '../version.ts';
import { allowByMethod } from './access.ts';
import { authenticate } from './auth.ts';
import type { MountedApp, ServerDeps } from './deps.ts';
import type { ServerEnv } from './env.ts';
import { errorResponse, HttpError } from './http-error.ts';
import { accountRoutes } from './routes/accounts.ts';
import { auditRoutes } from './routes/audit.ts';
import { findingDetailRoutes } from './routes/finding-detail.ts';
import { findingRoutes } from './routes/findings.ts';
import { inventoryRoutes } from './routes/inventories.ts';
import { oidcRoutes } from './routes/oidc.ts';
import { postureRoutes } from './routes/posture.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { sessionRoutes } from './routes/session.ts';
import { waiverRoutes } from './routes/waivers.ts';
import { webAssets } from './web-assets.ts';

/** Routes anyone may call: the API description, a health probe, and signing in. Everything else needs an actor. */
const PUBLIC = new Set(['GET /api/openapi.json', 'GET /api/health', 'POST /api/session', 'GET /api/session/oidc', 'GET /api/session/oidc/callback']);

export const OPENAPI_PATH = '/api/openapi.json';

const HEALTH = createRoute({ method: 'get', path: '/api/health', summary: 'Liveness, and the Rampart version (no sign-in)', tags: ['server'], security: [], responses: { 200: { description: 'up', content: { 'application/json': { schema: z.object({ ok: z.literal(true), version: z.string() }) } } } } });

/**
 * The team server: the review store behind an HTTP API. `deps.mount` adds sub-apps of other parts (jobs,
 * schedules, webhook triggers) behind the same sign-in and a role rule per method, or bare for signed webhooks.
 */
export function createApp(deps: ServerDeps): OpenAPIHono<ServerEnv> {
  const app = new OpenAPIHono<ServerEnv>();
  app.onError(async (error, c) => {
    // A refused change is itself worth recording: who tried what.
    if (error instanceof HttpError && error.status === 403 && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const actor = c.get('actor') as { name: string } | undefined;
      await deps.audit({ actor: actor?.name ?? 'anonymous', action: 'request.refuse', target: `${c.req.method} ${c.req.path}`, outcome: 'refused', after: { reason: error.message } }).catch(() => undefined);
    }
    return errorResponse(error, c, deps.log);
  });
  app.notFound((c) => errorResponse(new HttpError(404, `no route ${c.req.method} ${c.req.path}`, `see ${OPENAPI_PATH}`), c, deps.log));
  app.use('*', secureHeaders());

  const signedIn = authenticate(deps);
  const bare = new Set((deps.mount ?? []).filter((m) => m.auth === 'none').map((m) => m.path));
  app.use('/api/*', async (c, next) => {
    if (PUBLIC.has(`${c.req.method} ${c.req.path}`) || [...bare].some((p) => c.req.path === p || c.req.path.startsWith(`${p}/`))) return next();
    return signedIn(c, next);
  });
  for (const mounted of deps.mount ?? []) mount(app, mounted, signedIn);

  app.openapi(HEALTH, (c) => c.json({ ok: true, version: RAMPART_VERSION }, 200));
  for (const routes of [sessionRoutes(deps), oidcRoutes(deps), accountRoutes(deps), reviewRoutes(deps), findingRoutes(deps), findingDetailRoutes(deps), waiverRoutes(deps), inventoryRoutes(deps), auditRoutes(deps), postureRoutes(deps)]) app.route('/api', routes);

  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: { title: 'Rampart', version: RAMPART_VERSION, description: 'Evidence-based security reviews of AI/ML systems against MITRE ATLAS: the team server.' },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: deps.secureCookies ? '__Host-rampart_session' : 'rampart_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer' });
  // Last: only what no API route answered falls through to the web UI (which leaves /api and /hooks to notFound).
  if (deps.webRoot !== undefined) app.use('*', webAssets(deps.webRoot));
  return app;
}

function mount(app: OpenAPIHono<ServerEnv>, mounted: MountedApp, signedIn: ReturnType<typeof authenticate>): void {
  if (mounted.auth === 'session') {
    // Under /api the sign-in middleware above already ran; elsewhere it runs here.
    if (!mounted.path.startsWith('/api/')) {
      app.use(mounted.path, signedIn);
      app.use(`${mounted.path}/*`, signedIn);
    }
    app.use(`${mounted.path}/*`, allowByMethod(mounted.read ?? [], mounted.write ?? []));
    app.use(mounted.path, allowByMethod(mounted.read ?? [], mounted.write ?? []));
  }
  app.route(mounted.path, mounted.app);
}
