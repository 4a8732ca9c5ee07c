import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { Store } from './connection.ts';
import { getReview, listReviews, saveReview } from './reviews.ts';
import { postgresBackend, postgresReachable } from './test-support/backends.ts';
import { startWriter } from './test-support/start-writer.ts';

/**
 * crash.test.ts's kill, on PostgreSQL: a writer SIGKILLed in the middle of its findings' COPY. The server rolls the
 * transaction back when the connection drops; the dead rows' space is PostgreSQL's to reclaim (autovacuum), and once
 * it has, the next review reuses it instead of growing the store.
 */
const WRITER_ASSETS = 400;
const earlier = [syntheticReview({ assets: 5, seed: 1, reviewDate: '2026-06-01' }), syntheticReview({ assets: 5, seed: 2, reviewDate: '2026-09-01' })];
const written = syntheticReview({ assets: WRITER_ASSETS, seed: 99, reviewDate: '2026-12-01' });
const backend = postgresBackend();
const reachable = process.env.CI !== undefined || (await postgresReachable());

afterAll(() => backend.cleanup());

async function withEarlierReviews(): Promise<Store> {
  const store = await backend.fresh();
  for (const review of earlier) await saveReview(store, review, { runBy: 'ana' });
  return store;
}

it.runIf(reachable)('a writer killed during its COPY leaves the earlier reviews, no partial review, and space the next review reuses', async () => {
  // The same reviews stored without a crash: the size a store that never saw one has.
  const clean = await withEarlierReviews();
  await saveReview(clean, written, { runBy: 'crash-test' });
  const cleanSize = await storeSize(clean);
  await clean.close();

  const store = await withEarlierReviews();
  const url = new URL((store.location as { url: string }).url);
  const name = `rampart-crash-${process.pid}`;
  url.searchParams.set('application_name', name);
  const { output } = await startWriter(url.toString(), WRITER_ASSETS, 'kill');
  expect(output).toMatch(/batch \d+\/\d+\nfrozen/);
  // The server ends the killed writer's session (and rolls its transaction back) once it sees the connection gone.
  while ((await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where application_name = ${name}`.execute(store.db)).rows[0]?.n) await sleep(100);

  const list = await listReviews(store);
  expect(list.map((r) => r.reviewDate)).toEqual(['2026-09-01', '2026-06-01']);
  for (const [i, meta] of [...list].reverse().entries()) expect((await getReview(store, meta.id)).review).toEqual(JSON.parse(JSON.stringify(earlier[i])));
  const rows = await sql<{ n: number }>`select count(*)::int as n from review_finding`.execute(store.db);
  expect(rows.rows[0]?.n).toBe(earlier[0]!.findings.length + earlier[1]!.findings.length);

  // What autovacuum does in its own time, done now: the aborted rows' space is marked free. The whole review then
  // goes into it. Without the vacuum the store ends about half a review larger than the clean one, over this bound.
  await sql`vacuum review, review_finding, review_asset`.execute(store.db);
  expect((await saveReview(store, written, { runBy: 'crash-test' })).id).toBe(4);
  expect(await storeSize(store)).toBeLessThan(cleanSize * 1.25);
  await store.close();
});

/** The bytes of Rampart's tables in the store's schema, with their indexes and TOAST. */
async function storeSize(store: Store): Promise<number> {
  const result = await sql<{ bytes: string }>`select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'`.execute(store.db);
  return Number(result.rows[0]?.bytes ?? 0);
}
