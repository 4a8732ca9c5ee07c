import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import { openStore, type Store } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { getReview, saveReview } from './reviews.ts';
import { buildStoreTemplate, copyStoreTemplate } from './store-template.ts';

let work: string;
let root: string;
let templateId: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-template-test-'));
  root = join(work, 'template');
  await buildStoreTemplate(root);
  templateId = await systemId(join(root, 'pgdata'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The cluster's identity, fixed when initdb made it: equal for two folders only when one is a copy of the other. */
async function systemId(dir: string): Promise<string> {
  const store = await openStore({ kind: 'pglite', dir }, { mode: 'read' });
  try {
    return await clusterId(store);
  } finally {
    await store.close();
  }
}

async function clusterId(store: Store): Promise<string> {
  const row = await sql<{ id: string }>`select system_identifier::text as id from pg_control_system()`.execute(store.db);
  return row.rows[0]!.id;
}

const walSegments = async (dir: string) => (await readdir(join(dir, 'pg_wal'))).filter((name) => /^[0-9A-F]{24}$/.test(name)).length;

describe('a template made by the build', () => {
  it('is migrated, small, and copies into a store that takes reviews and keeps its WAL to a segment or two', async () => {
    const dir = join(work, 'from-template');
    expect(await copyStoreTemplate(dir, root)).toBe(true);
    const direct = await openStore({ kind: 'pglite', dir });
    try {
      expect(await clusterId(direct)).toBe(templateId);
      expect(await migrateToLatest(direct.db as never, dir)).toEqual([]);
      const review = syntheticReview({ assets: 20, seed: 3, reviewDate: '2026-06-01' });
      const { id } = await saveReview(direct, review, { runBy: 'ana' });
      expect((await getReview(direct, id)).review).toEqual(JSON.parse(JSON.stringify(review)));
    } finally {
      await direct.close();
    }
    // Segments behind the last checkpoint are deleted, not kept for reuse (they were half of a small store).
    expect(await walSegments(dir)).toBeLessThanOrEqual(2);
    expect(await walSegments(join(root, 'pgdata'))).toBe(1);
  });

  it('restores the empty folders a package drops (npm keeps no empty folder) and the store opens', async () => {
    const packed = join(work, 'packed');
    await cp(root, packed, { recursive: true });
    const stamp = JSON.parse(await readFile(join(packed, 'stamp.json'), 'utf8')) as { directories: string[] };
    const empty = [];
    for (const directory of stamp.directories) {
      if ((await readdir(join(packed, 'pgdata', directory))).length === 0) {
        await rm(join(packed, 'pgdata', directory), { recursive: true });
        empty.push(directory);
      }
    }
    expect(empty).toContain('pg_tblspc');
    const dir = join(work, 'from-packed');
    expect(await copyStoreTemplate(dir, packed)).toBe(true);
    expect(await systemId(dir)).toBe(templateId);
  });
});

describe('a template that does not fit is not used, and nothing is copied', () => {
  const known = Object.keys(MIGRATIONS);
  it.each([
    { name: 'no stamp', edit: () => undefined, remove: true, used: false },
    { name: 'a stamp that is not JSON', edit: () => 'not json', used: false },
    { name: 'made by another PGlite (its files are its on-disk format)', edit: (s: Record<string, unknown>) => ({ ...s, pglite: '0.0.1' }), used: false },
    { name: 'made another way (older format)', edit: (s: Record<string, unknown>) => ({ ...s, format: 0 }), used: false },
    { name: 'a migration this Rampart does not know', edit: (s: Record<string, unknown>) => ({ ...s, migrations: [...known, '9999-from-the-future'] }), used: false },
    { name: 'migrations out of order', edit: (s: Record<string, unknown>) => ({ ...s, migrations: [...known].reverse() }), used: known.length < 2 },
    { name: 'fewer migrations than this Rampart has (the rest run on open)', edit: (s: Record<string, unknown>) => ({ ...s, migrations: known.slice(0, 1) }), used: true },
  ])('$name', async ({ edit, remove, used }) => {
    const copy = await mkdtemp(join(work, 'stamp-'));
    await cp(join(root, 'stamp.json'), join(copy, 'stamp.json'));
    await cp(join(root, 'pgdata', 'PG_VERSION'), join(copy, 'pgdata', 'PG_VERSION'));
    const stamp = JSON.parse(await readFile(join(copy, 'stamp.json'), 'utf8')) as Record<string, unknown>;
    const edited = edit(stamp);
    if (remove) await rm(join(copy, 'stamp.json'));
    else await writeFile(join(copy, 'stamp.json'), typeof edited === 'string' ? edited : JSON.stringify(edited));
    const target = join(copy, 'target');
    expect(await copyStoreTemplate(target, copy)).toBe(used);
    expect((await readdir(copy)).includes('target')).toBe(used);
  });
});
