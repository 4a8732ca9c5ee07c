import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import { saveReview } from '../../store/reviews.ts';
import { harness, type Harness } from '../test-support/harness.ts';

/** The findings list over HTTP: cursors a client carries from page to page, and the mistakes it can make with them. */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

interface Page {
  reviewId: number;
  total: number;
  sort: string;
  order: string;
  limit: number;
  findings: { id: string; rank: number; score: number }[];
  nextCursor: string | null;
  error?: { message: string };
}
const get = async (query: string, token = h.tokens.viewer) => {
  const response = await h.request(`/api/findings?${query}`, { token });
  return { status: response.status, body: (await response.json()) as Page };
};

describe('GET /api/findings pages by cursor', () => {
  it('follows nextCursor to the end: every finding once, in rank order, the total on every page', async () => {
    const ids: string[] = [];
    let query = 'limit=7';
    for (let n = 0; n < 10; n++) {
      const { status, body } = await get(query);
      expect(status).toBe(200);
      expect(body).toMatchObject({ total: 30, sort: 'rank', order: 'asc', limit: 7 });
      ids.push(...body.findings.map((f) => f.id));
      if (body.nextCursor === null) break;
      query = `limit=7&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('sorts by risk, highest first unless order=asc', async () => {
    const scores = (await get('sort=risk&limit=30')).body.findings.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const ascending = (await get('sort=risk&order=asc&limit=30')).body.findings.map((f) => f.score);
    expect(ascending).toEqual([...scores].reverse());
  });

  it('a later page stays on the review its first page read, after a newer review is stored', async () => {
    const first = (await get('limit=10')).body;
    const newer = syntheticReview({ assets: 2, techniquesPerAsset: 2, seed: 9, reviewDate: '2026-11-20' });
    await saveReview(h.store, newer, { runBy: 'test' });
    expect((await get('limit=10')).body).toMatchObject({ total: 4, reviewId: first.reviewId + 1 });
    const second = (await get(`limit=10&cursor=${encodeURIComponent(first.nextCursor as string)}`)).body;
    expect(second).toMatchObject({ reviewId: first.reviewId, total: 30 });
    expect(second.findings[0]?.rank).toBe(10);
  });

  it.each([
    { name: 'OFFSET paging (page)', query: 'page=2', message: /page and pageSize are no longer taken/ },
    { name: 'OFFSET paging (pageSize)', query: 'pageSize=20', message: /no longer taken/ },
    { name: 'a cursor that is not one', query: 'cursor=not-a-cursor', message: /not one this server gave/ },
    { name: 'an unknown sort', query: 'sort=owner', message: /invalid request at sort/ },
    { name: 'a limit over 500', query: 'limit=501', message: /invalid request at limit/ },
  ])('refuses $name with 400 and says why', async ({ query, message }) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(message);
  });

  it('refuses a cursor carried to another filter, and another review\'s cursor on /reviews/{id}/findings', async () => {
    const { body } = await get('limit=5&level=high');
    expect((await get(`limit=5&level=low&cursor=${encodeURIComponent(body.nextCursor as string)}`)).status).toBe(400);
    const another = await saveReview(h.store, syntheticReview({ assets: 3, techniquesPerAsset: 3, seed: 5, reviewDate: '2026-11-21' }), { runBy: 'test' });
    const other = await h.request(`/api/reviews/${another.id}/findings?limit=5&level=high&cursor=${encodeURIComponent(body.nextCursor as string)}`, { token: h.tokens.viewer });
    expect(other.status).toBe(400);
  });
});
