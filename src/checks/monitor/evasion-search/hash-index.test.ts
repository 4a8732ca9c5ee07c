import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { HashIndex, Touched } from './hash-index.ts';
import { QueryHistory } from './query-history.ts';
import { tallyAndRemember } from './tally.ts';

/**
 * The semantics, by brute force: the remembered queries' fingerprints, each new one compared with every one of them
 * (the oldest included, then forgotten), and the hashes marked common for good, once `common` of the others hold
 * one. Counts go to each query's sequence number modulo the history, as the detector's lines do.
 */
class Reference {
  readonly ring: { seq: number; print: Set<number> }[] = [];
  readonly marked = new Set<number>();

  constructor(readonly history: number) {}

  step(print: readonly number[], seq: number, common: number): Int32Array {
    const counts = new Int32Array(this.history);
    for (const q of this.ring) for (const h of print) if (q.print.has(h) && !this.marked.has(h)) counts[q.seq % this.history] = (counts[q.seq % this.history] as number) + 1;
    if (this.ring.length === this.history) this.ring.shift();
    for (const h of print) {
      if (this.marked.has(h)) continue;
      let held = 0;
      for (const q of this.ring) if (q.print.has(h)) held++;
      if (held >= common) this.marked.add(h);
    }
    this.ring.push({ seq, print: new Set(print) });
    return counts;
  }
}

/** Runs both on the same queries: the counts, the largest and the touched slots of every query must agree. */
function compare(queries: readonly { print: readonly number[]; skip: number }[], history: number, top: number, common: number): { index: HashIndex; live: number } {
  const reference = new Reference(history);
  const index = new HashIndex(8);
  const remembered = new QueryHistory(history, top);
  const counts = new Int32Array(history);
  const touched = new Touched(history);
  let seq = 0;
  for (const { print, skip } of queries) {
    // Sequence numbers skip as exact repeats are not remembered; two remembered queries may then share a slot.
    seq += 1 + skip;
    const hashes = Uint32Array.from(new Set(print)).sort().subarray(0, top);
    const want = reference.step(Array.from(hashes), seq, common);
    const best = tallyAndRemember(index, remembered, hashes, seq, common, counts, touched);
    const got = Int32Array.from(counts);
    for (let i = 0; i < touched.length; i++) counts[touched.slots[i] as number] = 0;
    expect(Array.from(got)).toEqual(Array.from(want));
    expect(best).toBe(Math.max(0, ...want));
    expect(touched.length).toBe(want.filter((c) => c > 0).length);
    expect(counts.every((c) => c === 0)).toBe(true);
  }
  const live = reference.ring.reduce((n, q) => n + [...q.print].filter((h) => !reference.marked.has(h)).length, reference.marked.size);
  return { index, live };
}

describe('HashIndex with the history (tallyAndRemember) gives what comparing every remembered fingerprint gives', () => {
  it.each([
    { name: 'few distinct hashes (long probe runs, many become common)', distinct: 40, common: 8, steps: 3000, history: 30, top: 6 },
    { name: 'many distinct hashes (the table grows)', distinct: 1 << 29, common: 31, steps: 5000, history: 30, top: 6 },
    { name: 'hashes that share their home slot (long runs, removed entries reused)', distinct: 64, common: 1000, steps: 3000, history: 30, top: 6, stride: 1 << 12 },
    { name: 'the default history and fingerprint, near-duplicates', distinct: 600, common: 31, steps: 2000, history: 250, top: 20 },
  ])('$name', ({ distinct, common, steps, history, top, stride }) => {
    const rng = createRng(3);
    const queries = Array.from({ length: steps }, () => ({
      print: Array.from({ length: 1 + rng.int(top + 4) }, () => rng.int(distinct) * (stride ?? 1)),
      skip: rng.next() < 0.2 ? 1 + rng.int(300) : 0,
    }));
    const { index, live } = compare(queries, history, top, common);
    // Removed queries' entries are gone: the table holds what is live, and is sized for the most it may hold.
    expect(index.size).toBe(live);
    expect(index.capacity).toBeLessThanOrEqual(Math.max(16, 4 * Math.max(live, history * top)));
  });

  it('on random fingerprints (fast-check): hashes from a small pool, skipped sequence numbers, short histories', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.record({ print: fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 10 }), skip: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })) }), { maxLength: 120 }),
        (history, common, queries) => {
          const { index, live } = compare(queries, history, 8, common);
          expect(index.size).toBe(live);
        },
      ),
      { numRuns: 300 },
    );
  });
});
