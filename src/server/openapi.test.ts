import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../jobs/in-process-queue.ts';
import { OPENAPI_PATH } from './app.ts';
import { serverMounts } from './mounts.ts';
import { harness, type Harness } from './test-support/harness.ts';

/**
 * The OpenAPI document describes every route the server answers — its own and those `rampart serve` mounts (jobs,
 * schedules, triggers, ATLAS releases, webhooks) — and nothing it does not answer. The routes are read from the
 * mounted app's route table, so a route added with plain `app.get` and no description fails here.
 */
let h: Harness;
beforeAll(async () => {
  h = await harness({ mount: (store, audit, clock) => serverMounts({ store, queue: createInProcessQueue({ store }), audit, clock, releasesDir: join(tmpdir(), 'rampart-openapi-releases-unused') }) });
});
afterAll(() => h?.close());

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
}

const document = async () => (await (await h.request(OPENAPI_PATH)).json()) as Document;

/** `METHOD /path/{param}` for every route the app serves, middleware (ALL) and the document itself left out. */
function served(): string[] {
  const routes = h.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${(r.path.replace(/\/$/, '') || '/').replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(routes)].filter((r) => r !== `GET ${OPENAPI_PATH}`).sort();
}

describe('the OpenAPI document', () => {
  it('describes every route the server answers, mounted ones included, and no other', async () => {
    const doc = await document();
    const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(served().length).toBeGreaterThan(40);
    expect(described).toEqual(served());
  });

  it.each([
    { route: 'GET /api/findings', parameters: ['asset', 'technique', 'tactic', 'level', 'coverage', 'status', 'owner', 'assignee', 'search', 'sort', 'order', 'limit', 'cursor', 'organisation'] },
    { route: 'POST /hooks/{id}', parameters: ['id', 'x-mlflow-signature', 'x-rampart-signature'] },
    { route: 'GET /api/jobs', parameters: ['state', 'kind', 'parent', 'limit'] },
  ])('$route lists its parameters', async ({ route, parameters }) => {
    const [method, path] = route.split(' ') as [string, string];
    const names = (await document()).paths[path]?.[method.toLowerCase()]?.parameters?.map((p) => p.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(parameters));
  });

  it('is OpenAPI 3.1', async () => {
    expect((await document()).openapi).toBe('3.1.0');
  });
});
