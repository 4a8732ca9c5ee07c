import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../jobs/queue.ts';
import { asActor, audited, recordAudit } from '../jobs/test-support/as-actor.ts';
import { pgliteQueue } from '../jobs/test-support/pglite-queue.ts';
import type { ServerEnv } from '../server/env.ts';
import type { Store } from '../store/connection.ts';
import { triggerAdminRoutes } from './admin-routes.ts';
import { triggerRoutes } from './routes.ts';
import { sign, verifyDelivery } from './signature.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/acme-bank', import.meta.url));
const NOW = new Date('2026-12-05T03:00:00Z');
const SECONDS = String(NOW.getTime() / 1_000);
const fixture = pgliteQueue();
let store: Store;
let queue: JobQueue;
beforeAll(() => {
  [store, queue] = [fixture.store(), fixture.queue()];
});

describe('signatures', () => {
  const body = '{"entity":"model_version","action":"created","data":{"name":"fraud","version":"3"}}';
  const good = { signature: sign('s3cret', 'd-1', SECONDS, body), deliveryId: 'd-1', timestamp: SECONDS, body };
  it.each([
    { name: 'a delivery signed with the secret', delivery: good, ok: true },
    { name: 'one of several signatures (rotation)', delivery: { ...good, signature: `v1,AAAA ${good.signature}` }, ok: true },
    { name: 'a body changed after signing', delivery: { ...good, body: body.replace('3', '4') }, reason: /does not match/ },
    { name: 'another delivery id', delivery: { ...good, deliveryId: 'd-2' }, reason: /does not match/ },
    { name: 'another secret', delivery: { ...good, signature: sign('guess', 'd-1', SECONDS, body) }, reason: /does not match/ },
    { name: 'a timestamp outside the window (a replay)', delivery: { ...good, timestamp: String(Number(SECONDS) - 301), signature: sign('s3cret', 'd-1', String(Number(SECONDS) - 301), body) }, reason: /301 s from the server's clock/ },
    { name: 'no signature', delivery: { ...good, signature: undefined }, reason: /missing/ },
    { name: 'another scheme version', delivery: { ...good, signature: good.signature.replace('v1,', 'v2,') }, reason: /does not match/ },
  ])('$name', ({ delivery, ok, reason }) => {
    const verdict = verifyDelivery('s3cret', delivery, NOW);
    if (ok) expect(verdict).toEqual({ ok: true });
    else expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(reason as RegExp) });
  });
});

describe('/hooks', () => {
  let app: Hono<ServerEnv>;
  const triggers: Record<string, { id: string; secret: string }> = {};
  beforeAll(async () => {
    const admin = asActor('/api/triggers', triggerAdminRoutes({ store, audit: recordAudit })).app;
    for (const [name, fields] of Object.entries({
      mlflow: { source: 'mlflow', inventoryDir: EXAMPLE, checks: ['model-file'], modelMap: { 'fraud-model': ['fraud-detector'] } },
      generic: { source: 'generic', inventoryDir: EXAMPLE },
      ci: { source: 'ci', inventoryDir: EXAMPLE },
    })) {
      const response = await admin.request('/api/triggers', { method: 'POST', body: JSON.stringify(fields), headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(201);
      const made = (await response.json()) as { trigger: { id: string }; secret: string };
      triggers[name] = { id: made.trigger.id, secret: made.secret };
    }
    expect(audited.map((a) => a.action)).toEqual(['trigger.create', 'trigger.create', 'trigger.create']);
    expect(JSON.stringify(audited)).not.toContain(triggers.mlflow?.secret);
    app = new Hono<ServerEnv>().route('/hooks', triggerRoutes({ store, queue, audit: recordAudit, clock: () => NOW }));
  });

  const deliver = (name: string, payload: unknown, how: { deliveryId?: string; secret?: string; timestamp?: string; prefix?: 'mlflow' | 'rampart' } = {}) => {
    const trigger = triggers[name] as { id: string; secret: string };
    const body = JSON.stringify(payload);
    const [deliveryId, timestamp] = [how.deliveryId ?? `d-${Math.random()}`, how.timestamp ?? SECONDS];
    const prefix = how.prefix ?? (name === 'mlflow' ? 'mlflow' : 'rampart');
    const headers = { 'content-type': 'application/json', [`x-${prefix}-signature`]: sign(how.secret ?? trigger.secret, deliveryId, timestamp, body), [`x-${prefix}-delivery-id`]: deliveryId, [`x-${prefix}-timestamp`]: timestamp };
    return app.request(`/hooks/${trigger.id}`, { method: 'POST', body, headers });
  };

  it('a signed MLflow model-version event starts a review of the model’s assets with the trigger’s checks; a replay starts nothing new', async () => {
    const event = { entity: 'model_version', action: 'created', timestamp: '2026-12-05T02:59:58Z', data: { name: 'fraud-model', version: '7', source: 'models:/m-1', run_id: 'r1', tags: {}, description: null } };
    const first = await deliver('mlflow', event, { deliveryId: 'mlflow-delivery-1' });
    expect(first.status).toBe(202);
    const started = (await first.json()) as { jobId: string; assets: string[] };
    expect(started.assets).toEqual(['fraud-detector']);
    const job = await queue.get(started.jobId);
    expect(job).toMatchObject({ kind: 'review', state: 'queued', requestedBy: `trigger/${triggers.mlflow?.id}`, payload: { reason: 'webhook', checks: ['model-file'], assets: ['fraud-detector'], inventoryDir: EXAMPLE } });
    const replay = await deliver('mlflow', event, { deliveryId: 'mlflow-delivery-1' });
    expect(((await replay.json()) as { jobId: string }).jobId).toBe(started.jobId);
    expect(audited.map((a) => [a.action, a.outcome])).toEqual([
      ['trigger.deliver', 'success'],
      ['trigger.deliver', 'success'],
    ]);
  });

  it.each([
    { name: 'signed with another secret', how: { secret: 'guessed' } },
    { name: 'an old timestamp', how: { timestamp: String(Number(SECONDS) - 3_600) } },
    { name: 'signed in the generic headers instead of MLflow’s', how: { prefix: 'rampart' as const } },
  ])('a delivery $name is refused with 401, audited as refused, and starts nothing', async ({ how }) => {
    const before = (await queue.list()).length;
    const response = await deliver('mlflow', { entity: 'model_version', action: 'created', data: { name: 'fraud-model', version: '8' } }, how);
    expect(response.status).toBe(401);
    expect(audited).toEqual([expect.objectContaining({ action: 'trigger.deliver', target: `trigger/${triggers.mlflow?.id}`, outcome: 'refused' })]);
    expect((await queue.list()).length).toBe(before);
  });

  it('an unknown trigger id is refused like a bad signature', async () => {
    const response = await app.request('/hooks/no-such-trigger', { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(audited[0]).toMatchObject({ target: 'trigger/no-such-trigger', outcome: 'refused' });
  });

  it.each([
    { name: 'MLflow: an event that changes no version is ignored', trigger: 'mlflow', payload: { entity: 'model_version_tag', action: 'deleted', data: { name: 'fraud-model' } }, status: 202, expected: { ignored: expect.stringMatching(/does not change/) } },
    { name: 'MLflow: a model the inventory does not have starts nothing', trigger: 'mlflow', payload: { entity: 'model_version_alias', action: 'created', data: { name: 'weather', alias: 'champion', version: '2' } }, status: 202, expected: { ignored: expect.stringMatching(/weather/) } },
    { name: 'MLflow: an alias moved onto a version is reviewed', trigger: 'mlflow', payload: { entity: 'model_version_alias', action: 'created', data: { name: 'credit-scoring', alias: 'champion', version: '2' } }, status: 202, expected: { assets: ['credit-scoring'] } },
    { name: 'generic: assets named directly', trigger: 'generic', payload: { assets: ['llm-gateway', 'not-an-asset'] }, status: 202, expected: { assets: ['llm-gateway'] } },
    { name: 'generic: an unknown field is refused', trigger: 'generic', payload: { asset: 'x' }, status: 400, expected: { error: expect.stringMatching(/asset/) } },
    { name: 'CI: a pipeline run reviews every asset', trigger: 'ci', payload: { commit: 'abc123', pipeline: 'main' }, status: 202, expected: { assets: expect.arrayContaining(['fraud-detector', 'credit-scoring']) } },
  ])('$name', async ({ trigger, payload, status, expected }) => {
    const response = await deliver(trigger, payload);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject(expected);
  });
});
