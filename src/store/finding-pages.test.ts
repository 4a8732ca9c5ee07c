import { sql } from 'kysely';
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

describe.each(await backends())('a large review on $name', (backend) => {
  let store: Store;
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  // Without the planner's statistics, each page in asset order sorted every remaining row (quadratic in the findings).
  it('leaves the statistics that make a page in asset order an index scan along the primary key', async () => {
    store = await backend.fresh();
    const large = syntheticReview({ assets: 170, techniquesPerAsset: 30, seed: 5 });
    expect(large.findings.length).toBeGreaterThanOrEqual(5_000);
    const { id: largeId } = await saveReview(store, large, { runBy: 'test' });
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select detail from review_finding
      where review_id = ${largeId} and (asset_id, technique_id) > (${'asset-0010'}, ${''}) order by asset_id, technique_id limit 500`.execute(store.db);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('Index Scan using review_finding_pkey');
    expect(text).not.toContain('Sort');
  });
});
