import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../jobs/in-process-queue.ts';
import type { MountedApp } from './deps.ts';
import type { Role } from './env.ts';
import { serverMounts } from './mounts.ts';
import { harness, ROLE_NAMES, type Harness } from './test-support/harness.ts';

const ALL: Role[] = ['admin', 'security-reviewer', 'asset-owner', 'auditor', 'viewer'];
const WHOLE: Role[] = ['admin', 'security-reviewer', 'auditor', 'viewer'];
const TRIAGE: Role[] = ['admin', 'security-reviewer', 'asset-owner'];
const REVIEW: Role[] = ['admin', 'security-reviewer'];
const AUDIT: Role[] = ['admin', 'auditor'];
const ADMIN: Role[] = ['admin'];
const PUBLIC = 'public' as const;

/**
 * Who may call each route: the specification, written out here rather than read from the code. Every operation in
 * the OpenAPI document must have a row, so a new route without a rule fails this test.
 */
const EXPECTED: Record<string, Role[] | typeof PUBLIC> = {
  'POST /api/session': PUBLIC,
  'GET /api/health': PUBLIC,
  'GET /api/session/oidc': PUBLIC,
  'GET /api/session/oidc/callback': PUBLIC,
  'GET /api/session': ALL,
  'DELETE /api/session': ALL,
  'GET /api/accounts': ADMIN,
  'POST /api/accounts': ADMIN,
  'PATCH /api/accounts/{id}': ADMIN,
  'POST /api/accounts/{id}/assets': ADMIN,
  'GET /api/tokens': ALL,
  'POST /api/tokens': ALL,
  'DELETE /api/tokens/{id}': ALL,
  'GET /api/organisations': ALL,
  'GET /api/reviews': ALL,
  'POST /api/reviews': REVIEW,
  'GET /api/reviews/{id}': WHOLE,
  'GET /api/reviews/{id}/diff': WHOLE,
  'GET /api/reviews/{id}/report': WHOLE,
  'GET /api/reviews/{id}/evidence': WHOLE,
  'GET /api/reviews/{id}/findings': ALL,
  'GET /api/findings': ALL,
  // The web UI's dashboard and heatmap: findings counted, so asset owners read them over their own assets.
  'GET /api/reviews/{id}/dashboard': ALL,
  'GET /api/reviews/{id}/matrix': ALL,
  'GET /api/reviews/{id}/finding-table': ALL,
  'GET /api/organisations/{organisation}/findings/{assetId}/{techniqueId}': ALL,
  'PATCH /api/organisations/{organisation}/findings/{assetId}/{techniqueId}': TRIAGE,
  'GET /api/organisations/{organisation}/findings/{assetId}/{techniqueId}/detail': ALL,
  'GET /api/reviews/{id}/plan': ALL,
  'GET /api/organisations/{organisation}/waivers': ALL,
  'POST /api/organisations/{organisation}/waiver-requests': TRIAGE,
  'POST /api/organisations/{organisation}/waiver-requests/{id}/approve': REVIEW,
  'POST /api/organisations/{organisation}/waiver-requests/{id}/reject': REVIEW,
  'POST /api/organisations/{organisation}/waivers/{id}/revoke': REVIEW,
  'GET /api/reviews/{id}/signoffs': ALL,
  'POST /api/reviews/{id}/signoffs': REVIEW,
  'GET /api/inventories': WHOLE,
  'GET /api/inventories/{id}': WHOLE,
  'POST /api/inventories/folders': ADMIN,
  'POST /api/inventories/uploads': REVIEW,
  'GET /api/audit': AUDIT,
  'GET /api/audit/verify': AUDIT,
  // The sub-apps `rampart serve` mounts (src/server/mounts.ts): the rule is the mount's read/write roles.
  // A job shows an organisation's review ids and errors, unfiltered by asset: not for asset owners.
  'GET /api/jobs': WHOLE,
  'GET /api/jobs/{id}': WHOLE,
  'POST /api/jobs/{id}/cancel': REVIEW,
  'GET /api/schedules': WHOLE,
  'POST /api/schedules': REVIEW,
  'PUT /api/schedules/{id}': REVIEW,
  'DELETE /api/schedules/{id}': REVIEW,
  'GET /api/triggers': ADMIN,
  'POST /api/triggers': ADMIN,
  'DELETE /api/triggers/{id}': ADMIN,
  'GET /api/atlas/flags': ALL,
  'POST /api/atlas/releases': ADMIN,
  // Signed by the sender (HMAC), no session: the signature is the credential (src/triggers/triggers.test.ts).
  'POST /hooks/{id}': PUBLIC,
};

/** Values for path parameters: the fixture's review, organisation, and an asset the asset owner (team-a) owns. */
const PARAMS: Record<string, string> = { id: '1', organisation: 'Synthetic Org', assetId: 'asset-00000', techniqueId: 'AML.T0000' };

let mounts: MountedApp[] = [];

/** Every operation: the OpenAPI document's, and the mounted sub-apps' own route lists (some are in both). */
async function operations(h: Harness): Promise<string[]> {
  const doc = (await (await h.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  const fromDoc = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  const mounted = mounts.flatMap(({ path, app }) => app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${(path + r.path).replace(/\/$/, '').replace(/:(\w+)/g, '{$1}')}`));
  return [...new Set([...fromDoc, ...mounted])];
}

describe('every role against every route', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({
      // The server's own mounts over a queue nothing works: jobs stay queued. Releases are never written: the empty
      // bodies sent below are refused first.
      mount: (store, audit, clock) => (mounts = serverMounts({ store, queue: createInProcessQueue({ store }), audit, clock, releasesDir: join(tmpdir(), 'rampart-access-releases-unused') })),
    });
  });
  afterAll(() => h?.close());

  it('the table names exactly the routes there are', async () => {
    expect((await operations(h)).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('each role is let through exactly where the table says, and refused (403) elsewhere; no token → 401', async () => {
    const outcomes: string[] = [];
    for (const operation of await operations(h)) {
      const [method, template] = operation.split(' ') as [string, string];
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(PARAMS[name] ?? 'x'));
      // An empty body: allowed callers get past the role check and stop at validation (400) or lookup (404), changing nothing.
      const body = method === 'GET' ? undefined : '{}';
      const rule = EXPECTED[operation];
      if (rule === PUBLIC) continue;
      const anonymous = await h.request(path, { method, ...(body ? { body } : {}) });
      if (anonymous.status !== 401) outcomes.push(`${operation} without credentials: ${anonymous.status}`);
      for (const role of ROLE_NAMES) {
        const response = await h.request(path, { method, token: h.tokens[role], ...(body ? { body } : {}) });
        const allowed = rule?.includes(role) ?? false;
        const refused = response.status === 403;
        if (allowed === refused || response.status === 401 || response.status >= 500) outcomes.push(`${operation} as ${role}: ${response.status} (expected ${allowed ? 'through' : '403'})`);
      }
    }
    expect(outcomes).toEqual([]);
  });
});
