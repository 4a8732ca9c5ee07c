import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import { openStore } from '../store/connection.ts';
import { reviewManifests } from '../store/data-manifests.ts';
import { listReviews, saveReview } from '../store/reviews.ts';
import { freshPgliteDir } from '../store/test-support/backends.ts';
import { folderState, storeSiblings } from '../store/test-support/folder-state.ts';
import { runCli } from './test-support/run-cli.ts';

/**
 * `rampart review` when the store refuses a write part-way, on the embedded store (the one whose staging copy a
 * failed write could leave behind). The failures are PostgreSQL's own errors, raised by a trigger the test adds:
 * the findings' COPY fails after some rows went in; the data manifests' second transaction fails after the review.
 */
const INVENTORY = `organisation: Failure Test
assets:
  - id: scoring-model
    name: Scoring model
    element: model
    kind: classifier
    relations: { trainedOn: [applications] }
  - id: applications
    name: Loan applications
    element: data
    kind: training-set
    artifacts:
      - { path: data/applications.csv }
`;

let dir: string;
let work: string;

beforeAll(async () => {
  dir = await freshPgliteDir();
  const store = await openStore({ kind: 'pglite', dir });
  try {
    await saveReview(store, syntheticReview({ assets: 5, seed: 1, reviewDate: '2026-06-01' }), { runBy: 'ana' });
    await sql`create function rampart_test_refuse() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'review_finding' then
          if new.rank < 10 then return new; end if;
        end if;
        raise exception 'injected: could not extend file (No space left on device)';
      end $$`.execute(store.db);
  } finally {
    await store.close();
  }
  work = await mkdtemp(join(tmpdir(), 'rampart-store-failure-'));
  mkdirSync(join(work, 'data'));
  writeFileSync(join(work, 'inventory.yaml'), INVENTORY);
  writeFileSync(join(work, 'data/applications.csv'), 'id,amount,label\n1,10.5,0\n2,99.0,1\n3,7.25,0\n');
});
afterAll(async () => {
  await rm(dirname(dir), { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

async function refuse(table: 'review_finding' | 'data_manifest', on: boolean): Promise<void> {
  const store = await openStore({ kind: 'pglite', dir });
  try {
    const trigger = sql.raw(`rampart_test_refuse_${table}`);
    if (on) await sql`create trigger ${trigger} before insert on ${sql.table(table)} for each row execute function rampart_test_refuse()`.execute(store.db);
    else await sql`drop trigger ${trigger} on ${sql.table(table)}`.execute(store.db);
  } finally {
    await store.close();
  }
}

describe('rampart review when the store fails part-way', () => {
  it('a findings write that fails leaves the store byte for byte as it was, with one message and exit 2', async () => {
    await refuse('review_finding', true);
    const before = await folderState(dir);
    const result = await runCli('review', work, '--store', dir, '--no-write');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/storing the review failed; nothing was stored: injected: could not extend file/);
    expect(result.stderr).not.toMatch(/stored review|^\s+at /m);
    expect(await folderState(dir)).toEqual(before);
    expect(await storeSiblings(dir)).toEqual(['store']);
    await refuse('review_finding', false);
  });

  it('a manifests write that fails says the review is stored without them; the review is kept', async () => {
    await refuse('data_manifest', true);
    const result = await runCli('review', work, '--store', dir, '--no-write');
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((line) => /review 2/.test(line));
    expect(lines[0]).toMatch(/^stored review 2 in /);
    expect(lines[1]).toMatch(/review 2 is stored, but storing its data files' manifests failed: injected/);
    expect(result.stderr).toMatch(/rampart report 2/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await storeSiblings(dir)).toEqual(['store', 'store.spare']);
    const store = await openStore({ kind: 'pglite', dir }, { mode: 'read' });
    try {
      expect((await listReviews(store)).map((r) => [r.id, r.organisation])).toEqual([
        [2, 'Failure Test'],
        [1, expect.any(String)],
      ]);
      expect(await reviewManifests(store, 2)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
