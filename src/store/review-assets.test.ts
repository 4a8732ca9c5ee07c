import type { TechniqueId } from '../atlas/ids.ts';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '../review/review.ts';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { Store } from './connection.ts';
import { openStoredReview } from './finding-pages.ts';
import { storedAssets } from './asset-pages.ts';
import { writeReviewJson } from '../report/review-json.ts';
import type { ReviewDocument } from '../report/stream/finding-source.ts';
import { collect } from '../report/stream/sink.ts';
import { MIGRATION_TABLE, migrateToLatest } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { StoredDocument } from './document.ts';
import { assembleDocument, inJsonbOrder, splitDocument } from './review-assets.ts';
import { getReview, saveReview } from './reviews.ts';
import { backends } from './test-support/backends.ts';
import { blankDatabase } from './test-support/blank-database.ts';

/** 23 assets (pages of 5 split them unevenly), some with defaulted attributes, one without a roll-up, non-ASCII ids. */
function reviewWithDefaults(seed: number): Review {
  const review = syntheticReview({ assets: 23, techniquesPerAsset: 3, seed });
  review.assets[4] = { ...(review.assets[4] as Review['assets'][number]), id: 'élan-model' };
  for (const f of review.findings) if (f.assetId === 'asset-00004') Object.assign(f, { assetId: 'élan-model', id: `élan-model/${f.techniqueId}` });
  review.rollups.byAsset['élan-model'] = review.rollups.byAsset['asset-00004'] as Review['rollups']['byAsset'][string];
  delete review.rollups.byAsset['asset-00004'];
  delete review.rollups.byAsset['asset-00009'];
  review.defaultedAttributes = [1, 4, 17].map((i) => ({ assetId: review.assets[i]?.id as string, attributes: [{ attribute: 'trainsOnExternalData' as const, techniques: ['AML.T0020' as TechniqueId] }] }));
  return review;
}

/** The document as the store gave it when it was one `jsonb` value (key order included), or as zod's check then made it. */
async function asOneJsonb(store: Store, document: unknown, checked = true): Promise<string> {
  const { rows } = await sql<{ text: string }>`select ${JSON.stringify(document)}::jsonb::text as text`.execute(store.db);
  const value = JSON.parse(rows[0]?.text as string) as unknown;
  return JSON.stringify(checked ? StoredDocument.parse(value) : value);
}

const withoutFindings = ({ findings: _findings, ...document }: Review) => document;

describe.each(await backends())('review assets as rows on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.fresh();
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('stores one row per asset and a document without them, and reads it back byte for byte in pages', async () => {
    const review = reviewWithDefaults(1);
    const { id } = await saveReview(store, review, { runBy: 'ana' });
    const stored = await sql<{ assets: number; rows: number; defaulted: number; rollups: number }>`select jsonb_array_length(document->'assets') as assets,
      (select count(*)::int from review_asset where review_id = ${id}) as rows, (select count(defaulted)::int from review_asset where review_id = ${id}) as defaulted,
      (select count(*)::int from jsonb_object_keys(document->'rollups'->'byAsset')) as rollups from review where id = ${id}`.execute(store.db);
    expect(stored.rows[0]).toEqual({ assets: 0, rows: 23, defaulted: 3, rollups: 0 });
    // Pages that split the assets unevenly, exactly, and not at all.
    const raw = await asOneJsonb(store, withoutFindings(review), false);
    for (const pageSize of [5, 23, 1_000]) {
      const row = await sql<{ document: unknown }>`select document from review where id = ${id}`.execute(store.db);
      expect(JSON.stringify(await assembleDocument(store, id, row.rows[0]?.document, 23, pageSize))).toBe(raw);
    }
    const expected = await asOneJsonb(store, withoutFindings(review));
    // review.json of the stored review, its assets read in pages as it is written: what the document read whole gave.
    const { review: streamed } = await openStoredReview(store, id);
    const findings: unknown[] = [];
    for await (const f of streamed.findings.read('rank')) findings.push(f);
    const json = `${JSON.stringify({ ...(JSON.parse(expected) as object), findings }, null, 2)}\n`;
    for (const pageSize of [5, 23, 1_000]) {
      const paged = { ...streamed, assets: storedAssets(store, id, streamed.document as ReviewDocument, 23, pageSize) };
      expect(await collect((out) => writeReviewJson(out, paged))).toBe(json);
    }
    const { review: whole } = await getReview(store, id);
    expect(JSON.stringify(withoutFindings(whole))).toBe(expected);
  });

  it('keeps a review whose defaulted attributes do not follow its assets whole in its document', async () => {
    const review = reviewWithDefaults(2);
    review.defaultedAttributes = [...(review.defaultedAttributes ?? [])].reverse();
    const { id } = await saveReview(store, review, { runBy: 'ana' });
    const rows = await sql<{ n: number }>`select count(*)::int as n from review_asset where review_id = ${id}`.execute(store.db);
    expect(rows.rows[0]?.n).toBe(0);
    expect(JSON.stringify(withoutFindings((await getReview(store, id)).review))).toBe(await asOneJsonb(store, withoutFindings(review)));
  });
});

it('splits nothing from a review without assets, and orders keys as jsonb does', () => {
  const review = syntheticReview({ assets: 0 });
  expect(splitDocument(withoutFindings(review)).rows).toEqual([]);
  expect(Object.keys(inJsonbOrder({ bb: 1, a: 2, é: 3, b: 4, '10': 5, '9': 6 }))).toEqual(['9', '10', 'a', 'b', 'bb', 'é']);
});

describe('a store written before review assets were rows', () => {
  let db: Kysely<unknown>;
  let close: () => Promise<void>;
  const review = reviewWithDefaults(3);
  beforeAll(async () => {
    ({ db, close } = await blankDatabase());
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0008'));
    const migrator = new Migrator({ db, provider: { getMigrations: async () => before }, migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    // As the earlier code stored it: the whole document in one value, the findings as rows.
    const { findings, ...document } = review;
    await sql`insert into organisation (name) values (${review.organisation})`.execute(db);
    await sql`insert into review (run_by, organisation, review_date, generated_at, atlas_version, rampart_version, asset_count, finding_count, summary, document)
      values ('ana', ${review.organisation}, ${review.reviewDate}, ${review.generatedAt}, ${review.atlasVersion}, ${review.rampartVersion}, 23, ${findings.length},
        ${JSON.stringify({ covered: 0, riskTotal: 0, riskMax: 0, levels: { critical: 0, high: 0, medium: 0, low: 0 }, byCoverage: { exploited: 0, 'blind-spot': 0, claimed: 0, detected: 0, prevented: 0, both: 0 } })}::jsonb, ${JSON.stringify(document)}::jsonb)`.execute(db);
    const rows = findings.map((f, rank) => ({ rank, asset_id: f.assetId, technique_id: f.techniqueId, coverage: f.coverage, score: f.risk.score, level: f.risk.level, detail: f }));
    await sql`insert into review_finding (review_id, rank, asset_id, technique_id, coverage, score, level, detail)
      select 1, rank, asset_id, technique_id, coverage, score, level, detail from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as f(rank integer, asset_id text, technique_id text, coverage text, score double precision, level text, detail jsonb)`.execute(db);
  }, 120_000);
  afterAll(async () => close());

  it('migrates, reads its review as it was, and stores the next one as rows', { timeout: 120_000 }, async () => {
    expect(await migrateToLatest(db, 'test')).toEqual(['0008-review-assets']);
    const store = { db, where: 'test' } as unknown as Store;
    const expected = await asOneJsonb(store, withoutFindings(review));
    expect(JSON.stringify((await openStoredReview(store, 1)).review.document)).toBe(expected);
    expect((await getReview(store, 1)).review).toEqual(JSON.parse(JSON.stringify(review)));
    // The next review, by the multi-row inserts of an in-process PGlite (neither pool nor worker), is stored as rows.
    const next = reviewWithDefaults(4);
    const { id } = await saveReview(store, next, { runBy: 'bo' });
    const rows = await sql<{ n: number }>`select count(*)::int as n from review_asset where review_id = ${id}`.execute(db);
    expect(rows.rows[0]?.n).toBe(23);
    expect(JSON.stringify(withoutFindings((await getReview(store, id)).review))).toBe(await asOneJsonb(store, withoutFindings(next)));
  });
});
