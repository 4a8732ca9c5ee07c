import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHttpEndpoint } from '../../../targets/http-endpoint.ts';
import type { CheckContext, InferenceEndpointTarget } from '../../contract.ts';
import { mlServices } from './index.ts';
import { startImitation, type Imitation, type ImitationServer } from './test-support/imitations.ts';

const ADVISORIES = new URL('../../../../test/fixtures/osv-pypa', import.meta.url).pathname;
const kinds: Imitation[] = ['ray', 'mlflow', 'jupyter', 'jupyter-token', 'tensorboard', 'gradio', 'ollama', 'vllm', 'triton', 'torchserve', 'kubeflow', 'label-studio', 'label-studio-login', 'spa', 'empty-json'];
const servers = new Map<Imitation, ImitationServer>();
beforeAll(async () => {
  for (const kind of kinds) servers.set(kind, await startImitation(kind));
});
afterAll(async () => Promise.all([...servers.values()].map((s) => s.close())));

function contextFor(kind: Imitation): CheckContext<InferenceEndpointTarget> {
  const signal = new AbortController().signal;
  const target = openHttpEndpoint({ url: servers.get(kind)!.url, protocol: 'other', declared: { authentication: 'unknown', exposure: 'internal' }, signal, timeoutMs: 30_000 }); // every route answers: a generous limit, so load cannot turn an answer into a timeout
  return { target, signal, progress: { update: () => undefined }, logger: { debug: () => undefined, info: () => undefined, warn: () => undefined }, clock: () => new Date('2024-06-01T00:00:00Z') };
}

const run = (kind: Imitation) => mlServices.run(contextFor(kind), mlServices.params.parse({ advisories: ADVISORIES }));

describe('inference-endpoint/ml-services against imitations of each service', () => {
  it.each([
    ['ray', 'fail', 'critical', ['AML.T0049'], '2.6.3', /job submission/],
    ['mlflow', 'fail', 'high', ['AML.T0007', 'AML.T0049', 'AML.T0010.001'], '2.9.2', /file access/],
    ['jupyter', 'fail', 'critical', ['AML.T0049', 'AML.T0007', 'AML.T0010.001'], '2.7.0', /code execution/],
    ['tensorboard', 'fail', 'medium', ['AML.T0007'], '2.15.1', /training logs/],
    ['gradio', 'fail', 'high', ['AML.T0040', 'AML.T0010.001'], '3.50.0', /prediction functions/],
    ['ollama', 'fail', 'high', ['AML.T0007', 'AML.T0049'], '0.1.33', /pulls, creates and deletes/],
    ['vllm', 'fail', 'high', ['AML.T0040', 'AML.T0007'], '0.4.2', /unauthenticated inference/],
    ['triton', 'fail', 'high', ['AML.T0049', 'AML.T0007'], '2.40.0', /model control/],
    ['torchserve', 'fail', 'critical', ['AML.T0049', 'AML.T0007'], undefined, /model loading/],
    ['kubeflow', 'fail', 'critical', ['AML.T0049'], '2.0.5', /pipeline runs/],
    ['label-studio', 'fail', 'high', ['AML.T0049', 'AML.T0007'], '1.9.2', /labelling projects/],
  ] as const)('%s → %s (%s)', async (kind, outcome, severity, techniques, version, capability) => {
    const result = await run(kind);
    expect(result.outcome).toBe(outcome);
    expect(result.severity).toBe(severity);
    expect([...(result.techniques ?? [])].sort()).toEqual([...techniques].sort());
    const found = result.details.services.find((s) => s.service === kind);
    expect(found?.version).toBe(version);
    expect(found?.exposed.map((e) => e.what).join('\n')).toMatch(capability);
    expect(servers.get(kind)!.seen.every((r) => r.method === 'GET')).toBe(true);
  });

  it.each([
    ['jupyter-token', 'jupyter', 3],
    ['label-studio-login', 'label-studio', 1],
  ] as const)('%s: every capability demands credentials → pass, and says so', async (kind, service, refused) => {
    const result = await run(kind);
    expect(result.outcome).toBe('pass');
    expect(result.details.services.map((s) => [s.service, s.protected.length, s.exposed.length])).toEqual([[service, refused, 0]]);
  });

  it('matches the version a service names against advisories (MLflow 2.9.2 → PYSEC-2024-51, fixed in 2.10.1)', async () => {
    const mlflow = (await run('mlflow')).details.services[0];
    expect(mlflow?.advisories).toContainEqual(expect.objectContaining({ id: 'PYSEC-2024-51', fixed: '2.10.1' }));
  });

  it.each(['spa', 'empty-json'] as const)('a %s catch-all is no service: inconclusive, nothing claimed', async (kind) => {
    const result = await run(kind);
    expect(result).toMatchObject({ outcome: 'inconclusive', details: { services: [] } });
  });

  it('each service is identified as itself and nothing else', async () => {
    for (const kind of ['ray', 'ollama', 'label-studio', 'vllm', 'mlflow'] as const) {
      expect((await run(kind)).details.services.map((s) => s.service)).toEqual([kind]);
    }
  });
});
