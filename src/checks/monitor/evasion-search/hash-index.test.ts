import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { HashIndex } from './hash-index.ts';

/** What the index replaced: a Map from hash to holders in arrival order, null once a hash became common. */
class Reference {
  readonly map = new Map<number, number[] | null>();
  add(h: number, seq: number, common: number): void {
    const holders = this.map.get(h);
    if (holders === null) return;
    if (!holders) this.map.set(h, [seq]);
    else if (holders.length >= common) this.map.set(h, null);
    else holders.push(seq);
  }
  remove(h: number, seq: number): void {
    const holders = this.map.get(h);
    if (!holders) return;
    const i = holders.indexOf(seq);
    if (i >= 0) holders.splice(i, 1);
    if (holders.length === 0) this.map.delete(h);
  }
  tally(h: number, counts: Int32Array): void {
    for (const q of this.map.get(h) ?? []) counts[q % counts.length] = (counts[q % counts.length] as number) + 1;
  }
}

describe('HashIndex: holders per hash, as the Map of arrays it replaced', () => {
  it.each([
    { name: 'few distinct hashes (long probe runs, many become common)', distinct: 40, common: 8, steps: 3000 },
    { name: 'many distinct hashes (the table grows)', distinct: 1 << 29, common: 31, steps: 5000 },
    { name: 'hashes that share their home slot', distinct: 64, common: 1000, steps: 3000, stride: 1 << 12 },
  ])('$name', ({ distinct, common, steps, stride }) => {
    const rng = createRng(3);
    const index = new HashIndex(8);
    const reference = new Reference();
    const live: [number, number][] = [];
    const history = 50;
    for (let seq = 1; seq <= steps; seq++) {
      const h = rng.int(distinct) * (stride ?? 1);
      if (live.length > 200 || (live.length > 0 && rng.next() < 0.3)) {
        const [oh, os] = live.splice(rng.int(live.length), 1)[0] as [number, number];
        index.remove(oh, os);
        reference.remove(oh, os);
      }
      // Adding tallies the holders it finds first, as a tally before the add would.
      const added = new Int32Array(history);
      const before = new Int32Array(history);
      reference.tally(h, before);
      expect(index.tallyAndAdd(h, seq, common, added, [], 0)).toBe(Math.max(0, ...before));
      expect(Array.from(added)).toEqual(Array.from(before));
      reference.add(h, seq, common);
      live.push([h, seq]);
      const probe = live[rng.int(live.length)]?.[0] ?? h;
      const got = new Int32Array(history);
      const want = new Int32Array(history);
      const touched: number[] = [];
      const best = index.tally(probe, got, touched, 0);
      reference.tally(probe, want);
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(best).toBe(Math.max(0, ...want));
      expect(touched.length).toBe(want.filter((c) => c > 0).length);
      expect(index.isCommon(probe)).toBe(reference.map.get(probe) === null);
    }
  });
});
