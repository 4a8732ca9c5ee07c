import type { Store } from '../../store/connection.ts';
import type { Actor } from '../env.ts';
import { reviewCatalogue } from '../findings/catalogue.ts';
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

/** A review's assets (id, name, element, owner), from the findings list's per-review catalogue (read once, kept). */
export async function reviewAssets(store: Store, reviewId: number): Promise<ReviewAsset[]> {
  const { assets } = await reviewCatalogue(store, reviewId);
  return [...assets].map(([id, asset]) => ({ id, ...asset }));
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
