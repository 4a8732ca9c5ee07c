import { sql, type Kysely } from 'kysely';
import { FileManifest } from '../data/provenance/manifest.ts';
import type { Store } from './connection.ts';
import { read } from './reviews.ts';
import { reason, storeError } from './store-error.ts';

/** The table of migration 0003, kept out of schema.ts so the data-provenance store code stays in this one module. */
// A type alias, not an interface: withTables() wants an index-signature-compatible record.
type DataManifestTables = {
  data_manifest: { review_id: number; asset_id: string; path: string; sha256: string; manifest: unknown };
};

export interface StoredManifest {
  reviewId: number;
  assetId: string;
  manifest: FileManifest;
}

function db(store: Store): Kysely<DataManifestTables> {
  return store.db.withTables<DataManifestTables>() as unknown as Kysely<DataManifestTables>;
}

/** Record the manifests of a stored review's data files, all or none. */
export async function saveManifests(store: Store, reviewId: number, entries: readonly { assetId: string; manifest: FileManifest }[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    await db(store)
      .transaction()
      .execute(async (trx) => {
        // One row at a time: a manifest of a large file is a few hundred kilobytes of JSON.
        for (const { assetId, manifest } of entries) {
          await trx.insertInto('data_manifest').values({ review_id: reviewId, asset_id: assetId, path: manifest.path, sha256: manifest.sha256, manifest: JSON.stringify(manifest) }).execute();
        }
      });
  } catch (error) {
    throw storeError(
      `review ${reviewId} is stored, but storing its data files' manifests failed: ${reason(error)}`,
      store.where,
      `the next review compares the data files with the manifests before review ${reviewId}; \`rampart report ${reviewId}\` writes its reports`,
      error,
    );
  }
}

/**
 * Each file's latest manifest among the organisation's reviews (before `before`, when given): what the next review
 * compares against. Per file, so a file left out of one review is still compared with the last time it was seen.
 */
export async function latestManifests(store: Store, organisation: string, before?: number): Promise<StoredManifest[]> {
  const rows = await read(store, () =>
    sql<{ review_id: number; asset_id: string; manifest: unknown }>`
      select distinct on (m.asset_id, m.path) m.review_id, m.asset_id, m.manifest
      from data_manifest m join review r on r.id = m.review_id
      where r.organisation = ${organisation} and (${before ?? null}::integer is null or m.review_id < ${before ?? null}::integer)
      order by m.asset_id, m.path, m.review_id desc`.execute(store.db),
  );
  return rows.rows.map((r) => toStored(r.review_id, r.asset_id, r.manifest));
}

/** The manifests recorded with one review. */
export async function reviewManifests(store: Store, reviewId: number): Promise<StoredManifest[]> {
  const rows = await read(store, () => db(store).selectFrom('data_manifest').select(['review_id', 'asset_id', 'manifest']).where('review_id', '=', reviewId).orderBy('asset_id').orderBy('path').execute());
  return rows.map((r) => toStored(r.review_id, r.asset_id, r.manifest));
}

function toStored(reviewId: number, assetId: string, value: unknown): StoredManifest {
  const parsed = FileManifest.safeParse(typeof value === 'string' ? JSON.parse(value) : value);
  if (!parsed.success) {
    throw storeError(`the data manifest of ${assetId} in review ${reviewId} is not in the expected shape (${parsed.error.issues[0]?.message ?? 'invalid'})`, '', 'the store may be damaged or written by an incompatible Rampart');
  }
  return { reviewId, assetId, manifest: parsed.data };
}
