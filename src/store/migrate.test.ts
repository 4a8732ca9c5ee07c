import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { summarise } from '../review/summary.ts';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import { openStore, type Store } from './connection.ts';
import { MIGRATION_TABLE, migrateToLatest } from './migrate.ts';
import * as initial from './migrations/0001-initial.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { countUnassignedWaivers, listOrganisations } from './organisations.ts';
import { listReviews, saveReview } from './reviews.ts';
import { postgresReachable, TEST_DATABASE_URL, withSearchPath } from './test-support/backends.ts';
import { blankDatabase } from './test-support/blank-database.ts';
import { listWaivers } from './waivers.ts';
import { RAMPART_VERSION } from '../version.ts';

const SUMMARY = JSON.stringify(summarise(syntheticReview({ assets: 1 })));

/** A store as Rampart wrote it before organisations (migration 0001 only), holding reviews of `organisations` and two waivers. */
async function storeBeforeOrganisations(organisations: string[]): Promise<{ db: Kysely<unknown>; close(): Promise<void> }> {
  const blank = await blankDatabase();
  const { db } = blank;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ '0001-initial': initial }) }, migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  for (const name of organisations) {
    await sql`insert into review (run_by, organisation, review_date, generated_at, atlas_version, rampart_version, asset_count, finding_count, summary, document)
      values ('ana', ${name}, '2026-06-01', '2026-06-01T00:00:00Z', '5.6.0', '0.1.0', 0, 0, ${SUMMARY}::jsonb, '{}')`.execute(db);
  }
  for (const finding of ['credit-scoring/AML.T0015', 'fraud-model/AML.T0043']) {
    await sql`insert into waiver (finding_id, justification, approver, expires, created_by) values (${finding}, 'accepted', 'ciso', '2099-01-01', 'ana')`.execute(db);
  }
  return blank;
}

it('refuses a store a newer Rampart migrated, naming the migration it lacks, and changes nothing', async () => {
  const { db, close } = await blankDatabase();
  try {
    await migrateToLatest(db, 'the store');
    await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) values ('9999-from-the-future', '2099-01-01T00:00:00Z')`.execute(db);
    const names = () => sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db).then((r) => r.rows.map((row) => row.name));
    const before = await names();
    const refused = migrateToLatest(db, '/srv/store');
    await expect(refused).rejects.toMatchObject({ kind: 'store', where: { file: '/srv/store' } });
    await expect(refused).rejects.toThrow(new RegExp(`^the store was written by a newer Rampart \\(it records migration 9999-from-the-future, which Rampart ${RAMPART_VERSION.replaceAll('.', '\\.')} does not have\\)$`));
    expect(await names()).toEqual(before);
  } finally {
    await close();
  }
});

describe('migrating a store from before organisations', () => {
  it.each([
    { name: 'one organisation: its waivers become its own', organisations: ['Acme Bank', 'Acme Bank'], waiverOrganisation: 'Acme Bank', unassigned: 0 },
    { name: 'several: waivers stay unassigned and are counted', organisations: ['Acme Bank', 'Northgate Health'], waiverOrganisation: undefined, unassigned: 2 },
  ])('$name', async ({ organisations, waiverOrganisation, unassigned }) => {
    const { db, close } = await storeBeforeOrganisations(organisations);
    try {
      expect(await migrateToLatest(db, 'test')).toEqual(Object.keys(MIGRATIONS).filter((name) => name !== '0001-initial'));
      const store = { db, where: 'test' } as unknown as Store;
      expect((await listOrganisations(store)).map((o) => o.name)).toEqual([...new Set(organisations)].sort());
      expect((await listReviews(store)).map((r) => r.organisation).reverse()).toEqual(organisations);
      expect((await listWaivers(store)).map((w) => w.organisation)).toEqual([waiverOrganisation, waiverOrganisation]);
      expect(await countUnassignedWaivers(store)).toBe(unassigned);
    } finally {
      await close();
    }
  });
});

const postgres = (await postgresReachable()) || Boolean(process.env.CI);

describe.runIf(postgres)('two Rampart schemas in one PostgreSQL database', () => {
  const schemas = ['a', 'b'].map((s) => `rampart_side_${s}_${process.pid}_${Date.now().toString(36)}`);
  const stores: Store[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
    await admin(schemas.map((s) => `drop schema if exists ${s} cascade`));
  });

  it('each migrates, stores and reads its own reviews through its search_path', async () => {
    await admin(schemas.map((s) => `create schema ${s}`));
    // One after the other: the second used to fail with `relation "rampart_migration_lock" does not exist`.
    for (const schema of schemas) stores.push(await openStore({ kind: 'postgres', url: withSearchPath(TEST_DATABASE_URL, schema) }));
    const [a, b] = stores as [Store, Store];
    await saveReview(a, { ...syntheticReview({ assets: 3, seed: 1 }), organisation: 'Acme Bank' }, { runBy: 'ana' });
    await saveReview(b, { ...syntheticReview({ assets: 3, seed: 2 }), organisation: 'Northgate Health' }, { runBy: 'bo' });
    await saveReview(b, { ...syntheticReview({ assets: 3, seed: 3 }), organisation: 'Northgate Health' }, { runBy: 'bo' });
    expect((await listReviews(a)).map((r) => r.organisation)).toEqual(['Acme Bank']);
    expect((await listReviews(b)).map((r) => r.organisation)).toEqual(['Northgate Health', 'Northgate Health']);
    // Opening again finds each schema up to date, not the other's tables.
    for (const schema of schemas) stores.push(await openStore({ kind: 'postgres', url: withSearchPath(TEST_DATABASE_URL, schema) }, { mode: 'read' }));
    const tables = await sql<{ schema: string }>`select table_schema as schema from information_schema.tables where table_name = ${`${MIGRATION_TABLE}_lock`} and table_schema = any(${schemas})`.execute(a.db);
    expect(tables.rows.map((r) => r.schema).sort()).toEqual([...schemas].sort());
  });
});

async function admin(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
