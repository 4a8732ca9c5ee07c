import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { countAccounts } from '../accounts/accounts.ts';
import { SignInThrottle } from '../accounts/throttle.ts';
import { storeAuditSink } from '../audit/audit-log.ts';
import { usageError } from '../errors.ts';
import { openStore } from '../store/connection.ts';
import { resolveStoreLocation } from '../store/location.ts';
import { startServerJobs } from '../jobs/in-process-jobs.ts';
import { createApp } from './app.ts';
import { releasesDirFor, serverMounts } from './mounts.ts';
import { WEB_ROOT } from './web-assets.ts';

export interface ServeOptions {
  port: number;
  host: string;
  store?: string | undefined;
  publicUrl?: string | undefined;
  inventoryRoot?: string[] | undefined;
  /** Slack-compatible webhook told of new critical findings and regressions of each review the server stores. */
  notify?: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Open the store (PGlite in place, or PostgreSQL), start the jobs (on PGlite the server runs them; on PostgreSQL it
 * only queues them for `rampart worker`s) and the scheduler, build the app with the jobs', schedules' and triggers'
 * sub-apps mounted, and listen. Cookies are `Secure` except when the server listens on loopback over plain http
 * without a public URL: a browser drops Secure cookies on http, and loopback traffic never leaves the machine. Ends
 * cleanly on SIGINT/SIGTERM: no new requests, then the scheduler stops and the running jobs finish, then the store
 * closes.
 */
export async function startServer(options: ServeOptions): Promise<{ url: string; where: string; jobs: string; accounts: number; closed: Promise<void> }> {
  const store = await openStore(resolveStoreLocation({ store: options.store }), { mode: 'serve' });
  const clock = () => new Date();
  const audit = storeAuditSink(store, clock);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const jobs = await startServerJobs({ store, clock, ...(options.notify ? { notifyUrl: options.notify } : {}), onError: (error) => log(`rampart serve: ${error instanceof Error ? error.message : String(error)}`) });
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  const app = createApp({
    store,
    clock,
    audit,
    throttle: new SignInThrottle(clock),
    secureCookies: publicOrigin !== undefined || !LOOPBACK.has(options.host),
    ...(publicOrigin ? { publicOrigin } : {}),
    addressOf: (c) => getConnInfo(c).remote.address ?? 'unknown',
    startReview: jobs.startReview,
    mount: serverMounts({ store, queue: jobs.queue, audit, clock, releasesDir: releasesDirFor(store), inventoryRoots: options.inventoryRoot }),
    ...(options.inventoryRoot ? { inventoryRoots: options.inventoryRoot } : {}),
    webRoot: WEB_ROOT,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (error: unknown) => {
    // Port taken or address not ours: let go of the jobs and the store's lock before reporting it.
    await jobs.stop().finally(() => store.close());
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL') throw usageError(`cannot listen on ${options.host}:${options.port} (${code})`, 'choose another --port (0: any free one) or --host');
    throw error;
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const closed = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => {
        void jobs
          .stop()
          .then(() => store.close())
          .finally(resolve);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const runsJobs = jobs.queue.backend === 'in-process' ? 'jobs run in this process' : 'jobs queued for `rampart worker`s';
  return { url: `http://${host}:${address.port}`, where: store.where, jobs: runsJobs, accounts: await countAccounts(store), closed };
}
