import { sql } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';

/**
 * Each asset's owner as a review's inventory names it. Reviews are immutable, so this is read once per review and
 * kept (the newest few): reading it from the review's document on every request would unpack the whole document,
 * tens of megabytes at 10,000 assets.
 */
const KEPT = 16;
const cache = new Map<string, Promise<Map<string, string | undefined>>>();

export function assetOwners(store: Store, reviewId: number): Promise<Map<string, string | undefined>> {
  const key = `${store.where}#${reviewId}`;
  let found = cache.get(key);
  if (!found) {
    found = load(store, reviewId);
    found.catch(() => cache.delete(key));
    cache.set(key, found);
    if (cache.size > KEPT) cache.delete(cache.keys().next().value as string);
  }
  return found;
}

async function load(store: Store, reviewId: number): Promise<Map<string, string | undefined>> {
  const rows = await read(store, () =>
    sql<{ id: string; owner: string | null }>`select x->>'id' as id, x->>'owner' as owner from review r, jsonb_array_elements(r.document->'assets') x where r.id = ${reviewId}`.execute(store.db),
  );
  return new Map(rows.rows.map((r) => [r.id, r.owner ?? undefined]));
}
