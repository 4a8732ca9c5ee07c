import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../jobs/test-support/until.ts';
import { sign } from '../triggers/signature.ts';
import { runCli } from './test-support/run-cli.ts';
import { startServe, type ServeProcess } from './test-support/serve-process.ts';

/** One model the MLflow registry knows as `fraud-model`, and what it runs on: enough for a review to store. */
const INVENTORY = `organisation: Tiny Org
assets:
  - id: fraud-scorer
    name: Fraud scorer
    element: model
    kind: classifier
    owner: fraud-analytics
    exposure: internal
    authentication: api-key
    dataSensitivity: confidential
    criticality: high
    tags: [mlflow:fraud-model]
`;
const MODEL_VERSION_CREATED = JSON.stringify({ entity: 'model_version', action: 'created', timestamp: 1_764_900_000_000, data: { name: 'fraud-model', version: '3' } });

interface Job { id: string; state: string; requestedBy: string; result: unknown; error: string | null }

let dir: string | undefined;
let server: ServeProcess | undefined;
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Issue #16's webhook path through a real server: trigger made by an admin, signed delivery → queued job → stored review. */
describe('rampart serve with triggers and jobs', () => {
  it('runs the review a signed MLflow webhook asks for, and refuses and audits a badly signed one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-serve-hook-'));
    const storeDir = join(dir, 'store');
    const inventoryDir = join(dir, 'inventory');
    await mkdir(inventoryDir);
    await writeFile(join(inventoryDir, 'inventory.yaml'), INVENTORY);
    const added = await runCli('user', 'add', '--name', 'admin', '--role', 'admin', '--store', storeDir);
    expect(added.code).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(added.stdout)?.[1] as string;

    server = await startServe(storeDir);
    const { url } = server;
    expect(server.stderr()).toContain('jobs run in this process');
    const signIn = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ name: 'admin', password }) });
    expect(signIn.status).toBe(200);
    const session = { cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken, origin: url };
    const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
      const response = await fetch(`${url}${path}`, { ...init, headers: { ...session, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
      return { status: response.status, body: (await response.json()) as T };
    };

    const made = await api<{ trigger: { id: string }; secret: string; url: string }>('/api/triggers', { method: 'POST', body: JSON.stringify({ source: 'mlflow', inventoryDir, organisation: 'Tiny Org' }) });
    expect(made.status).toBe(201);
    const deliver = (secret: string, deliveryId: string) => {
      const timestamp = String(Math.floor(Date.now() / 1_000));
      const headers = { 'content-type': 'application/json', 'x-mlflow-signature': sign(secret, deliveryId, timestamp, MODEL_VERSION_CREATED), 'x-mlflow-delivery-id': deliveryId, 'x-mlflow-timestamp': timestamp };
      return fetch(`${url}${made.body.url}`, { method: 'POST', headers, body: MODEL_VERSION_CREATED });
    };

    const accepted = await deliver(made.body.secret, 'delivery-1');
    expect(accepted.status).toBe(202);
    const { jobId, assets } = (await accepted.json()) as { jobId: string; assets: string[] };
    expect(assets).toEqual(['fraud-scorer']);

    // The server runs the job itself (PGlite): follow it through the jobs API until it ends.
    const job = await until('the review job to end', async () => {
      const { job: now } = (await api<{ job: Job }>(`/api/jobs/${jobId}`)).body;
      return ['completed', 'failed', 'cancelled'].includes(now.state) ? now : undefined;
    });
    expect(job).toMatchObject({ state: 'completed', requestedBy: `trigger/${made.body.trigger.id}`, error: null });
    const { reviewId } = job.result as { reviewId: number };
    const review = await api<{ meta: { organisation: string } }>(`/api/reviews/${reviewId}`);
    expect(review).toMatchObject({ status: 200, body: { meta: { organisation: 'Tiny Org' } } });

    const forged = await deliver('a-guessed-secret', 'delivery-2');
    expect(forged.status).toBe(401);
    const jobs = await api<{ jobs: Job[] }>('/api/jobs');
    expect(jobs.body.jobs.map((j) => j.id)).toEqual([jobId]);

    const audit = await api<{ action: string; target: string; outcome: string; after?: { deliveryId?: string } }[]>('/api/audit?limit=1000');
    const deliveries = audit.body.filter((row) => row.action === 'trigger.deliver').map((row) => [row.outcome, row.after?.deliveryId ?? null]);
    expect(deliveries).toEqual([
      ['success', null],
      ['refused', 'delivery-2'],
    ]);
    expect(audit.body.map((row) => row.action)).toEqual(expect.arrayContaining(['trigger.create', 'trigger.deliver']));
    expect((await api<{ ok: boolean }>('/api/audit/verify')).body).toMatchObject({ ok: true });

    expect(await server.stop()).toBe(0);
  });
});
