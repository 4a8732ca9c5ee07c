import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { openHttpEndpoint, type HttpEndpointOptions } from './http-endpoint.ts';

const seen: IncomingHttpHeaders[] = [];
let origin = '';
const server = createServer((req, res) => {
  seen.push(req.headers);
  if (req.url === '/hang') return; // never answers: the adapter must time out
  if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://elsewhere.example/login' }).end();
  if (req.url === '/big') return void res.end('x'.repeat(200_000));
  res.writeHead(200, { 'content-type': 'application/json', server: 'test' }).end('{"ok":true}');
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const open = (extra: Partial<HttpEndpointOptions> = {}) =>
  openHttpEndpoint({ url: `${origin}/v2/models/m/infer`, protocol: 'kserve-v2', declared: { authentication: 'api-key', exposure: 'internal' }, signal: new AbortController().signal, timeoutMs: 30_000, ...extra });

describe('openHttpEndpoint', () => {
  it('never sends credentials it was not given, even when a check asks or sets the header itself', async () => {
    seen.length = 0;
    const target = open();
    await target.fetch('/v2', { withCredentials: true, headers: { Authorization: 'Bearer stolen', Cookie: 'session=1', 'x-probe': 'yes' } });
    expect(seen[0]?.authorization).toBeUndefined();
    expect(seen[0]?.cookie).toBeUndefined();
    expect(seen[0]?.['x-probe']).toBe('yes');
    expect(target.hasCredentials).toBe(false);
  });

  it('sends credentials from an environment variable only when asked', async () => {
    seen.length = 0;
    const target = open({ credentialHeaders: { authorization: 'Bearer ${RAMPART_TEST_TOKEN}' }, env: { RAMPART_TEST_TOKEN: 'sekrit-token' } });
    await target.fetch('/v2');
    await target.fetch('/v2', { withCredentials: true });
    expect(seen.map((h) => h.authorization)).toEqual([undefined, 'Bearer sekrit-token']);
    expect(target.requests().map((r) => r.withCredentials)).toEqual([false, true]);
  });

  it.each([
    ['a literal credential', { authorization: 'Bearer sekrit' }, {}],
    ['an unset variable', { authorization: 'Bearer ${RAMPART_UNSET_TOKEN}' }, {}],
  ])('refuses %s', (_, credentialHeaders, env) => {
    expect(() => open({ credentialHeaders, env })).toThrow(RampartError);
  });

  it('stays on the origin the inventory names, and does not follow redirects', async () => {
    const target = open();
    await expect(target.fetch('http://example.com/v2')).rejects.toThrow(/refusing/);
    const redirect = await target.fetch('/redirect');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe('http://elsewhere.example/login');
  });

  it('logs each request with its status, caps bodies and keeps to its request budget', async () => {
    const target = open({ maxRequests: 3 });
    const ok = await target.fetch('');
    expect(ok).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(ok.headers.server).toBe('test');
    expect((await target.fetch('/big')).body.length).toBe(64 * 1024);
    expect((await target.fetch('/redirect')).status).toBe(302);
    await expect(target.fetch('/v2')).rejects.toThrow(/budget of 3/);
    expect(target.requests().map((r) => [r.method, r.url.replace(origin, ''), r.status ?? r.error])).toEqual([
      ['GET', '/v2/models/m/infer', 200],
      ['GET', '/big', 200],
      ['GET', '/redirect', 302],
    ]);
  });

  // The only short timeout, on the only request that is never answered: no race with a slow machine.
  it('times out a request that is never answered, logs it, and counts it against the budget', async () => {
    const target = open({ maxRequests: 1, timeoutMs: 50 });
    await expect(target.fetch('/hang')).rejects.toThrow(/timed out/);
    await expect(target.fetch('/v2')).rejects.toThrow(/budget of 1/);
    expect(target.requests().map((r) => [r.method, r.url.replace(origin, ''), r.status ?? r.error])).toEqual([['GET', '/hang', 'timed out']]);
  });
});
