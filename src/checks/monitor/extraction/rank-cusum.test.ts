import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankReference, RankRing, type TailSteps } from './rank-cusum.ts';

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
    { name: 'too few margins', clients: 3, each: 19, ready: false },
    { name: 'three clients of twenty', clients: 3, each: 20, ready: true },
  ])('is known only with three clients and 60 margins: $name', ({ clients, each, ready }) => {
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

describe('RankReference: who gave the values', () => {
  /** Five clients (rings as owners) of 20 values each, client c's at c·20 + i; the first client's far below the rest when `far`. */
  const owned = (othersOnly: boolean, far = false): { r: RankReference; rings: RankRing[] } => {
    const r = new RankReference(othersOnly);
    const rings = Array.from({ length: 5 }, () => new RankRing(100));
    rings.forEach((ring, c) => {
      for (let i = 1; i <= 20; i++) r.add(far && c === 0 ? -1000 - i : c * 20 + i, i, ring);
    });
    r.refresh();
    return { r, rings };
  };

  it('ranks a client against everyone else’s values when asked to, and against all of them otherwise', () => {
    const all = owned(false);
    const others = owned(true);
    // 100 values 1…100: 50.5 has 50 below. Among the 80 of clients 1–4 (21…100), 30 are below it.
    expect(all.r.rank(50.5, all.r.own(all.rings[0] as RankRing))).toBeCloseTo(0.5, 10);
    expect(others.r.rank(50.5, others.r.own(others.rings[0] as RankRing))).toBeCloseTo(30 / 80, 10);
    // A client that gave nothing is ranked against all.
    expect(others.r.rank(50.5, others.r.own(new RankRing(100)))).toBeCloseTo(0.5, 10);
  });

  it('takes back a searching client’s values: the others’ ranks are as if it had never given any', () => {
    const { r, rings } = owned(false, true);
    // Client 0's 20 values lie below everyone's: 40.5 ranks above them and 20 of the others'.
    expect(r.rank(40.5)).toBeCloseTo(40 / 100, 10);
    r.withdraw(rings[0] as RankRing, 20);
    r.refresh();
    expect(r.rank(40.5)).toBeCloseTo(20 / 80, 10);
    // The reference is still known: four clients, 80 values.
    expect(r.ready).toBe(true);
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
    const cusum = ring.run(r, 0.1);
    if (below !== undefined) expect(cusum).toBeLessThan(below);
    if (above !== undefined) expect(cusum).toBeGreaterThan(above);
  });

  it('keeps the last `size` margins and counts every answer', () => {
    const ring = new RankRing(20);
    for (let i = 0; i < 30; i++) ring.push(i < 10 ? 0 : 0.99);
    expect(ring.length).toBe(20);
    expect(ring.answers).toBe(30);
    expect(ring.meanRank(r)).toBeCloseTo(r.rank(0.99), 10);
  });
});

describe('RankReference.rank: the mid-rank as counted, bit for bit', () => {
  const special = fc.constantFrom(0, -0, 1, 1e308, -1e308, Number.MIN_VALUE, Infinity, -Infinity, Number.NaN, 0.5, 0.25);
  const value = fc.oneof(fc.double(), fc.integer({ min: -16, max: 16 }).map((k) => k / 8), special, fc.double({ min: 0, max: 1e-300 }));
  it('for any sample (ties, infinities, NaN, one value) and any value', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 100, maxLength: 2500, size: 'max' }), fc.array(value, { maxLength: 50 }), (sample, queries) => {
        const r = new RankReference();
        sample.forEach((v, i) => r.add(v, (i % 20) + 1));
        r.refresh();
        const sorted = (r as unknown as { sorted: Float64Array }).sorted;
        for (const v of [...queries, ...sample.slice(0, 50), ...sorted.slice(0, 3), ...sorted.slice(-3)]) {
          expect(Object.is(r.rank(v), countedRank(sorted, v))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  // Finite samples, where the buckets narrow each search (a NaN or an infinity in the sample turns them off).
  const finite = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.integer({ min: -16, max: 16 }).map((k) => k / 8),
    fc.constantFrom(0, -0, 1e308, -1e308, Number.MIN_VALUE, 0.1 + 0.2),
  );
  it('for finite samples (the buckets) and any value, near the range’s ends too', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 100, maxLength: 2500, size: 'max' }), fc.array(fc.oneof(finite, value), { maxLength: 50 }), (sample, queries) => {
        const r = new RankReference();
        sample.forEach((v, i) => r.add(v, (i % 20) + 1));
        r.refresh();
        const sorted = (r as unknown as { sorted: Float64Array }).sorted;
        const ends = [sorted[0] as number, sorted[sorted.length - 1] as number].flatMap((e) => [e, e * (1 + 1e-16), e * (1 - 1e-16), e + Number.MIN_VALUE, e - Number.MIN_VALUE]);
        for (const v of [...queries, ...sample.slice(0, 100), ...ends]) {
          expect(Object.is(r.rank(v), countedRank(sorted, v))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when every value is the same, or one is far from the rest', () => {
    for (const sample of [Array<number>(200).fill(0.3), [...Array.from({ length: 199 }, (_, i) => i / 1000), 1e300]]) {
      const r = new RankReference();
      sample.forEach((v, i) => r.add(v, (i % 20) + 1));
      r.refresh();
      for (const v of [0.3, 0, 0.1, 0.198, 0.1985, 1e300, 1e301]) {
        const below = sample.filter((x) => x < v).length;
        const equal = sample.filter((x) => x === v).length;
        expect(Object.is(r.rank(v), (below + 0.5 * equal) / sample.length)).toBe(true);
      }
    }
  });
});

describe('RankRing.run: the CUSUM carried from test to test is the one run over the whole ring, bit for bit', () => {
  /** The CUSUM and mean rank as they were computed before the run was carried: the whole ring, at every test. */
  function whole(values: number[], size: number, reference: RankReference, drift: number): { cusum: number; meanRank: number } {
    const window = values.slice(-size);
    let cusum = 0;
    let total = 0;
    for (const v of window) {
      const rank = naiveRank(reference, v);
      total += rank;
      cusum = Math.max(0, cusum + 0.5 - rank - drift);
    }
    return { cusum, meanRank: window.length > 0 ? total / window.length : 0.5 };
  }
  /** Mid-rank by counting: below plus half of the equal, over the snapshot. */
  function naiveRank(reference: RankReference, v: number): number {
    return countedRank((reference as unknown as { sorted: Float64Array }).sorted, v);
  }
  // Few distinct values (ties with the sample), any double, and runs of low ones (a CUSUM that stays above 0).
  const value = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 8 }).map((k) => k / 8) },
    { weight: 8, arbitrary: fc.double({ min: -1, max: 2, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e308) },
  );
  const step = fc.oneof(
    { weight: 8, arbitrary: value.map((v) => ({ push: v })) },
    { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 2 }).map((k) => k / 8), { minLength: 10, maxLength: 60 }).map((low) => ({ low })) },
    { weight: 2, arbitrary: fc.constant({ test: true }) },
    { weight: 1, arbitrary: fc.array(value, { minLength: 1, maxLength: 30 }).map((more) => ({ more })) },
  );

  it('for any answers, tests and new snapshots of the population', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 45 }), fc.constantFrom(0.1, 0.25, 0, -0.2), fc.array(step, { minLength: 50, maxLength: 300, size: 'max' }), (size, drift, steps) => {
        const reference = new RankReference();
        let clients = 0;
        const addClient = (vs: number[]): void => {
          clients++;
          vs.forEach((v, i) => reference.add(v, i + 1));
        };
        for (let c = 0; c < 5; c++) addClient(Array.from({ length: 20 }, (_, i) => ((c * 20 + i) % 9) / 8));
        reference.refresh();
        const ring = new RankRing(size);
        const values: number[] = [];
        for (const s of steps) {
          if ('push' in s) {
            ring.push(s.push);
            values.push(s.push);
          } else if ('low' in s) {
            for (const v of s.low) ring.push(v);
            values.push(...s.low);
          } else if ('more' in s) {
            addClient(s.more);
            reference.refresh();
          } else if (ring.length > 0) {
            const expected = whole(values, size, reference, drift);
            expect(Object.is(ring.run(reference, drift), expected.cusum)).toBe(true);
            expect(Object.is(ring.meanRank(reference), expected.meanRank)).toBe(true);
            // Twice at the same answer: the carried run is not stepped again.
            expect(Object.is(ring.run(reference, drift), expected.cusum)).toBe(true);
            // The tail CUSUM (values beyond the reference's robust cut), carried the same way, against its own whole run.
            const tail = reference.tail(2.5, 0.05, 0.3) as TailSteps;
            const tailed = values.slice(-size).reduce((c, v) => Math.max(0, c + (v > tail.cut ? tail.up : tail.down)), 0);
            expect(Object.is(ring.run(reference, 0, tail), tailed)).toBe(true);
            expect(Object.is(ring.run(reference, drift), expected.cusum)).toBe(true);
          }
        }
        expect(clients).toBeGreaterThanOrEqual(5);
      }),
      { numRuns: 300 },
    );
  });
});

describe('RankReference.tail: a robust cut for a tail CUSUM', () => {
  const filled = (values: number[]): RankReference => {
    const reference = new RankReference();
    values.forEach((v, i) => reference.add(v, (i % 20) + 1, { client: Math.floor(i / 20) }));
    reference.refresh();
    return reference;
  };

  it('is the median plus deviations × 1.4826 × the median absolute deviation, with the binomial CUSUM’s steps', () => {
    // 0..99: the (upper) median 50, absolute deviations 0, 1, 1, 2, 2, …, 49, 49, 50, their median 25.
    const tail = filled(Array.from({ length: 100 }, (_, i) => i)).tail(2, 0.05, 0.3) as TailSteps;
    expect(tail.cut).toBeCloseTo(50 + 2 * 1.4826 * 25, 10);
    expect(tail.up).toBeCloseTo(Math.log(6), 12);
    expect(tail.down).toBeCloseTo(Math.log(0.7 / 0.95), 12);
  });

  it('hardly moves when a tenth of the values crowd the tail, where the 95th percentile moves into them', () => {
    const natural = Array.from({ length: 180 }, (_, i) => 5 + Math.sin(i * 12.9898) * 1);
    const clean = filled(natural);
    const crowded = filled([...natural, ...Array.from({ length: 20 }, (_, i) => 9 + i / 10)]);
    const cut = (r: RankReference): number => (r.tail(2.5, 0.05, 0.3) as TailSteps).cut;
    expect(Math.abs(cut(crowded) - cut(clean))).toBeLessThan(0.35);
    expect(cut(crowded)).toBeLessThan(9);
    const sorted = [...natural, ...Array.from({ length: 20 }, (_, i) => 9 + i / 10)].sort((a, b) => a - b);
    expect(sorted[Math.floor(0.95 * sorted.length)]).toBeGreaterThan(9);
  });

  it('is undefined before the first snapshot, and one object per snapshot', () => {
    const reference = new RankReference();
    expect(reference.tail(2.5, 0.05, 0.3)).toBeUndefined();
    const r = filled(Array.from({ length: 100 }, (_, i) => i));
    expect(r.tail(2.5, 0.05, 0.3)).toBe(r.tail(2.5, 0.05, 0.3));
  });
});

/** The mid-rank by counting: the share of the sample below v plus half the share equal to it (the oracle). */
function countedRank(sorted: Float64Array, v: number): number {
  let below = 0;
  let equal = 0;
  for (const x of sorted) {
    if (x < v) below++;
    else if (x === v) equal++;
  }
  return (below + 0.5 * equal) / sorted.length;
}
