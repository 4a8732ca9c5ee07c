import { sql } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import type { Actor } from '../env.ts';
import { ownedAssets } from '../findings/ownership.ts';

export interface ReviewAsset {
  id: string;
  name: string;
  element: string;
  owner: string | undefined;
}

/** Filters the UI offers over a review's assets. */
export interface AssetFilter {
  asset?: string | undefined;
  element?: string | undefined;
  owner?: string | undefined;
}

/**
 * A review's assets (id, name, element, owner), read once per review and kept: reviews are immutable, and unpacking
 * the assets from the document on every request would cost tens of megabytes at 10,000 assets.
 */
const KEPT = 16;
const cache = new Map<string, Promise<ReviewAsset[]>>();

export function reviewAssets(store: Store, reviewId: number): Promise<ReviewAsset[]> {
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

async function load(store: Store, reviewId: number): Promise<ReviewAsset[]> {
  const rows = await read(store, () =>
    sql<{ id: string; name: string | null; element: string | null; owner: string | null }>`select x->>'id' as id, x->>'name' as name, x->>'element' as element, x->>'owner' as owner
      from review r, jsonb_array_elements(r.document->'assets') x where r.id = ${reviewId}`.execute(store.db),
  );
  return rows.rows.map((r) => ({ id: r.id, name: r.name ?? r.id, element: r.element ?? 'unknown', owner: r.owner ?? undefined }));
}

/**
 * The assets a view covers: those the filter keeps, and for an asset owner only their own. `undefined` means every
 * asset (no filter, not an asset owner), so queries need no list of ids.
 */
export async function assetsInView(store: Store, review: { id: number; organisation: string }, filter: AssetFilter, actor: Actor): Promise<{ all: ReviewAsset[]; ids: string[] | undefined }> {
  const all = await reviewAssets(store, review.id);
  const owned = actor.role === 'asset-owner' ? await ownedAssets(store, actor, review.organisation, review.id) : undefined;
  const visible = owned ? all.filter((a) => owned.has(a.id)) : all;
  const filtered = visible.filter((a) => (filter.asset === undefined || a.id === filter.asset) && (filter.element === undefined || a.element === filter.element) && (filter.owner === undefined || a.owner === filter.owner));
  const narrowed = owned !== undefined || filter.asset !== undefined || filter.element !== undefined || filter.owner !== undefined;
  return { all: visible, ids: narrowed ? filtered.map((a) => a.id) : undefined };
}
