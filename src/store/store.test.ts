import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { diffReviews } from '../review/diff.ts';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import type { Store } from './connection.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { addSignoff, listSignoffs } from './signoffs.ts';
import { getReview, getReviewMeta, getReviewOutline, latestReviewIds, listReviews, saveReview } from './reviews.ts';
import { backends } from './test-support/backends.ts';
import { addWaiver, listWaivers } from './waivers.ts';

const older = syntheticReview({ assets: 12, seed: 1, reviewDate: '2026-08-01' });
const newer = syntheticReview({ assets: 12, seed: 2, reviewDate: '2026-11-01', atlasVersion: '5.7.0', extraTechniques: ['AML.T0099'] });
/** More than one insert batch, with a duplicate finding in the second batch: the write must fail as a whole. */
const broken = syntheticReview({ assets: 100, seed: 3 });
broken.findings.push({ ...(broken.findings[0] as (typeof broken.findings)[number]) });

const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

it('lists every migration file in migrations/index.ts, in order', () => {
  const files = readdirSync(new URL('./migrations/', import.meta.url)).filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
  expect(Object.keys(MIGRATIONS)).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
});

describe.each(await backends())('store on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.fresh();
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('records the migrations it ran', async () => {
    const rows = await sql<{ name: string }>`select name from rampart_migration order by name`.execute(store.db);
    expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
  });

  it('stores a review and reads it back whole, findings in rank order', async () => {
    const meta = await saveReview(store, older, { runBy: 'ana' });
    expect(meta).toMatchObject({ runBy: 'ana', reviewDate: '2026-08-01', assetCount: 12, findingCount: older.findings.length, atlasVersion: '5.6.0' });
    expect(meta.summary.riskTotal).toBe(older.rollups.organisation.riskTotal);
    const { review } = await getReview(store, meta.id);
    expect(review).toEqual(asJson(older));
  });

  it('lists reviews newest first and finds the latest ids', async () => {
    const second = await saveReview(store, newer, { runBy: 'ci' });
    const list = await listReviews(store);
    expect(list.map((r) => r.id)).toEqual([second.id, second.id - 1]);
    expect(await latestReviewIds(store, 2)).toEqual([second.id, second.id - 1]);
    expect(await latestReviewIds(store, 5, { upTo: second.id - 1 })).toEqual([second.id - 1]);
  });

  it('reads an outline that diffs exactly like the full reviews', async () => {
    const [b, a] = await latestReviewIds(store, 2);
    const before = await getReviewOutline(store, a as number);
    const after = await getReviewOutline(store, b as number);
    expect(diffReviews(before.outline, after.outline)).toEqual(diffReviews(older, newer));
  });

  it('stores nothing when a write fails part-way', async () => {
    const count = (await listReviews(store)).length;
    await expect(saveReview(store, broken, { runBy: 'ana' })).rejects.toMatchObject({ kind: 'store' });
    expect((await listReviews(store)).length).toBe(count);
    const orphans = await sql<{ n: number }>`select count(*)::int as n from review_finding where review_id not in (select id from review)`.execute(store.db);
    expect(orphans.rows[0]?.n).toBe(0);
  });

  it.each([
    ['update', sql`update review set run_by = 'mallory'`],
    ['delete', sql`delete from review_finding`],
  ])('refuses to %s stored reviews', async (_name, statement) => {
    await expect(statement.execute(store.db)).rejects.toThrow(/immutable/);
  });

  it.each([
    ['getReview', (s: Store) => getReview(s, 9999)],
    ['getReviewMeta', (s: Store) => getReviewMeta(s, 9999)],
    ['getReviewOutline', (s: Store) => getReviewOutline(s, 9999)],
  ])('%s of an unknown id is an input error', async (_name, call) => {
    const error = await call(store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).kind).toBe('input');
    expect((error as RampartError).message).toMatch(/no stored review with id 9999/);
    // Which store was asked: a newcomer with two stores (the default and a --store) sees which one lacks it.
    expect((error as RampartError).where).toEqual({ file: store.where });
  });

  it('keeps waivers, oldest first, and filters them by finding', async () => {
    const organisation = older.organisation;
    const first = await addWaiver(store, { organisation, findingId: 'asset-00001/AML.T0003', justification: 'compensating WAF rule', approver: 'ciso', expires: '2027-01-31', createdBy: 'ana' });
    await addWaiver(store, { organisation, findingId: 'asset-00002/AML.T0004', justification: 'model retired in Q1', approver: 'ciso', expires: '2026-01-01', createdBy: 'ana' });
    expect(first).toMatchObject({ organisation, findingId: 'asset-00001/AML.T0003', expires: '2027-01-31', createdBy: 'ana' });
    expect((await listWaivers(store, { organisation })).map((w) => w.findingId)).toEqual(['asset-00001/AML.T0003', 'asset-00002/AML.T0004']);
    expect(await listWaivers(store, { organisation, findingId: 'asset-00002/AML.T0004' })).toHaveLength(1);
  });

  it('records sign-offs per role and refuses a second one in the same role', async () => {
    const [id] = await latestReviewIds(store, 1);
    await addSignoff(store, { reviewId: id as number, role: 'security', name: 'Ana Ruiz', note: undefined });
    await addSignoff(store, { reviewId: id as number, role: 'data-science', name: 'Bo Chen', note: 'retraining in Q1' });
    await expect(addSignoff(store, { reviewId: id as number, role: 'security', name: 'Eve', note: undefined })).rejects.toThrow(/already signed off as security by Ana Ruiz/);
    await expect(addSignoff(store, { reviewId: 9999, role: 'security', name: 'Eve', note: undefined })).rejects.toThrow(/no stored review/);
    expect((await listSignoffs(store, id as number)).map((s) => [s.role, s.name, s.note])).toEqual([
      ['security', 'Ana Ruiz', undefined],
      ['data-science', 'Bo Chen', 'retraining in Q1'],
    ]);
  });

  it('keeps text that COPY and JSON must escape: tabs, newlines, backslashes, quotes, non-ASCII', async () => {
    const tricky = syntheticReview({ assets: 2, seed: 7 });
    const first = tricky.findings[0] as (typeof tricky.findings)[number];
    tricky.findings[0] = { ...first, trail: [...first.trail, { kind: 'verdict', text: 'tab\there\nnew line \\N \\ "quoted" \r é 🔒 \\t' } as (typeof first.trail)[number]] };
    const meta = await saveReview(store, tricky, { runBy: 'ana' });
    expect((await getReview(store, meta.id)).review).toEqual(asJson(tricky));
  });
});
