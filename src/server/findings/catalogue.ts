import { sql } from 'kysely';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';

export interface CatalogueAsset {
  name: string;
  /** The asset's ATLAS element (`model`, `data`, …), `unknown` where the document has none. */
  element: string;
  /** The owner as the review's inventory names it. */
  owner: string | undefined;
}

export interface CatalogueTechnique {
  name: string;
  tactics: readonly string[];
}

/**
 * A review's assets and ATLAS techniques, as its document records them: what the findings list needs to show a
 * finding (technique name, asset owner) and to turn the owner, tactic and search filters into lists of ids. Reviews
 * are immutable, so this is read once per review and kept (the newest few): reading it from the review's document
 * on every request would unpack the whole document, tens of megabytes at 10,000 assets, and reading names from each
 * finding's `detail` would unpack a large jsonb per row.
 */
export interface ReviewCatalogue {
  assets: ReadonlyMap<string, CatalogueAsset>;
  techniques: ReadonlyMap<string, CatalogueTechnique>;
}

const KEPT = 16;
const cache = new Map<string, Promise<ReviewCatalogue>>();

export function reviewCatalogue(store: Store, reviewId: number): Promise<ReviewCatalogue> {
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

async function load(store: Store, reviewId: number): Promise<ReviewCatalogue> {
  await refreshStatistics(store);
  const assets = await read(store, () =>
    // Rows of review_asset since migration 0008; a review stored before keeps its assets in its document.
    sql<{ id: string; name: string | null; element: string | null; owner: string | null }>`select x->>'id' as id, x->>'name' as name, x->>'element' as element, x->>'owner' as owner
      from (select snapshot as x from review_asset where review_id = ${reviewId}
        union all select x from review r, jsonb_array_elements(r.document->'assets') x where r.id = ${reviewId}) assets`.execute(store.db),
  );
  const techniques = await read(store, () =>
    sql<{ id: string; name: string | null; tactics: unknown }>`select t->>'id' as id, t->>'name' as name, t->'tactics' as tactics
      from review r, jsonb_array_elements(r.document->'matrix'->'techniques') t where r.id = ${reviewId}`.execute(store.db),
  );
  return {
    assets: new Map(assets.rows.map((r) => [r.id, { name: r.name ?? r.id, element: r.element ?? 'unknown', owner: r.owner ?? undefined }])),
    techniques: new Map(techniques.rows.map((r) => [r.id, { name: r.name ?? r.id, tactics: Array.isArray(r.tactics) ? r.tactics.filter((t): t is string => typeof t === 'string') : [] }])),
  };
}

/**
 * The planner's statistics of `review_finding`, refreshed when this server first reads a review: a new review adds
 * hundreds of thousands of rows, PGlite never runs autovacuum and PostgreSQL's may come minutes later. Without them
 * the planner took a level (8,000 rows) for 17 and fetched every one from the heap to filter by owner: 750 ms for
 * a page that takes 48 ms once it knows (3,000 assets, PostgreSQL; docs/team-server.md, "The findings list"). ANALYZE samples a bounded
 * number of rows, so it costs about the same at any size. A store opened read-only cannot: the page is then slower,
 * not wrong.
 */
async function refreshStatistics(store: Store): Promise<void> {
  await sql`analyze review_finding`.execute(store.db).catch(() => undefined);
}
