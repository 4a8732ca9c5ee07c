import { sql } from 'kysely';
import type { Store } from './connection.ts';
import { read } from './reviews.ts';

export interface StoredOrganisation {
  name: string;
  reviews: number;
  /** The newest review's id, if any. */
  latest: number | undefined;
}

/** The organisations the store holds, by name, with how many reviews each has. */
export async function listOrganisations(store: Store): Promise<StoredOrganisation[]> {
  const rows = await read(store, () =>
    sql<{ name: string; reviews: number; latest: number | null }>`select o.name, count(r.id)::int as reviews, max(r.id) as latest
      from organisation o left join review r on r.organisation = o.name group by o.name order by o.name`.execute(store.db),
  );
  return rows.rows.map((r) => ({ name: r.name, reviews: r.reviews, latest: r.latest ?? undefined }));
}

/** How many waivers belong to no organisation (recorded before organisations, in a store holding several). */
export async function countUnassignedWaivers(store: Store): Promise<number> {
  const row = await read(store, () => store.db.selectFrom('waiver').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation', 'is', null).executeTakeFirst());
  return Number(row?.n ?? 0);
}
