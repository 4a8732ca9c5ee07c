import { describe, expect, it } from 'vitest';
import { RankReference, RankRing } from './rank-cusum.ts';

/** A reference of `clients` clients each giving `each` margins from `margin(client, answer)`, snapshot taken. */
function reference(clients: number, each: number, margin: (c: number, i: number) => number): RankReference {
  const r = new RankReference();
  for (let c = 0; c < clients; c++) for (let i = 1; i <= each; i++) r.add(margin(c, i), i);
  r.refresh();
  return r;
}

describe('RankReference: the population the ranks are taken in', () => {
  it.each([
    { name: 'too few clients', clients: 2, each: 60, ready: false },
    { name: 'too few margins', clients: 4, each: 20, ready: false },
    { name: 'five clients of twenty', clients: 5, each: 20, ready: true },
  ])('is known only with three clients and 100 margins: $name', ({ clients, each, ready }) => {
    expect(reference(clients, each, (c, i) => (c * 20 + i) / 1000).ready).toBe(ready);
  });

  it.each([
    { margin: -1, rank: 0 },
    { margin: 2, rank: 1 },
    // 100 margins 0.00, 0.01, …, 0.99: 0.5 has 50 below and one equal.
    { margin: 0.5, rank: 0.505 },
    { margin: 0.505, rank: 0.51 },
  ])('ranks $margin at $rank (mid-rank: ties count half)', ({ margin, rank }) => {
    const r = reference(5, 20, (c, i) => (c * 20 + i - 1) / 100);
    expect(r.rank(margin)).toBeCloseTo(rank, 10);
  });

  it('takes only each client’s first 20 answers: a client at machine speed does not move it', () => {
    const r = new RankReference();
    for (let c = 0; c < 5; c++) for (let i = 1; i <= 20; i++) r.add(0.5 + i / 100, i);
    for (let i = 21; i <= 5000; i++) r.add(0, i);
    r.refresh();
    expect(r.rank(0.5)).toBe(0);
  });
});

describe('RankRing.cusum: low-ranked answers in a run raise it', () => {
  const r = reference(5, 20, (c, i) => (c * 20 + i - 1) / 100);
  it.each([
    { name: 'ranks spread as the population’s', margin: (i: number) => ((i * 37) % 100) / 100, below: 2 },
    { name: 'answers near the boundary after natural ones', margin: (i: number) => (i < 50 ? ((i * 37) % 100) / 100 : 0.05), above: 15 },
    { name: 'confident answers only', margin: () => 0.99, below: 0.001 },
  ])('$name', ({ margin, below, above }) => {
    const ring = new RankRing(100);
    for (let i = 0; i < 150; i++) ring.push(margin(i));
    const { cusum } = ring.cusum(r, 0.1);
    if (below !== undefined) expect(cusum).toBeLessThan(below);
    if (above !== undefined) expect(cusum).toBeGreaterThan(above);
  });

  it('keeps the last `size` margins and counts every answer', () => {
    const ring = new RankRing(20);
    for (let i = 0; i < 30; i++) ring.push(i < 10 ? 0 : 0.99);
    expect(ring.length).toBe(20);
    expect(ring.answers).toBe(30);
    expect(ring.cusum(r, 0.1).meanRank).toBeCloseTo(r.rank(0.99), 10);
  });
});
