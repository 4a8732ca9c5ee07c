import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../assess/finding.ts';
import { writeReviewJson } from '../report/review-json.ts';
import type { FindingSource } from '../report/stream/finding-source.ts';
import { collect } from '../report/stream/sink.ts';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { Store } from './connection.ts';
import { openStoredReview } from './finding-pages.ts';
import { saveReview } from './reviews.ts';
import { backends } from './test-support/backends.ts';

const review = syntheticReview({ assets: 23, techniquesPerAsset: 9, seed: 4 });
const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

async function all(source: FindingSource, order: 'rank' | 'asset'): Promise<Finding[]> {
  const found: Finding[] = [];
  for await (const f of source.read(order)) found.push(f);
  return found;
}

describe.each(await backends())('finding pages on $name', (backend) => {
  let store: Store;
  let id: number;
  beforeAll(async () => {
    store = await backend.fresh();
    id = (await saveReview(store, review, { runBy: 'test' })).id;
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  // Page sizes that split the findings unevenly, exactly, and not at all.
  it.each([5, 9, 207, 2_000])('reads every finding in rank order, %i a page', async (pageSize) => {
    const { review: stored } = await openStoredReview(store, id, pageSize);
    expect(stored.findings.count).toBe(review.findings.length);
    expect(await all(stored.findings, 'rank')).toEqual(asJson(review.findings));
  });

  it.each([5, 9, 2_000])('reads each asset’s findings together, techniques in order, %i a page', async (pageSize) => {
    const { review: stored } = await openStoredReview(store, id, pageSize);
    const found = await all(stored.findings, 'asset');
    expect(found.map((f) => f.id).sort()).toEqual(review.findings.map((f) => f.id).sort());
    const runs = found.map((f) => f.assetId).filter((a, i, list) => a !== list[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
    for (const asset of runs) {
      const techniques = found.filter((f) => f.assetId === asset).map((f) => f.techniqueId);
      expect(techniques).toEqual([...techniques].sort());
    }
  });

  it('streams review.json from the store with the same content as the review it stored', async () => {
    const { review: stored } = await openStoredReview(store, id, 50);
    const text = await collect((out) => writeReviewJson(out, stored));
    expect(JSON.parse(text)).toEqual(asJson(review));
  });
});
