import { getHeapStatistics } from 'node:v8';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Finding } from '../assess/finding.ts';
import type { StoredReviewMeta } from '../review/history.ts';
import type { FindingOrder, FindingSource, ReviewDocument, StreamedReview } from '../report/stream/finding-source.ts';
import type { Store } from './connection.ts';
import { StoredDocument, StoredFinding } from './document.ts';
import { getReviewMeta, read, unknownReview } from './reviews.ts';
import { storedAssets } from './asset-pages.ts';
import { storeError } from './store-error.ts';
import { collectGarbage } from '../util/collect-garbage.ts';

/**
 * Findings per read. Each finding comes back as its own row, never as one `json_agg` string per page: a
 * multi-megabyte string goes straight to V8's large-object space, where only a full collection frees it, and the
 * pages of a 300,000-finding review piled up there by the gigabyte between collections. 500 findings (under a
 * megabyte) is as fast as 2,000 per page on PGlite and keeps a page young enough to die in a scavenge (`npm run bench
 * cli`, docs/benchmarks/scale.md). Each `detail` comes as text and is parsed here: PGlite parsed it on its worker and
 * posted the objects, and copying objects between threads cost more than the parse (a read of 27,000 findings ~20%
 * less CPU as text); PostgreSQL's driver would parse it the same way.
 */
export const FINDING_PAGE = 500;

/**
 * Heap growth, since the last full collection, after which reading the findings forces one (util/collect-garbage.ts),
 * as the write does (bulk-insert.ts). A page lives while its findings go through a writer's awaits, so it survives
 * scavenges and is promoted; V8 then let the old space fill with dead pages: `report --format markdown` of 10,000
 * assets from PostgreSQL had ~100 MB live and a heap of 390 MB before its first full collection, 519 MB peak RSS
 * against 162 MB at 1,000 assets. Counted in bytes rather than findings because formats leave garbage at different
 * rates: every 25,000 findings kept markdown at 279 MB but let OCSF reach 477 MB. 32 MB rather than 64: with the
 * outlines gone from the report path (store/report-context.ts), that slack of garbage was most of what a 10,000-asset
 * report held beyond a 1,000-asset one (markdown 225 → 176 MB against 152 MB at 1,000; 16 MB gave 169 MB for ~70%
 * more CPU; docs/benchmarks/scale.md, "issue 18's fifth pass").
 */
const COLLECT_AFTER = 32 << 20;

/** Called after each page: a full collection once the heap has grown COLLECT_AFTER since the last one (or the first page). */
function collector(): () => void {
  let floor: number | undefined;
  return () => {
    const used = getHeapStatistics().used_heap_size;
    if (floor === undefined || used < floor) floor = used;
    if (used - floor < COLLECT_AFTER) return;
    collectGarbage();
    floor = getHeapStatistics().used_heap_size;
  };
}

export async function openStoredReview(store: Store, id: number, pageSize = FINDING_PAGE): Promise<{ meta: StoredReviewMeta; review: StreamedReview }> {
  const meta = await getReviewMeta(store, id);
  const row = await read(store, () => store.db.selectFrom('review').select('document').where('id', '=', id).executeTakeFirst());
  if (!row) throw unknownReview(store, id);
  // The document without its per-asset parts (rows of review_asset since migration 0008, read in pages as a report
  // writes: asset-pages.ts); a review stored before keeps them in its document.
  const parsed = StoredDocument.safeParse(row.document);
  if (!parsed.success) throw damaged(`review ${id}`, parsed.error.issues[0]?.message ?? 'invalid');
  // The checked fields are the ones any reader uses; the rest is Rampart's own earlier output, kept whole.
  const document = parsed.data as unknown as ReviewDocument;
  return { meta, review: { document, assets: storedAssets(store, id, document, meta.assetCount), findings: storedFindings(store, id, meta.findingCount, pageSize) } };
}

export function storedFindings(store: Store, reviewId: number, count: number, pageSize = FINDING_PAGE): FindingSource {
  return {
    count,
    read: (order: FindingOrder) => (order === 'rank' ? byRank(store, reviewId, count, pageSize) : byAsset(store, reviewId, count, pageSize)),
  };
}

async function* byRank(store: Store, id: number, count: number, pageSize: number): AsyncGenerator<Finding> {
  const collect = collector();
  let seen = 0;
  for (let from = 0; from < count; from += pageSize) {
    const page = await readPage(store, id, sql`select detail::text as detail from review_finding
      where review_id = ${id} and rank >= ${from} and rank < ${from + pageSize} order by rank`);
    seen += page.length;
    yield* page;
    collect();
  }
  if (seen !== count) throw damaged(`review ${id} findings`, `${seen} stored, ${count} expected`);
}

/** Keyset pages along the primary key (review, asset, technique): each page starts where the last ended, in the index's order. */
async function* byAsset(store: Store, id: number, count: number, pageSize: number): AsyncGenerator<Finding> {
  const collect = collector();
  let seen = 0;
  let after = { assetId: '', techniqueId: '' };
  for (;;) {
    // The text cast outside the limit: a store whose planner has no statistics sorts every remaining row for each page
    // (see reviews.ts analyseFindings), and would otherwise cast them all.
    const page = await readPage(store, id, sql`select detail::text as detail from (select asset_id, technique_id, detail from review_finding
      where review_id = ${id} and (asset_id, technique_id) > (${after.assetId}, ${after.techniqueId})
      order by asset_id, technique_id limit ${pageSize}) page order by asset_id, technique_id`);
    seen += page.length;
    yield* page;
    collect();
    const last = page.at(-1);
    if (!last || page.length < pageSize) break;
    after = { assetId: last.assetId, techniqueId: last.techniqueId };
  }
  if (seen !== count) throw damaged(`review ${id} findings`, `${seen} stored, ${count} expected`);
}

const Page = z.array(StoredFinding);

/**
 * One page of findings, checked by zod. The rows' own objects are kept, not zod's copies of them (a loose object is
 * copied as it is checked): the copies die at once, so a page is held once, not twice.
 */
async function readPage(store: Store, id: number, query: ReturnType<typeof sql<{ detail: string }>>): Promise<Finding[]> {
  const result = await read(store, () => query.execute(store.db));
  const details = result.rows.map((row) => JSON.parse(row.detail) as unknown);
  const checked = Page.safeParse(details);
  if (!checked.success) throw damaged(`review ${id} findings`, checked.error.issues[0]?.message ?? 'invalid');
  return details as Finding[];
}

function damaged(what: string, why: string): Error {
  return storeError(`${what} in the store is not in the expected shape (${why})`, '', 'the store may be damaged or written by an incompatible Rampart; restore a backup or start a new store');
}
