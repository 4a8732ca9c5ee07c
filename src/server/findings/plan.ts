import { sql } from 'kysely';
import type { PlanItem } from '../../assess/plan.ts';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import type { Actor } from '../env.ts';
import { ownedAssets } from './ownership.ts';

/**
 * A review's remediation plan (one item per action, control and owning team, by risk removed), read from the
 * stored document in SQL. An asset owner gets only the items that touch their assets, each narrowed to those assets:
 * the other teams' assets are not theirs to see, even by name. The item's totals (findings, risk removed) stay the
 * whole item's, as the plan computed them.
 */
export async function reviewPlan(store: Store, reviewId: number, organisation: string, actor: Actor): Promise<PlanItem[]> {
  const result = await read(store, () => sql<{ item: PlanItem }>`select p.item from review r, jsonb_array_elements(r.document->'plan') as p(item) where r.id = ${reviewId}`.execute(store.db));
  const items = result.rows.map((r) => r.item);
  if (actor.role !== 'asset-owner') return items;
  const owned = await ownedAssets(store, actor, organisation, reviewId);
  return items.flatMap((item) => {
    const assets = item.assets.filter((a) => owned.has(a));
    return assets.length > 0 ? [{ ...item, assets }] : [];
  });
}
