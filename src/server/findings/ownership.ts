import { sql } from 'kysely';
import type { Actor } from '../env.ts';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';

/**
 * Whether an asset owner owns an asset of an organisation: the review's inventory names them as the asset's `owner`
 * (matched to the account name, case-insensitively), or an admin granted it (`account_asset`). Other roles are not
 * asset-scoped: for them every asset counts as visible.
 */
export async function mayTouchAsset(store: Store, actor: Actor, organisation: string, reviewId: number, assetId: string): Promise<boolean> {
  if (actor.role !== 'asset-owner') return true;
  const found = await read(store, () =>
    sql<{ n: number }>`select 1 as n from review r, jsonb_array_elements(r.document->'assets') a
        where r.id = ${reviewId} and a->>'id' = ${assetId} and lower(a->>'owner') = lower(${actor.name})
      union all
      select 1 as n from account_asset g where g.account_id = ${actor.id} and g.organisation = ${organisation} and g.asset_id = ${assetId}
      limit 1`.execute(store.db),
  );
  return found.rows.length > 0;
}

/** The asset ids an asset owner owns in a review (inventory owner field and grants). */
export async function ownedAssets(store: Store, actor: Actor, organisation: string, reviewId: number): Promise<Set<string>> {
  const rows = await read(store, () =>
    sql<{ id: string }>`select a->>'id' as id from review r, jsonb_array_elements(r.document->'assets') a
        where r.id = ${reviewId} and lower(a->>'owner') = lower(${actor.name})
      union
      select g.asset_id as id from account_asset g where g.account_id = ${actor.id} and g.organisation = ${organisation}`.execute(store.db),
  );
  return new Set(rows.rows.map((r) => r.id));
}
