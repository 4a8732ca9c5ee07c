// `npm run bench server`: the findings API under load, on loopback. A generated organisation (the same generator as
// `npm run bench store`; RAMPART_BENCH_ASSETS, default 10000 assets) is reviewed once and stored in a fresh store of
// each backend (RAMPART_BENCH_BACKENDS, default "pglite,postgres"; PostgreSQL at DATABASE_URL or the tests' local one,
// in a schema of its own, dropped after). For each, the server listens on an ephemeral port of 127.0.0.1 and
// autocannon sends 50 concurrent clients at GET /api/findings with read tokens for RAMPART_BENCH_SECONDS (default 20)
// per case: the first page, a deep page (the cursor halfway through the review), filtered pages, and an asset owner's
// own findings. Prints latency p50/p99 and requests per second, with the load average.
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { addAccount } from '../src/accounts/accounts.ts';
import { SignInThrottle } from '../src/accounts/throttle.ts';
import { createToken } from '../src/accounts/tokens.ts';
import { storeAuditSink } from '../src/audit/audit-log.ts';
import { generateOrganisation } from '../src/inventory/test-support/generate-organisation.ts';
import { stageReview, type StagedReview } from '../src/review/run-review.ts';
import { createApp } from '../src/server/app.ts';
import type { Role } from '../src/server/env.ts';
import { openStore, type Store } from '../src/store/connection.ts';
import { saveStagedReview } from '../src/store/reviews.ts';
import { TEST_DATABASE_URL, withSearchPath } from '../src/store/test-support/backends.ts';

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
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<Result>;

type Backend = 'pglite' | 'postgres';

export async function run(): Promise<void> {
  const assets = Number(process.env.RAMPART_BENCH_ASSETS ?? 10_000);
  const seconds = Number(process.env.RAMPART_BENCH_SECONDS ?? 20);
  const backends = (process.env.RAMPART_BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim()) as Backend[];
  const root = await mkdtemp(join(tmpdir(), 'rampart-bench-server-'));
  try {
    const { inventory, register } = generateOrganisation(assets);
    await writeFile(join(root, 'inventory.yaml'), inventory);
    await writeFile(join(root, 'register.yaml'), register);
    const staged = await stageReview({ inventory: root, reviewDate: new Date('2026-11-22T00:00:00Z') });
    console.log(`${assets} assets; ${seconds} s per case, 50 connections`);
    console.log('| store | request | p50 ms | p99 ms | requests/s | non-2xx or errors | load average (1 min) |');
    console.log('|---|---|---:|---:|---:|---:|---:|');
    for (const backend of backends) await benchBackend(backend, staged, root, seconds);
    const usage = process.resourceUsage();
    console.log(`peak RSS ${(usage.maxRSS / 1024).toFixed(0)} MB; CPU user+sys ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1)} s (this process: the generation, analysis, PGlite, server and autocannon; not PostgreSQL's own processes)`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function benchBackend(backend: Backend, staged: StagedReview, root: string, seconds: number): Promise<void> {
  const schema = `rampart_bench_${process.pid}`;
  const url = process.env.DATABASE_URL ?? TEST_DATABASE_URL;
  if (backend === 'postgres') await admin(url, `create schema ${schema}`);
  const store = backend === 'pglite' ? await openStore({ kind: 'pglite', dir: join(root, 'store') }, { mode: 'serve' }) : await openStore({ kind: 'postgres', url: withSearchPath(url, schema) }, { mode: 'serve' });
  try {
    const meta = await saveStagedReview(store, staged, { runBy: 'bench' });
    const viewer = await tokenFor(store, 'bench', 'viewer');
    const owner = await tokenFor(store, 'team-3', 'asset-owner');
    const clock = () => new Date();
    const app = createApp({ store, clock, audit: storeAuditSink(store, clock), throttle: new SignInThrottle(clock), secureCookies: false, addressOf: () => '127.0.0.1', startReview: () => Promise.reject(new Error('not in the bench')) });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const halfway = await cursorAt(base, viewer, Math.floor(meta.findingCount / 2));
    const cases: [string, string, string][] = [
      ['first page of 50', '/api/findings?limit=50', viewer],
      [`deep page: 50 after finding ${Math.floor(meta.findingCount / 2)} (cursor)`, `/api/findings?limit=50&cursor=${encodeURIComponent(halfway)}`, viewer],
      ['level=critical&status=open', '/api/findings?limit=50&level=critical&status=open', viewer],
      ['owner=team-3&level=high', '/api/findings?limit=50&owner=team-3&level=high', viewer],
      ['asset owner team-3, sort=risk', '/api/findings?limit=50&sort=risk', owner],
      ['search=model-42', '/api/findings?limit=50&search=model-42', viewer],
    ];
    for (const [name, path, token] of cases) {
      const result = await autocannon({ url: `${base}${path}`, connections: 50, duration: seconds, headers: { authorization: `Bearer ${token}` } });
      console.log(`| ${backend} (${meta.findingCount} findings) | ${name} | ${result.latency.p50} | ${result.latency.p99} | ${result.requests.average.toFixed(0)} | ${result.non2xx + result.errors} | ${loadavg()[0]?.toFixed(2)} |`);
    }
    await new Promise((resolve) => server.close(resolve));
  } finally {
    await store.close();
    if (backend === 'postgres') await admin(url, `drop schema if exists ${schema} cascade`);
  }
}

async function tokenFor(store: Store, name: string, role: Role): Promise<string> {
  const account = await addAccount(store, { name, role, password: 'bench-password-long' });
  return (await createToken(store, { accountId: account.id, label: 'bench', scope: 'read', days: 1 }, () => new Date())).token;
}

/** The cursor after the first `position` findings in rank order, walked 500 at a time as a client would. */
async function cursorAt(base: string, token: string, position: number): Promise<string> {
  let cursor: string | null = null;
  for (let seen = 0; seen < position; seen += 500) {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await fetch(`${base}/api/findings?limit=500${query}`, { headers: { authorization: `Bearer ${token}` } });
    cursor = ((await response.json()) as { nextCursor: string | null }).nextCursor;
    if (cursor === null) throw new Error(`the review ended before finding ${position}`);
  }
  return cursor as string;
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
