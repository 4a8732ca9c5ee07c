import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../assess/finding.ts';
import { syntheticReview } from '../../review/test-support/synthetic-review.ts';
import type { Store } from '../../store/connection.ts';
import { saveReview } from '../../store/reviews.ts';
import { backends } from '../../store/test-support/backends.ts';
import type { Actor } from '../env.ts';
import { decodeCursor, NATURAL_ORDER, type FindingSort, type SortOrder } from './cursor.ts';
import { queryFindings, type FindingFilter } from './query.ts';
import { updateFindingState, type FindingStatus } from './state.ts';

/**
 * Keyset paging against a list sorted and filtered in JavaScript: every sort, both directions, each filter, walked
 * page by page with a small limit, on PGlite and on PostgreSQL. Scores are rounded to tenths, so many findings tie
 * and the tie-breaking columns are exercised.
 */
const ORG = 'Synthetic Org';
const review = syntheticReview({ assets: 24, techniquesPerAsset: 10, seed: 7 });
review.assets.forEach((asset, i) => Object.assign(asset, { owner: i % 3 === 0 ? 'team-a' : 'team-b' }));
const ownerOf = new Map(review.assets.map((a) => [a.id, (a as { owner?: string }).owner]));
const nameOf = new Map(review.assets.map((a) => [a.id, a.name]));
const tacticsOf = new Map(review.matrix.techniques.map((t) => [t.id, t.tactics]));
const STATES: Record<string, { status: FindingStatus; assignee?: string }> = {};
review.findings.forEach((f, i) => {
  if (i % 11 === 0) STATES[f.id] = { status: 'fixed', assignee: 'ana' };
  else if (i % 13 === 0) STATES[f.id] = { status: 'in-progress' };
  else if (i % 17 === 0) STATES[f.id] = { status: 'open', assignee: 'bo' };
});

const viewer: Actor = { id: 'v', name: 'viewer', role: 'viewer' };
const owner: Actor = { id: 'o', name: 'Team-A', role: 'asset-owner' };

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const COMPARE: Record<FindingSort, (a: Ranked, b: Ranked) => number> = {
  rank: (a, b) => a.rank - b.rank,
  risk: (a, b) => b.f.risk.score - a.f.risk.score || a.rank - b.rank,
  asset: (a, b) => text(a.f.assetId, b.f.assetId) || text(a.f.techniqueId, b.f.techniqueId),
  technique: (a, b) => text(a.f.techniqueId, b.f.techniqueId) || text(a.f.assetId, b.f.assetId),
};
interface Ranked {
  f: Finding;
  rank: number;
}

function expected(filter: FindingFilter, sort: FindingSort, order: SortOrder, actor: Actor): string[] {
  const status = (f: Finding) => STATES[f.id]?.status ?? 'open';
  const keep = (f: Finding) =>
    (filter.asset === undefined || f.assetId === filter.asset) &&
    (filter.technique === undefined || f.techniqueId === filter.technique) &&
    (filter.tactic === undefined || (tacticsOf.get(f.techniqueId) ?? []).includes(filter.tactic)) &&
    (filter.level === undefined || f.risk.level === filter.level) &&
    (filter.coverage === undefined || f.coverage === filter.coverage) &&
    (filter.status === undefined || status(f) === filter.status) &&
    (filter.assignee === undefined || STATES[f.id]?.assignee === filter.assignee) &&
    (filter.owner === undefined || ownerOf.get(f.assetId) === filter.owner) &&
    (filter.search === undefined || [f.assetId, nameOf.get(f.assetId) ?? '', f.techniqueId, f.techniqueName].some((v) => v.toLowerCase().includes((filter.search as string).toLowerCase()))) &&
    (actor.role !== 'asset-owner' || ownerOf.get(f.assetId)?.toLowerCase() === actor.name.toLowerCase());
  const sign = order === NATURAL_ORDER[sort] ? 1 : -1;
  return review.findings
    .map((f, rank) => ({ f, rank }))
    .filter(({ f }) => keep(f))
    .sort((a, b) => sign * COMPARE[sort](a, b))
    .map(({ f }) => f.id);
}

const CASES: { name: string; filter: FindingFilter; sort: FindingSort; order?: SortOrder; actor?: Actor }[] = [
  ...(['rank', 'risk', 'asset', 'technique'] as const).flatMap((sort) => [
    { name: `all by ${sort}`, filter: {}, sort },
    { name: `all by ${sort}, reversed`, filter: {}, sort, order: NATURAL_ORDER[sort] === 'asc' ? ('desc' as const) : ('asc' as const) },
  ]),
  { name: 'critical by risk', filter: { level: 'critical' }, sort: 'risk' },
  { name: 'high, owned by team-a, by asset', filter: { level: 'high', owner: 'team-a' }, sort: 'asset' },
  { name: 'open (no state row or status open) by rank', filter: { status: 'open' }, sort: 'rank' },
  { name: 'fixed by technique', filter: { status: 'fixed' }, sort: 'technique' },
  { name: 'assigned to bo', filter: { assignee: 'bo' }, sort: 'rank' },
  { name: 'one tactic by technique, reversed', filter: { tactic: 'AML.TA0003' }, sort: 'technique', order: 'desc' },
  { name: 'one technique by risk', filter: { technique: 'AML.T0004' }, sort: 'risk' },
  { name: 'one asset', filter: { asset: 'asset-00005' }, sort: 'rank' },
  { name: 'exploited', filter: { coverage: 'exploited' }, sort: 'asset' },
  { name: 'search an asset name', filter: { search: 'asset 1' }, sort: 'rank' },
  { name: 'search a technique id, any case', filter: { search: 't0007' }, sort: 'risk' },
  { name: 'search that matches nothing', filter: { search: 'no such thing' }, sort: 'rank' },
  { name: 'an asset owner, whatever they filter', filter: { level: 'medium' }, sort: 'risk', actor: owner },
  { name: 'an asset owner asking for another owner\'s asset', filter: { asset: 'asset-00001' }, sort: 'rank', actor: owner },
];

describe.each(await backends())('findings paged by keyset on $name', (backend) => {
  let store: Store;
  let meta: { id: number; organisation: string; findingCount: number };
  beforeAll(async () => {
    store = await backend.fresh();
    meta = await saveReview(store, review, { runBy: 'test' });
    for (const [id, state] of Object.entries(STATES)) {
      const [assetId, techniqueId] = id.split('/') as [string, string];
      await updateFindingState(store, { organisation: ORG, assetId, techniqueId }, { status: state.status, assignee: state.assignee ?? null }, 'fixture', () => new Date());
    }
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it.each(CASES)('$name: every page in order, nothing skipped or repeated', async ({ filter, sort, order, actor }) => {
    const wanted = expected(filter, sort, order ?? NATURAL_ORDER[sort], actor ?? viewer);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await queryFindings(store, meta, filter, { sort, order: order ?? NATURAL_ORDER[sort], limit: 16, cursor: cursor === null ? undefined : decodeCursor(cursor) }, actor ?? viewer);
      expect(page.total).toBe(wanted.length);
      expect(page.findings.length).toBeLessThanOrEqual(16);
      seen.push(...page.findings.map((f) => f.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 100);
    expect(seen).toEqual(wanted);
  });

  it('a row shows its names, owner and remediation state', async () => {
    const fixed = Object.keys(STATES).find((id) => STATES[id]?.status === 'fixed') as string;
    const [assetId, techniqueId] = fixed.split('/') as [string, string];
    const page = await queryFindings(store, meta, { asset: assetId, technique: techniqueId }, { sort: 'rank', order: 'asc', limit: 1 }, viewer);
    expect(page.findings).toEqual([expect.objectContaining({ id: fixed, assetName: nameOf.get(assetId), techniqueName: `Technique ${techniqueId}`, owner: ownerOf.get(assetId), status: 'fixed', assignee: 'ana' })]);
  });

  it('a filtered count follows triage: kept while nothing changes, counted again once a finding changes', async () => {
    const fixed = async () => (await queryFindings(store, meta, { status: 'fixed', level: 'low' }, { sort: 'rank', order: 'asc', limit: 1 }, viewer)).total;
    const before = await fixed();
    expect(await fixed()).toBe(before);
    const open = review.findings.find((f) => f.risk.level === 'low' && STATES[f.id] === undefined) as Finding;
    await updateFindingState(store, { organisation: ORG, assetId: open.assetId, techniqueId: open.techniqueId }, { status: 'fixed' }, 'test', () => new Date());
    STATES[open.id] = { status: 'fixed' };
    expect(await fixed()).toBe(before + 1);
  });

  it.each([
    { name: 'another sort', change: { sort: 'asset' as const } },
    { name: 'another filter', change: { filter: { level: 'low' } } },
    { name: 'another direction', change: { order: 'desc' as const } },
  ])('a cursor used with $name is refused (400)', async ({ change }) => {
    const first = await queryFindings(store, meta, {}, { sort: 'rank', order: 'asc', limit: 5 }, viewer);
    const cursor = decodeCursor(first.nextCursor as string);
    const sort: FindingSort = change.sort ?? 'rank';
    const request = { sort, order: change.order ?? NATURAL_ORDER[sort], limit: 5, cursor };
    await expect(queryFindings(store, meta, change.filter ?? {}, request, viewer)).rejects.toMatchObject({ status: 400 });
  });
});
