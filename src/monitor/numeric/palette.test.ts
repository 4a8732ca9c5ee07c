import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PointSet } from './nearest.ts';
import { MAX_CODES, Palette } from './palette.ts';
import { Projection } from './projection.ts';
import { distance2 } from './vector.ts';

/** A palette with no room left: a set given it holds its rows as numbers from the first, as before palettes. */
function full(): Palette {
  const palette = new Palette();
  const codes = new Uint8Array(MAX_CODES);
  for (let i = 0; i < MAX_CODES; i++) palette.encode(new Float64Array([1e9 + i]), codes, i);
  return palette;
}

/** A full scan: the first stored input at the smallest distance, if within `within`. */
function scan(x: Float64Array, xs: Float64Array[], labels: string[], label?: string, within = Infinity): { index: number; best: number } {
  let index = -1;
  let best = Infinity;
  xs.forEach((q, i) => {
    if (q.length !== x.length || (label !== undefined && labels[i] !== label)) return;
    const d = distance2(x, q);
    if (d < best) [best, index] = [d, i];
  });
  return best <= within ? { index, best } : { index: -1, best: Infinity };
}

/**
 * The numbers inputs are drawn from: pixel grids (8×8 digits' k/16, k/255, 0–255), zeros of both signs, and pools of
 * more than 256 numbers (a 257th widens coded rows mid-stream: to 32 bits on a grid of 1/1024, to 64 off any grid).
 */
const POOLS: number[][] = [
  Array.from({ length: 17 }, (_, k) => k / 16),
  Array.from({ length: 256 }, (_, k) => k / 255),
  Array.from({ length: 256 }, (_, k) => k),
  [0, -0, 0.5, -0.5, 1, -1],
  // Numbers only 64 bits tell apart.
  Array.from({ length: 20 }, (_, k) => 1 + k * 2 ** -45),
  Array.from({ length: 300 }, (_, k) => k / 1024),
  Array.from({ length: 300 }, (_, k) => k / 1000),
];

describe('PointSet rows coded by a palette: every answer a set of number rows gives, bit for bit', () => {
  it('nearest() as a set holding numbers and as a full scan, through widening, ties and a palette shared by two sets', () => {
    const step = fc.record({ slot: fc.nat(39), label: fc.nat(2), projected: fc.boolean(), query: fc.boolean(), within: fc.nat(3), seed: fc.nat() });
    fc.assert(
      fc.property(fc.constantFrom(3, 8, 17, 64), fc.nat(POOLS.length - 1), fc.integer({ min: 4, max: 40 }), fc.array(step, { minLength: 30, maxLength: 80, size: 'max' }), (dim, pool, capacity, steps) => {
        const values = POOLS[pool] as number[];
        // Each input a draw from the pool (its first numbers only early on: the palette fills, and widens, over time).
        const draw = (seed: number, t: number): Float64Array => Float64Array.from({ length: dim }, (_, j) => values[(seed * 31 + j * 7 + ((seed >> (j % 8)) & 3)) % Math.min(values.length, 8 + 16 * t)] as number);
        const projection = Projection.fit(Array.from({ length: 40 }, (_, i) => draw(i * 977, 60))) as Projection;
        const shared = new Palette();
        const coded = new PointSet(capacity, shared);
        // A second set on the same palette, fed other inputs: its codes must not disturb the first set's.
        const other = new PointSet(capacity, shared);
        const numbers = new PointSet(capacity, full());
        const xs: Float64Array[] = [];
        const labels: string[] = [];
        steps.forEach((s, t) => {
          const x = draw(s.seed, t);
          const label = String(s.label);
          const px = projection.project(x, new Float64Array(projection.k));
          if (!s.query) {
            const slot = Math.min(s.slot % capacity, xs.length);
            xs[slot] = x;
            labels[slot] = label;
            coded.set(slot, x, label, s.projected ? px : undefined);
            numbers.set(slot, x, label, s.projected ? px : undefined);
            other.set(slot, draw(s.seed + 1, t + 20), label, undefined);
          }
          if (xs.length === 0) return;
          // Stored inputs themselves (exact ties) and new ones; radii at and about the nearest's distance.
          const q = s.within === 0 ? Float64Array.from(xs[s.seed % xs.length] as Float64Array) : x;
          const pq = projection.project(q, new Float64Array(projection.k));
          const nearest = scan(q, xs, labels).best;
          for (const within of [Infinity, nearest, nearest * (1 - 1e-12), nearest * 1.5]) {
            for (const l of [undefined, label]) {
              const want = scan(q, xs, labels, l, within);
              expect(coded.nearest(q, projection, pq, l, within)).toEqual(want);
              expect(numbers.nearest(q, projection, pq, l, within)).toEqual(want);
            }
          }
          expect(coded.nearest(q, undefined, undefined)).toEqual(scan(q, xs, labels));
          other.nearest(q, projection, pq);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('holds a byte a number while the palette has room, 4 at the 257th distinct number on a float32 grid, 8 off it', () => {
    const set = new PointSet(64);
    for (let i = 0; i < 64; i++) set.set(i, Float64Array.from({ length: 64 }, (_, j) => ((i * j) % 17) / 16), undefined, undefined);
    expect(set.bytes()).toBeLessThan(64 * 64 + 64 * 16);
    // 0.1 is not a float32 but the palette has room: still a byte.
    set.set(7, Float64Array.from({ length: 64 }, () => 0.1), undefined, undefined);
    expect(set.bytes()).toBeLessThan(64 * 64 + 64 * 16);
    const grid = new PointSet(64);
    for (let i = 0; i < 8; i++) grid.set(i, Float64Array.from({ length: 64 }, (_, j) => (i * 64 + j) / 1024), undefined, undefined);
    // 512 distinct numbers on a grid of 1/1024 (float32s): 32-bit rows.
    expect(grid.bytes()).toBeGreaterThanOrEqual(8 * 64 * 4);
    expect(grid.bytes()).toBeLessThan(8 * 64 * 8);
    expect(grid.nearest(Float64Array.from({ length: 64 }, (_, j) => (3 * 64 + j) / 1024), undefined, undefined)).toEqual({ index: 3, best: 0 });
    set.set(8, Float64Array.from({ length: 64 }, (_, j) => j / 1000), undefined, undefined);
    set.set(9, Float64Array.from({ length: 64 }, (_, j) => (64 + j) / 1000), undefined, undefined);
    set.set(10, Float64Array.from({ length: 64 }, (_, j) => (128 + j) / 1000), undefined, undefined);
    set.set(11, Float64Array.from({ length: 64 }, (_, j) => (192 + j) / 1000), undefined, undefined);
    expect(set.bytes()).toBeGreaterThanOrEqual(64 * 64 * 8);
    expect(set.nearest(Float64Array.from({ length: 64 }, (_, j) => (64 + j) / 1000), undefined, undefined)).toEqual({ index: 9, best: 0 });
    expect(set.nearest(Float64Array.from({ length: 64 }, () => 0.1), undefined, undefined)).toEqual({ index: 7, best: 0 });
  });

  it('gives the palette up for NaN and for numbers its hash cannot tell apart, the answers unchanged', () => {
    // 40 distinct numbers far below 1/65536 share one slot: past 32 probes the set holds numbers.
    const tiny = Float64Array.from({ length: 40 }, (_, j) => (j + 1) * 1e-300);
    const nan = Float64Array.from({ length: 40 }, (_, j) => (j === 3 ? Number.NaN : j / 16));
    for (const odd of [tiny, nan]) {
      const set = new PointSet(8);
      const numbers = new PointSet(8, full());
      const rows = Array.from({ length: 8 }, (_, i) => (i === 5 ? odd : Float64Array.from({ length: 40 }, (_, j) => ((i * j) % 17) / 16)));
      rows.forEach((x, i) => {
        set.set(i, x, undefined, undefined);
        numbers.set(i, x, undefined, undefined);
      });
      for (const x of [...rows, tiny, nan]) expect(set.nearest(x, undefined, undefined)).toEqual(numbers.nearest(x, undefined, undefined));
      expect(set.bytes()).toBe(numbers.bytes());
    }
  });
});
