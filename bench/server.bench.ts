// `npm run bench server`: the findings API under load, on loopback. A generated organisation (the same generator as
// `npm run bench store`; RAMPART_BENCH_ASSETS, default 10000 assets) is reviewed and stored in a fresh PGlite store,
// the server is started in this process on an ephemeral port of 127.0.0.1, and autocannon sends 50 concurrent
// clients at GET /api/findings with an API token for RAMPART_BENCH_SECONDS (default 20): one page of 50 unfiltered,
// then filtered by level and status. Prints latency p50/p99 and requests per second, with the load average.
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { addAccount } from '../src/accounts/accounts.ts';
import { SignInThrottle } from '../src/accounts/throttle.ts';
import { createToken } from '../src/accounts/tokens.ts';
import { storeAuditSink } from '../src/audit/audit-log.ts';
import { generateOrganisation } from '../src/inventory/test-support/generate-organisation.ts';
import { stageReview } from '../src/review/run-review.ts';
import { createApp } from '../src/server/app.ts';
import { openStore } from '../src/store/connection.ts';
import { saveStagedReview } from '../src/store/reviews.ts';

interface Histogram {
  p50: number;
  p99: number;
  average: number;
}
interface Result {
  latency: Histogram;
  requests: Histogram & { total: number };
  non2xx: number;
  errors: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<Result>;

export async function run(): Promise<void> {
  const assets = Number(process.env.RAMPART_BENCH_ASSETS ?? 10_000);
  const seconds = Number(process.env.RAMPART_BENCH_SECONDS ?? 20);
  const root = await mkdtemp(join(tmpdir(), 'rampart-bench-server-'));
  try {
    const { inventory, register } = generateOrganisation(assets);
    await writeFile(join(root, 'inventory.yaml'), inventory);
    await writeFile(join(root, 'register.yaml'), register);
    const store = await openStore({ kind: 'pglite', dir: join(root, 'store') }, { mode: 'serve' });
    const staged = await stageReview({ inventory: root, reviewDate: new Date('2026-11-22T00:00:00Z') });
    const meta = await saveStagedReview(store, staged, { runBy: 'bench' });
    const account = await addAccount(store, { name: 'bench', role: 'viewer', password: 'bench-password-long' });
    const { token } = await createToken(store, { accountId: account.id, label: 'bench', scope: 'read', days: 1 }, () => new Date());
    const clock = () => new Date();
    const app = createApp({ store, clock, audit: storeAuditSink(store, clock), throttle: new SignInThrottle(clock), secureCookies: false, addressOf: () => '127.0.0.1', startReview: () => Promise.reject(new Error('not in the bench')) });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const { port } = server.address() as { port: number };
    console.log(`${assets} assets, ${meta.findingCount} findings stored; ${seconds} s per case, 50 connections`);
    console.log('| request | p50 ms | p99 ms | requests/s | non-2xx | load average (1 min) |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [name, path] of [
      ['first page of 50', '/api/findings?pageSize=50'],
      ['page 100 of 50', '/api/findings?pageSize=50&page=100'],
      ['level=critical, status=open', '/api/findings?pageSize=50&level=critical&status=open'],
      ['one asset', `/api/findings?pageSize=50&asset=${staged.ranked[Symbol.iterator]().next().value?.assetId ?? 'x'}`],
    ] as const) {
      const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 50, duration: seconds, headers: { authorization: `Bearer ${token}` } });
      console.log(`| ${name} | ${result.latency.p50} | ${result.latency.p99} | ${result.requests.average.toFixed(0)} | ${result.non2xx + result.errors} | ${loadavg()[0]?.toFixed(2)} |`);
    }
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; CPU user+sys ${((process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6).toFixed(1)} s`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
