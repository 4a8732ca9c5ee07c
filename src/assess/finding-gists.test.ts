import { describe, expect, it } from 'vitest';
import type { TacticId, TechniqueId } from '../atlas/ids.ts';
import { COVERAGE_ORDER, type Coverage, type FindingGist, type RiskLevel } from './finding.ts';
import { FindingGists } from './finding-gists.ts';

const LEVELS: readonly RiskLevel[] = ['critical', 'high', 'medium', 'low'];

/** A deterministic gist: asset and technique ids chosen so that code-unit order differs from locale order. */
function gist(i: number): FindingGist {
  const assetId = [`model-${i % 101}`, `Data-${i % 11}`, `logs_${i % 5}`][i % 3] as string;
  const techniqueId = `AML.T00${10 + (i % 13)}${i % 4 === 0 ? '.001' : ''}` as TechniqueId;
  const coverage = COVERAGE_ORDER[i % COVERAGE_ORDER.length] as Coverage;
  const level = LEVELS[i % 4] as RiskLevel;
  const g: FindingGist = {
    id: `${assetId}/${techniqueId}`,
    assetId,
    techniqueId,
    techniqueName: `Technique ${techniqueId}`,
    tactics: [`AML.TA000${(i % 13) % 3}` as TacticId],
    coverage,
    risk: { score: Math.round(((i * 7919) % 250) / 10 * 10) / 10, level },
    plan: {
      due: `2026-12-${String(1 + (i % 4)).padStart(2, '0')}`,
      actions: i % 5 === 0 ? [] : [{ action: i % 2 ? 'implement' : 'verify', control: `control-${i % 6}`, title: `Control ${i % 6}`, type: 'preventive', mitigations: [`AML.M00${i % 6}`], riskRemoved: (i % 90) / 10 }],
    },
  };
  if (i % 9 === 0) g.role = 'consequence';
  return g;
}

/** analyse.ts's rank order, on objects. */
function byRank(a: FindingGist, b: FindingGist): number {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (b.coverage === 'exploited' ? 1 : 0) - (a.coverage === 'exploited' ? 1 : 0) || b.risk.score - a.risk.score || cmp(a.assetId, b.assetId) || cmp(a.techniqueId, b.techniqueId);
}

/** Distinct (asset, technique) pairs, as a review's findings are. */
function distinct(count: number): FindingGist[] {
  const seen = new Map<string, FindingGist>();
  for (let i = 0; seen.size < count; i++) {
    const g = gist(i);
    if (!seen.has(g.id)) seen.set(g.id, g);
  }
  return [...seen.values()];
}

describe('finding gists kept as columns', () => {
  it.each([
    { name: 'one gist', count: 1 },
    { name: 'a few, with and without an action, consequences among them', count: 40 },
    { name: 'more than the first allocation (the columns grow)', count: 1_500 },
  ])('give back each gist as it was added: $name', ({ count }) => {
    const gists = distinct(count);
    const table = new FindingGists();
    for (const g of gists) table.add(g);
    expect(table.length).toBe(count);
    expect([...table]).toEqual(gists);
    expect(table.at(count - 1)).toEqual(gists[count - 1]);
  });

  it.each([{ count: 2 }, { count: 100 }, { count: 1_500 }])('rank $count gists in the order analyse ranks finding objects, and say where each went', ({ count }) => {
    const gists = distinct(count);
    const table = new FindingGists();
    for (const g of gists) table.add(g);
    const rankOf = table.rank();
    const expected = [...gists].sort(byRank);
    expect([...table]).toEqual(expected);
    gists.forEach((g, added) => expect(expected[rankOf[added] as number]).toBe(g));
  });

  it('rank exploited findings first whatever their score, then by score, asset id and technique id in code-unit order', () => {
    const base = gist(1);
    const make = (assetId: string, techniqueId: string, coverage: Coverage, score: number): FindingGist => ({ ...base, id: `${assetId}/${techniqueId}`, assetId, techniqueId: techniqueId as TechniqueId, coverage, risk: { score, level: 'low' } });
    const table = new FindingGists();
    for (const g of [make('b', 'AML.T0001', 'blind-spot', 20), make('a', 'AML.T0002', 'exploited', 1), make('B', 'AML.T0001', 'blind-spot', 20), make('b', 'AML.T0000', 'blind-spot', 20), make('c', 'AML.T0001', 'claimed', 24.5)]) table.add(g);
    table.rank();
    expect([...table].map((g) => g.id)).toEqual(['a/AML.T0002', 'c/AML.T0001', 'B/AML.T0001', 'b/AML.T0000', 'b/AML.T0001']);
  });

  it('hold nothing once cleared', () => {
    const table = new FindingGists();
    for (const g of distinct(10)) table.add(g);
    table.clear();
    expect(table.length).toBe(0);
    expect([...table]).toEqual([]);
    expect(() => table.at(0)).toThrow(RangeError);
  });

  it('refuse a gist whose id is not its asset and technique', () => {
    expect(() => new FindingGists().add({ ...gist(1), id: 'other/AML.T0001' })).toThrow(/assetId\/techniqueId/);
  });
});
