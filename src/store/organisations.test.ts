import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { Store } from './connection.ts';
import { listOrganisations } from './organisations.ts';
import { loadHistoryContext, storedFindingIds } from './report-context.ts';
import { latestReviewIds, listReviews, saveReview } from './reviews.ts';
import { backends } from './test-support/backends.ts';
import { addWaiver, listWaivers } from './waivers.ts';

const acme = (seed: number, reviewDate: string) => ({ ...syntheticReview({ assets: 4, seed, reviewDate }), organisation: 'Acme Bank' });
const northgate = (seed: number, reviewDate: string) => ({ ...syntheticReview({ assets: 4, seed, reviewDate }), organisation: 'Northgate Health' });

describe.each(await backends())('organisations on $name', (backend) => {
  let store: Store;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    store = await backend.fresh();
    // Interleaved, as a shared store sees them: Acme, Northgate, Acme.
    ids.acme1 = (await saveReview(store, acme(1, '2026-06-01'), { runBy: 'ana' })).id;
    ids.north1 = (await saveReview(store, northgate(2, '2026-07-01'), { runBy: 'bo' })).id;
    ids.acme2 = (await saveReview(store, acme(3, '2026-09-01'), { runBy: 'ana' })).id;
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('lists the organisations with their review counts', async () => {
    expect(await listOrganisations(store)).toEqual([
      { name: 'Acme Bank', reviews: 2, latest: ids.acme2 },
      { name: 'Northgate Health', reviews: 1, latest: ids.north1 },
    ]);
  });

  it.each([
    { organisation: 'Acme Bank', expected: ['acme2', 'acme1'] },
    { organisation: 'Northgate Health', expected: ['north1'] },
    { organisation: 'Nobody', expected: [] },
  ])('lists and picks the latest reviews of $organisation only', async ({ organisation, expected }) => {
    const want = expected.map((k) => ids[k]);
    expect((await listReviews(store, { organisation })).map((r) => r.id)).toEqual(want);
    expect(await latestReviewIds(store, 2, { organisation })).toEqual(want);
  });

  it("gives a waiver to one organisation: the other's same finding id is not waived", async () => {
    await addWaiver(store, { organisation: 'Northgate Health', findingId: 'asset-00001/AML.T0001', justification: 'compensating control', approver: 'ciso', expires: '2099-01-01', createdBy: 'bo' });
    expect(await listWaivers(store, { organisation: 'Acme Bank' })).toEqual([]);
    expect((await listWaivers(store, { organisation: 'Northgate Health' })).map((w) => w.findingId)).toEqual(['asset-00001/AML.T0001']);
  });

  it("builds a review's history from its own organisation: previous review, trend and waivers", async () => {
    const latest = acme(3, '2026-09-01');
    const context = await loadHistoryContext(store, ids.acme2 as number, { organisation: latest.organisation, diffSide: () => latest });
    expect(context.previous?.meta.id).toBe(ids.acme1);
    expect(context.trend.map((r) => r.organisation)).toEqual(['Acme Bank', 'Acme Bank']);
    expect(context.waivers?.applied.active.size).toBe(0);
    const north = await loadHistoryContext(store, ids.north1 as number, { organisation: 'Northgate Health', diffSide: () => northgate(2, '2026-07-01') });
    expect(north.previous).toBeUndefined();
    expect(north.waivers?.applied.active.has('asset-00001/AML.T0001')).toBe(true);
  });

  it("reads a review's side of the diff only when the organisation has an earlier review", async () => {
    let asked = 0;
    const subject = (review: ReturnType<typeof acme>) => ({ organisation: review.organisation, diffSide: () => (asked++, review) });
    await loadHistoryContext(store, ids.north1 as number, subject(northgate(2, '2026-07-01')));
    expect(asked).toBe(0);
    await loadHistoryContext(store, ids.acme2 as number, subject(acme(3, '2026-09-01')));
    expect(asked).toBe(1);
  });

  it('looks waived finding ids up in the stored review, by key and in slices', async () => {
    const stored = acme(1, '2026-06-01').findings.map((f) => f.id);
    const [first, last] = [stored[0] as string, stored.at(-1) as string];
    // 1,200 ids (three slices of 500): two that the review holds among ids it does not, one of another review's, malformed ones.
    const asked = [first, ...Array.from({ length: 1_195 }, (_, i) => `nobody-${i}/AML.T0001`), 'no-slash', `${first}x`, 'asset-00001/AML.T9999', last];
    expect((await storedFindingIds(store, ids.acme1 as number, asked)).sort()).toEqual([first, last].sort());
    expect(await storedFindingIds(store, ids.acme1 as number, [])).toEqual([]);
  });
});
