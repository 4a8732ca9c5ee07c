import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest } from '../data/provenance/build-manifest.ts';
import type { FileManifest } from '../data/provenance/manifest.ts';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { Store } from './connection.ts';
import { latestManifests, reviewManifests, saveManifests } from './data-manifests.ts';
import { MIGRATION_TABLE, migrateToLatest } from './migrate.ts';
import * as initial from './migrations/0001-initial.ts';
import * as organisations from './migrations/0002-organisations.ts';
import { saveReview } from './reviews.ts';
import { backends } from './test-support/backends.ts';
import { blankDatabase } from './test-support/blank-database.ts';
import { MIGRATIONS } from './migrations/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-manifest-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function manifestOf(name: string, content: string): Promise<FileManifest> {
  writeFileSync(join(dir, name), content);
  return (await buildManifest(join(dir, name), { path: `data/${name}`, appendOnly: true, chunkRows: 2 })).manifest;
}

describe.each(await backends())('data manifests on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.fresh();
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('keeps each file’s latest manifest per organisation, reads a review’s back whole, and refuses changes', async () => {
    const v1 = await manifestOf('a.csv', 'x,y\n1,a\n2,b\n3,c\n');
    const v2 = await manifestOf('a.csv', 'x,y\n1,a\n2,b\n3,c\n4,d\n');
    const other = await manifestOf('b.csv', 'x\n9\n');
    const review = (organisation: string, seed: number) => saveReview(store, { ...syntheticReview({ assets: 1, seed }), organisation }, { runBy: 'ana' });
    const r1 = await review('Acme Bank', 1);
    await saveManifests(store, r1.id, [{ assetId: 'loans', manifest: v1 }, { assetId: 'loans', manifest: other }]);
    const r2 = await review('Acme Bank', 2);
    await saveManifests(store, r2.id, [{ assetId: 'loans', manifest: v2 }]);
    const r3 = await review('Northgate Health', 3);
    await saveManifests(store, r3.id, [{ assetId: 'loans', manifest: other }]);

    const latest = await latestManifests(store, 'Acme Bank');
    // b.csv was not recorded by review 2: its latest is still review 1's.
    expect(latest.map((m) => [m.reviewId, m.manifest.path, m.manifest.rows])).toEqual([
      [r2.id, 'data/a.csv', 4],
      [r1.id, 'data/b.csv', 1],
    ]);
    expect((await latestManifests(store, 'Acme Bank', r2.id)).map((m) => m.reviewId)).toEqual([r1.id, r1.id]);
    expect((await latestManifests(store, 'Northgate Health')).map((m) => m.reviewId)).toEqual([r3.id]);
    expect(await reviewManifests(store, r1.id)).toEqual([
      { reviewId: r1.id, assetId: 'loans', manifest: v1 },
      { reviewId: r1.id, assetId: 'loans', manifest: other },
    ]);
    await expect(sql`update data_manifest set sha256 = 'x'`.execute(store.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from data_manifest`.execute(store.db)).rejects.toThrow(/immutable/);
  });
});

it('migrates a store from before data manifests (0002) to 0003', async () => {
  const { db, close } = await blankDatabase();
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '0001-initial': initial, '0002-organisations': organisations }) }, migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await migrateToLatest(db, 'test')).toEqual(Object.keys(MIGRATIONS).filter((name) => name > '0003'));
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'data_manifest' order by ordinal_position`.execute(db);
    expect(columns.rows.map((r) => r.column_name)).toEqual(['review_id', 'asset_id', 'path', 'sha256', 'manifest']);
  } finally {
    await close();
  }
});
