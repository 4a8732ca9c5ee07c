import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addAccount } from '../accounts/accounts.ts';
import { openStore } from '../store/connection.ts';
import { startServe } from './test-support/serve-process.ts';

let dir: string | undefined;
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

/** The one test of a real server: `rampart serve` on an ephemeral port on loopback, signed into, and stopped. */
describe('rampart serve', () => {
  it('listens on 127.0.0.1, signs an account in with a cookie, answers the API, and stops on SIGTERM', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-serve-'));
    const storeDir = join(dir, 'store');
    const store = await openStore({ kind: 'pglite', dir: storeDir });
    await addAccount(store, { name: 'admin', role: 'admin', password: 'a-long-enough-passphrase' });
    await store.close();

    const server = await startServe(storeDir);
    const { url } = server;
    try {
      const signIn = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ name: 'admin', password: 'a-long-enough-passphrase' }) });
      expect(signIn.status).toBe(200);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
      // Plain http on loopback: not Secure (a browser would drop it), still HttpOnly and SameSite=Strict.
      expect(cookie).toMatch(/^rampart_session=/);
      expect(signIn.headers.get('set-cookie')).toMatch(/HttpOnly/);
      expect(signIn.headers.get('set-cookie')).not.toMatch(/Secure/);
      const accounts = await fetch(`${url}/api/accounts`, { headers: { cookie } });
      expect(await accounts.json()).toEqual([expect.objectContaining({ name: 'admin', role: 'admin' })]);
      expect((await fetch(`${url}/api/accounts`)).status).toBe(401);
      const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as { openapi: string };
      expect(doc.openapi).toBe('3.1.0');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
