import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { countAccounts } from '../accounts/accounts.ts';
import { SignInThrottle } from '../accounts/throttle.ts';
import { storeAuditSink } from '../audit/audit-log.ts';
import { openStore } from '../store/connection.ts';
import { resolveStoreLocation } from '../store/location.ts';
import { createApp } from './app.ts';
import { inProcessStarter } from './in-process-starter.ts';

export interface ServeOptions {
  port: number;
  host: string;
  store?: string | undefined;
  publicUrl?: string | undefined;
  inventoryRoot?: string[] | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Open the store (PGlite in place, or PostgreSQL), build the app and listen. Cookies are `Secure` except when the
 * server listens on loopback over plain http without a public URL: a browser drops Secure cookies on http, and
 * loopback traffic never leaves the machine. Ends cleanly on SIGINT/SIGTERM.
 */
export async function startServer(options: ServeOptions): Promise<{ url: string; where: string; accounts: number; closed: Promise<void> }> {
  const store = await openStore(resolveStoreLocation({ store: options.store }), { mode: 'serve' });
  const clock = () => new Date();
  const audit = storeAuditSink(store, clock);
  const starter = inProcessStarter(store, audit, clock);
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  const app = createApp({
    store,
    clock,
    audit,
    throttle: new SignInThrottle(clock),
    secureCookies: publicOrigin !== undefined || !LOOPBACK.has(options.host),
    ...(publicOrigin ? { publicOrigin } : {}),
    addressOf: (c) => getConnInfo(c).remote.address ?? 'unknown',
    startReview: starter.start,
    runs: starter.runs,
    ...(options.inventoryRoot ? { inventoryRoots: options.inventoryRoot } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const closed = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => {
        void starter
          .idle()
          .then(() => store.close())
          .finally(resolve);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return { url: `http://${host}:${address.port}`, where: store.where, accounts: await countAccounts(store), closed };
}
