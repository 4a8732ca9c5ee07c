import { sql } from 'kysely';
import { z } from 'zod';
import type { Finding } from '../assess/finding.ts';
import type { StoredReviewMeta } from '../review/history.ts';
import type { FindingOrder, FindingSource, ReviewDocument, StreamedReview } from '../report/stream/finding-source.ts';
import type { Store } from './connection.ts';
import { StoredDocument, StoredFinding } from './document.ts';
import { getReviewMeta, read, unknownReview } from './reviews.ts';
import { storeError } from './store-error.ts';

/** Findings per read: one JSON array a few megabytes long, so a page costs one round trip and little memory. */
export const FINDING_PAGE = 2_000;

/**
 * A stored review for the report writers: its document, and its findings read a page at a time in rank order
 * (or each asset's together), so rendering a 300,000-finding review never holds more than a page of them.
 */
export async function openStoredReview(store: Store, id: number, pageSize = FINDING_PAGE): Promise<{ meta: StoredReviewMeta; review: StreamedReview }> {
  const meta = await getReviewMeta(store, id);
  const row = await read(store, () => store.db.selectFrom('review').select('document').where('id', '=', id).executeTakeFirst());
  if (!row) throw unknownReview(id);
  const parsed = StoredDocument.safeParse(row.document);
  if (!parsed.success) throw damaged(`review ${id}`, parsed.error.issues[0]?.message ?? 'invalid');
  // The checked fields are the ones any reader uses; the rest is Rampart's own earlier output, kept whole.
  const document = parsed.data as unknown as ReviewDocument;
  return { meta, review: { document, findings: storedFindings(store, id, meta.findingCount, pageSize) } };
}

export function storedFindings(store: Store, reviewId: number, count: number, pageSize = FINDING_PAGE): FindingSource {
  return {
    count,
    read: (order: FindingOrder) => (order === 'rank' ? byRank(store, reviewId, count, pageSize) : byAsset(store, reviewId, count, pageSize)),
  };
}

async function* byRank(store: Store, id: number, count: number, pageSize: number): AsyncGenerator<Finding> {
  let seen = 0;
  for (let from = 0; from < count; from += pageSize) {
    const page = await readPage(store, id, sql`select json_agg(detail order by rank)::text as findings from review_finding
      where review_id = ${id} and rank >= ${from} and rank < ${from + pageSize}`);
    seen += page.length;
    yield* page;
  }
  if (seen !== count) throw damaged(`review ${id} findings`, `${seen} stored, ${count} expected`);
}

/** Keyset pages along the primary key (review, asset, technique): each page starts where the last ended, in the index's order. */
async function* byAsset(store: Store, id: number, count: number, pageSize: number): AsyncGenerator<Finding> {
  let seen = 0;
  let after = { assetId: '', techniqueId: '' };
  for (;;) {
    const page = await readPage(store, id, sql`select json_agg(detail order by asset_id, technique_id)::text as findings from (
      select asset_id, technique_id, detail from review_finding
      where review_id = ${id} and (asset_id, technique_id) > (${after.assetId}, ${after.techniqueId})
      order by asset_id, technique_id limit ${pageSize}) as page`);
    seen += page.length;
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) break;
    after = { assetId: last.assetId, techniqueId: last.techniqueId };
  }
  if (seen !== count) throw damaged(`review ${id} findings`, `${seen} stored, ${count} expected`);
}

const Page = z.array(StoredFinding);

async function readPage(store: Store, id: number, query: ReturnType<typeof sql<{ findings: string | null }>>): Promise<Finding[]> {
  const result = await read(store, () => query.execute(store.db));
  const parsed = Page.safeParse(JSON.parse(result.rows[0]?.findings ?? '[]'));
  if (!parsed.success) throw damaged(`review ${id} findings`, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data as unknown as Finding[];
}

function damaged(what: string, why: string): Error {
  return storeError(`${what} in the store is not in the expected shape (${why})`, '', 'the store may be damaged or written by an incompatible Rampart; restore a backup or start a new store');
}
