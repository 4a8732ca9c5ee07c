import type { Actor } from '../env.ts';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import { serverDb } from '../tables.ts';
import { reviewCatalogue } from './catalogue.ts';

/**
 * The asset ids an asset owner owns in a review: those the review's inventory gives them as `owner` (matched to the
 * account name, case-insensitively), and those an admin granted them (`account_asset`).
 */
export async function ownedAssets(store: Store, actor: Actor, organisation: string, reviewId: number): Promise<Set<string>> {
  const name = actor.name.toLowerCase();
  const owned = new Set<string>();
  for (const [asset, { owner }] of (await reviewCatalogue(store, reviewId)).assets) if (owner?.toLowerCase() === name) owned.add(asset);
  const granted = await read(store, () => serverDb(store).selectFrom('account_asset').select('asset_id').where('account_id', '=', actor.id).where('organisation', '=', organisation).execute());
  for (const row of granted) owned.add(row.asset_id);
  return owned;
}

/** Whether the actor may see and change an asset's findings: asset owners only their own; other roles are not asset-scoped. */
export async function mayTouchAsset(store: Store, actor: Actor, organisation: string, reviewId: number, assetId: string): Promise<boolean> {
  if (actor.role !== 'asset-owner') return true;
  return (await ownedAssets(store, actor, organisation, reviewId)).has(assetId);
}
