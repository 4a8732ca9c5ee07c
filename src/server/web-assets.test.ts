import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEnv } from './env.ts';
import { WEB_CSP, webAssets } from './web-assets.ts';

let root: string;
let app: Hono<ServerEnv>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rampart-web-'));
  await mkdir(join(root, 'web', 'assets'), { recursive: true });
  await writeFile(join(root, 'web', 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(join(root, 'web', 'assets', 'index-AbC123.js'), 'console.log(1)');
  await writeFile(join(root, 'web', 'favicon.svg'), '<svg/>');
  await writeFile(join(root, 'secret.txt'), 'not for the web');
  app = new Hono<ServerEnv>();
  app.get('/api/health', (c) => c.json({ ok: true }));
  app.notFound((c) => c.json({ error: { status: 404, message: 'no route' } }, 404));
  app.use('*', webAssets(join(root, 'web')));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the web UI served at /', () => {
  it.each([
    // path, status, content type, cache, body starts with
    ['/', 200, 'text/html', 'no-cache', '<!doctype html>'],
    ['/findings', 200, 'text/html', 'no-cache', '<!doctype html>'],
    ['/findings/Acme%20Bank/fraud-model/AML.T0015', 200, 'text/html', 'no-cache', '<!doctype html>'],
    ['/assets/index-AbC123.js', 200, 'text/javascript', 'immutable', 'console.log'],
    ['/favicon.svg', 200, 'image/svg+xml', 'no-cache', '<svg/>'],
  ])('GET %s → %i %s', async (path, status, type, cache, start) => {
    const response = await app.request(path);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain(type);
    expect(response.headers.get('cache-control')).toContain(cache);
    expect(response.headers.get('content-security-policy')).toBe(WEB_CSP);
    expect(await response.text()).toMatch(new RegExp(`^${start.replace(/[.()]/g, '\\$&')}`));
  });

  it.each([
    ['/api/nothing-here', 'an unknown API route keeps its JSON 404'],
    ['/hooks/unknown', 'webhooks are not pages'],
    ['/assets/index-Old999.js', 'a missing hashed asset is not index.html'],
    ['/robots.txt', 'a missing file with an extension is not index.html'],
    ['/..%2Fsecret.txt', 'nothing outside the folder'],
    ['/%E0%A4%A', 'a malformed escape'],
  ])('GET %s → 404 (%s)', async (path) => {
    const response = await app.request(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the web');
  });

  it('answers the API before the UI, and leaves other methods to the API', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ ok: true });
    expect((await app.request('/', { method: 'POST' })).status).toBe(404);
  });

  it('allows no other origin in its Content-Security-Policy', () => {
    expect(WEB_CSP).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
  });

  it('says how to build the UI when it is not built', async () => {
    const bare = new Hono<ServerEnv>().use('*', webAssets(join(root, 'missing')));
    const response = await bare.request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });
});
