import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { HashIndex, tallySlots } from './hash-index.ts';

/**
 * What the index replaced: a Map from hash to its holders in arrival order, null once a hash became common, from
 * which the query leaving the history is removed at once (after it is counted).
 */
class Reference {
  readonly map = new Map<number, number[] | null>();

  step(print: readonly number[], seq: number, leaving: { seq: number; print: readonly number[] } | undefined, common: number, counts: Int32Array): void {
    for (const h of print) for (const q of this.map.get(h) ?? []) counts[q & (counts.length - 1)] = (counts[q & (counts.length - 1)] as number) + 1;
    for (const h of leaving?.print ?? []) {
      const holders = this.map.get(h);
      if (!holders) continue;
      holders.splice(holders.indexOf(leaving?.seq as number), 1);
      if (holders.length === 0) this.map.delete(h);
    }
    for (const h of print) {
      const holders = this.map.get(h);
      if (holders === null) continue;
      if (!holders) this.map.set(h, [seq]);
      else if (holders.length >= common) this.map.set(h, null);
      else holders.push(seq);
    }
  }
}

describe('HashIndex: holders per hash as a Map of arrays with the leaving query removed at once gives them', () => {
  it.each([
    { name: 'few distinct hashes (long probe runs, many become common)', distinct: 40, common: 8, steps: 3000 },
    { name: 'many distinct hashes (the table grows and is rebuilt)', distinct: 1 << 29, common: 31, steps: 5000 },
    { name: 'hashes that share their home slot (stale slots reused in long runs)', distinct: 64, common: 1000, steps: 3000, stride: 1 << 12 },
  ])('$name', ({ distinct, common, steps, stride }) => {
    const rng = createRng(3);
    const index = new HashIndex(8);
    const reference = new Reference();
    const history = 30;
    const ring: { seq: number; print: number[] }[] = [];
    let seq = 0;
    for (let step = 0; step < steps; step++) {
      // Sequence numbers skip now and then, as exact repeats are not remembered.
      seq += rng.next() < 0.2 ? 2 + rng.int(5) : 1;
      const print = [...new Set(Array.from({ length: 1 + rng.int(6) }, () => rng.int(distinct) * (stride ?? 1)))];
      const leaving = ring.length === history ? ring.shift() : undefined;
      const want = new Int32Array(tallySlots(history));
      reference.step(print, seq, leaving, common, want);
      const got = new Int32Array(tallySlots(history));
      let best = 0;
      for (const h of print) best = index.tallyAndAdd(h, seq, leaving?.seq ?? 0, leaving?.seq ?? -1, common, got, best);
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(best).toBe(Math.max(0, ...want));
      ring.push({ seq, print });
    }
    // Stale holders are reclaimed: the table holds about what is live, not everything ever added.
    const live = [...reference.map.values()].reduce((n, holders) => n + (holders ? holders.length : 1), 0);
    expect(index.size).toBeLessThanOrEqual(3 * live + 64);
  });
});

describe('HashIndex against the reference over random streams', () => {
  // Hashes from a small pool go common; a stride of 2^12 (or 2^20) gives distinct hashes one home slot in every table
  // smaller than that (one Robin Hood group); consecutive numbers, as the detector remembers them, wrap the history.
  const stream = fc.record({
    history: fc.integer({ min: 10, max: 40 }),
    common: fc.integer({ min: 2, max: 12 }),
    pool: fc.integer({ min: 1, max: 200 }),
    stride: fc.constantFrom(1, 1 << 12, 1 << 20, 0x3fffffff / 199),
    capacity: fc.constantFrom(8, 64),
    prints: fc.array(fc.uniqueArray(fc.nat(199), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 400 }),
  });
  it('gives the same counts, best and common marks at every step', () => {
    fc.assert(
      fc.property(stream, ({ history, common, pool, stride, capacity, prints }) => {
        const index = new HashIndex(capacity);
        const reference = new Reference();
        const ring: { seq: number; print: readonly number[] }[] = [];
        const got = new Int32Array(tallySlots(history));
        const want = new Int32Array(tallySlots(history));
        for (let n = 0; n < prints.length; n++) {
          const seq = n + 1;
          const print = [...new Set((prints[n] as number[]).map((v) => Math.floor((v % pool) * stride) & 0x3fffffff))];
          const leaving = ring.length === history ? ring.shift() : undefined;
          want.fill(0);
          reference.step(print, seq, leaving, common, want);
          got.fill(0);
          let best = 0;
          index.warm(Uint32Array.from(print));
          for (const h of print) best = index.tallyAndAdd(h, seq, leaving?.seq ?? 0, leaving?.seq ?? -1, common, got, best);
          if (best !== Math.max(0, ...want)) return false;
          for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return false;
          ring.push({ seq, print });
        }
        return true;
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});
