import { sql } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';

/**
 * Filtered counts of a review's findings, kept. A review's rows never change, so a count that depends on them alone
 * holds for good; one that filters on status or assignee also depends on the organisation's `finding_state`, so it
 * is kept under that table's version (its row count and newest change, one index read) and counted again once any
 * finding is triaged — by this server or another on the same PostgreSQL.
 *
 * Counting is what a filtered first page spends most on at 300,000 findings (a level holds tens of thousands), and a
 * team's dashboards ask the same few filters again and again.
 */
const KEPT = 512;
/** Promises, so the 50 requests that ask for the same new count at once share one count instead of running 50. */
const cache = new Map<string, Promise<number>>();

export async function keptCount(store: Store, key: { reviewId: number; organisation: string; query: string; dependsOnState: boolean }, count: () => Promise<number>): Promise<number> {
  const version = key.dependsOnState ? await stateVersion(store, key.organisation) : '';
  const id = `${store.where}#${key.reviewId}#${key.query}#${version}`;
  let kept = cache.get(id);
  if (kept) {
    // Most recently used last, so the oldest is the one dropped.
    cache.delete(id);
  } else {
    kept = count();
    kept.catch(() => cache.delete(id));
  }
  cache.set(id, kept);
  if (cache.size > KEPT) cache.delete(cache.keys().next().value as string);
  return kept;
}

async function stateVersion(store: Store, organisation: string): Promise<string> {
  const result = await read(store, () =>
    sql<{ n: string | number; at: Date | string | null }>`select count(*) as n, max(updated_at) as at from finding_state where organisation = ${organisation}`.execute(store.db),
  );
  const row = result.rows[0];
  return `${row?.n ?? 0}@${row?.at ? new Date(row.at).getTime() : 0}`;
}
