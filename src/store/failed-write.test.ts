import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import { openStore, type Store } from './connection.ts';
import { getReview, listReviews, saveReview } from './reviews.ts';
import { backends, type Backend } from './test-support/backends.ts';
import { folderState, storeSiblings } from './test-support/folder-state.ts';

const earlier = [syntheticReview({ assets: 5, seed: 1, reviewDate: '2026-06-01' }), syntheticReview({ assets: 5, seed: 2, reviewDate: '2026-09-01' })];
/** Large enough that several COPY statements (4 MB of text each on PGlite) are written before the failure. */
const failing = syntheticReview({ assets: 400, seed: 99, reviewDate: '2026-12-01' });

const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Store one large review, throwing from inside the write once half its findings are written. */
async function failHalfWay(store: Store): Promise<void> {
  let written = 0;
  const saving = saveReview(store, failing, {
    runBy: 'failed-write-test',
    onProgress: (done, total) => {
      written = done;
      if (done * 2 >= total) throw new Error('injected failure half-way through the findings');
    },
  });
  await expect(saving).rejects.toThrow(/storing the review failed; nothing was stored: injected failure/);
  expect(written).toBeGreaterThan(0);
}

async function expectEarlierReviews(store: Store): Promise<void> {
  const list = await listReviews(store);
  expect(list.map((r) => r.reviewDate)).toEqual(['2026-09-01', '2026-06-01']);
  for (const [i, meta] of [...list].reverse().entries()) expect((await getReview(store, meta.id)).review).toEqual(asJson(earlier[i]));
  const rows = await sql<{ findings: number; assets: number }>`select (select count(*)::int from review_finding) as findings, (select count(*)::int from review_asset) as assets`.execute(store.db);
  expect(rows.rows[0]).toEqual({ findings: earlier[0]!.findings.length + earlier[1]!.findings.length, assets: 10 });
}

describe.each(await backends())('a write that fails half-way, on $name', (backend: Backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.fresh();
    for (const review of earlier) await saveReview(store, review, { runBy: 'ana' });
    await store.close();
  });
  afterAll(() => backend.cleanup());

  it('leaves the store as it was: the earlier reviews, no partial review, the same files', async () => {
    const before = store.location.kind === 'pglite' ? await folderState(store.location.dir) : undefined;
    const writer = await openStore(store.location);
    try {
      await failHalfWay(writer);
      // The rolled-back transaction leaves the session usable: it still reads the earlier reviews.
      await expectEarlierReviews(writer);
    } finally {
      // close(), as every verb does: what the failed command opened must not be swapped in.
      await writer.close();
    }
    if (store.location.kind === 'pglite') {
      // Byte for byte the folder the write started from, and neither the staging copy nor its spare left beside it.
      expect(await folderState(store.location.dir)).toEqual(before);
      expect(await storeSiblings(store.location.dir)).toEqual(['store']);
    }
    const reopened = await openStore(store.location, { mode: 'read' });
    try {
      await expectEarlierReviews(reopened);
    } finally {
      await reopened.close();
    }
  });

  it('keeps what an open committed before a later write failed', async () => {
    const writer = await openStore(store.location);
    try {
      await saveReview(writer, syntheticReview({ assets: 3, seed: 5, reviewDate: '2026-10-01' }), { runBy: 'ana' });
      await failHalfWay(writer);
    } finally {
      await writer.close();
    }
    const reopened = await openStore(store.location, { mode: 'read' });
    try {
      expect((await listReviews(reopened)).map((r) => r.reviewDate)).toEqual(['2026-10-01', '2026-09-01', '2026-06-01']);
    } finally {
      await reopened.close();
    }
  });
});
