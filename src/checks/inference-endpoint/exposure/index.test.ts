import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHttpEndpoint } from '../../../targets/http-endpoint.ts';
import type { CheckContext } from '../../contract.ts';
import { exposure, type ExposureTarget } from './index.ts';
import { startServer, type LocalServer, type ServerFlavour } from './test-support/servers.ts';

const flavours: ServerFlavour[] = ['hardened', 'kserve', 'torchserve', 'mlflow', 'flask-debug', 'quiet-open', 'catch-all'];
const servers = new Map<ServerFlavour, LocalServer>();

beforeAll(async () => {
  for (const f of flavours) servers.set(f, await startServer(f));
});
afterAll(async () => Promise.all([...servers.values()].map((s) => s.close())));

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined };

function contextFor(url: string, declared: ExposureTarget['declared']): CheckContext<ExposureTarget> {
  const signal = new AbortController().signal;
  const target = openHttpEndpoint({ url, protocol: 'http-json', declared: declared ?? { authentication: 'unknown', exposure: 'internal' }, signal, timeoutMs: 30_000 }); // every route answers: a generous limit, so load cannot turn an answer into a timeout
  return { target, signal, progress: { update: () => undefined }, logger: quiet, clock: () => new Date('2025-01-01T00:00:00Z') };
}

interface Case {
  server: ServerFlavour;
  declared: NonNullable<ExposureTarget['declared']>;
  params?: Record<string, unknown>;
  outcome: 'pass' | 'fail';
  techniques: string[];
  observed: 'demanded' | 'answered' | 'unclear';
  kinds: string[];
}

const apiKey = { authentication: 'api-key', exposure: 'internal' } as const;
const openInternal = { authentication: 'none', exposure: 'internal' } as const;

const cases: Case[] = [
  { server: 'hardened', declared: apiKey, outcome: 'pass', techniques: ['AML.T0007', 'AML.T0013', 'AML.T0014', 'AML.T0040'], observed: 'demanded', kinds: [] },
  { server: 'kserve', declared: apiKey, outcome: 'fail', techniques: ['AML.T0007', 'AML.T0013', 'AML.T0014', 'AML.T0040'], observed: 'answered', kinds: ['health-route', 'metadata-route', 'unauthenticated-access', 'version-leak'] },
  { server: 'torchserve', declared: openInternal, outcome: 'fail', techniques: ['AML.T0007', 'AML.T0014'], observed: 'answered', kinds: ['metadata-route', 'unauthenticated-access'] },
  { server: 'mlflow', declared: { authentication: 'sso', exposure: 'internal' }, outcome: 'fail', techniques: ['AML.T0007', 'AML.T0040'], observed: 'answered', kinds: ['metadata-route', 'unauthenticated-access'] },
  { server: 'flask-debug', declared: { authentication: 'none', exposure: 'public' }, outcome: 'fail', techniques: ['AML.T0014', 'AML.T0040'], observed: 'answered', kinds: ['framework-leak', 'stack-trace', 'unauthenticated-access', 'version-leak'] },
  { server: 'quiet-open', declared: openInternal, outcome: 'pass', techniques: ['AML.T0007', 'AML.T0013', 'AML.T0014'], observed: 'answered', kinds: ['unauthenticated-access'] },
  { server: 'quiet-open', declared: openInternal, params: { authentication: 'required' }, outcome: 'fail', techniques: ['AML.T0040'], observed: 'answered', kinds: ['unauthenticated-access'] },
  // Catch-all HTML pages are neither exposed routes nor answers; the 401 on POST shows credentials are wanted.
  { server: 'catch-all', declared: apiKey, outcome: 'pass', techniques: ['AML.T0007', 'AML.T0013', 'AML.T0014', 'AML.T0040'], observed: 'demanded', kinds: [] },
  { server: 'hardened', declared: apiKey, params: { malformedInput: false, routes: ['mlflow'] }, outcome: 'pass', techniques: ['AML.T0007', 'AML.T0014', 'AML.T0040'], observed: 'demanded', kinds: [] },
];

describe('inference-endpoint/exposure tells the servers apart', () => {
  it.each(cases)('$server ($declared.authentication, $declared.exposure, $params) → $outcome $techniques', async (c) => {
    const server = servers.get(c.server);
    if (!server) throw new Error(`no ${c.server} server`);
    const context = contextFor(server.endpoint, c.declared);
    const result = await exposure.run(context, exposure.params.parse(c.params ?? {}));

    expect(result.outcome).toBe(c.outcome);
    expect(result.techniques).toEqual(c.techniques);
    expect(result.details.authentication.observed).toBe(c.observed);
    expect([...new Set(result.details.findings.map((f) => f.kind))].sort()).toEqual(c.kinds);
    expect(exposure.evidence.safeParse(result.details).success).toBe(true);
    // Every request is a pointer with its method, URL and status, and none carried credentials.
    expect(result.pointers?.length).toBe(server.seen.length);
    for (const p of result.pointers ?? []) expect(p.request?.status).toBeTypeOf('number');
    expect(server.seen.every((r) => r.headers.authorization === undefined)).toBe(true);
    server.seen.length = 0;
  });

  it('names what a leaky server gives away', async () => {
    const server = servers.get('kserve');
    const result = await exposure.run(contextFor(server?.endpoint ?? '', apiKey), exposure.params.parse({}));
    const messages = result.details.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('triton 2.41.0');
    expect(messages).toContain('outputs fraud_probability');
    expect(messages).toContain('onnxruntime 1.16.3');
    expect(result.severity).toBe('high');
    expect(result.summary).toMatch(/^\S+ answers without credentials though the inventory says it uses api-key; /);
  });

  it('the Werkzeug debugger is a high-severity leak', async () => {
    const server = servers.get('flask-debug');
    const result = await exposure.run(contextFor(server?.endpoint ?? '', openInternal), exposure.params.parse({}));
    const trace = result.details.findings.find((f) => f.kind === 'stack-trace');
    expect(trace?.severity).toBe('high');
    expect(trace?.request).toMatchObject({ method: 'POST', status: 500 });
  });

  it('an endpoint that does not answer is inconclusive, not a pass', async () => {
    const gone = await startServer('hardened');
    await gone.close();
    const result = await exposure.run(contextFor(gone.endpoint, apiKey), exposure.params.parse({ routes: [] }));
    expect(result.outcome).toBe('inconclusive');
    expect(result.details.unanswered).toBe(result.details.requests);
  });

  it('stays within maxRequests', async () => {
    const server = servers.get('kserve');
    const result = await exposure.run(contextFor(server?.endpoint ?? '', apiKey), exposure.params.parse({ maxRequests: 4 }));
    expect(result.details.requests).toBe(4);
  });
});
