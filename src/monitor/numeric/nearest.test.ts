import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../ml/rng.ts';
import { sortByBound } from './bound-order.ts';
import { PointSet } from './nearest.ts';
import { Projection } from './projection.ts';
import { distance2 } from './vector.ts';

/** A full scan: the first stored input at the smallest distance (what the detectors did before the pre-filter), if within `within`. */
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

describe('PointSet.nearest: the exact nearest input, as a full scan finds it', () => {
  const cases = [
    { name: 'natural-like inputs, 64 features', dim: 64, stored: 100, spread: 1, duplicates: false },
    { name: 'noisy copies of a few inputs (membership probes)', dim: 64, stored: 64, spread: 0.05, duplicates: false },
    { name: 'exact duplicates: ties go to the first slot', dim: 16, stored: 40, spread: 1, duplicates: true },
    { name: 'few features (projection rank = dimension)', dim: 4, stored: 50, spread: 1, duplicates: false },
    { name: 'a large set with duplicates (candidates past the insertion sort)', dim: 64, stored: 600, spread: 1, duplicates: true },
    // On a grid of 1/16 (8×8 digits' pixels) every number is a float32: rows held in 32 bits, many exact ties.
    { name: 'inputs on a grid of 1/16 (rows in 32 bits), ties', dim: 64, stored: 64, spread: 1, duplicates: true, grid: 16 },
    // …until one input is not: the rows widen to 64 bits mid-way, and later grid inputs go into them.
    { name: 'grid inputs, then one off the grid (rows widened mid-way)', dim: 64, stored: 64, spread: 1, duplicates: false, grid: 16, offGridAt: 40 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rng = createRng(7);
      const centres = Array.from({ length: 5 }, () => Float64Array.from({ length: c.dim }, () => rng.next()));
      const onGrid = (v: number): number => (c.grid ? Math.round(v * c.grid) / c.grid : v);
      const draw = (): Float64Array => {
        const centre = centres[rng.int(centres.length)] as Float64Array;
        return Float64Array.from(centre, (v) => onGrid(v + (rng.next() - 0.5) * c.spread));
      };
      const projection = Projection.fit(Array.from({ length: 200 }, draw)) as Projection;
      const set = new PointSet(c.stored);
      const xs: Float64Array[] = [];
      const labels: string[] = [];
      for (let i = 0; i < c.stored; i++) {
        const x = c.duplicates && i % 3 === 2 ? (xs[i - 1] as Float64Array) : draw();
        if (i === c.offGridAt) x[5] = (x[5] as number) + 0.1;
        const label = String(i % 2);
        xs.push(x);
        labels.push(label);
        // Half stored with their projection, half left for the search to project.
        set.set(i, x, label, i % 2 === 0 ? projection.project(x, new Float64Array(projection.k)) : undefined);
      }
      for (let t = 0; t < 200; t++) {
        // Inputs stored once the set has laid its inputs out in the projection's order of features replace others.
        if (t % 25 === 24) {
          const slot = rng.int(c.stored);
          const x = draw();
          xs[slot] = x;
          set.set(slot, x, labels[slot], t % 50 === 49 ? projection.project(x, new Float64Array(projection.k)) : undefined);
        }
        const x = t % 4 === 0 ? (xs[rng.int(xs.length)] as Float64Array) : draw();
        const px = projection.project(x, new Float64Array(projection.k));
        for (const label of [undefined, '0', '1']) expect(set.nearest(x, projection, px, label)).toEqual(scan(x, xs, labels, label));
        expect(set.nearest(x, undefined, undefined)).toEqual(scan(x, xs, labels));
        // Limited to a radius: the nearest input if it is within it (an input exactly at it counts), else none.
        const nearest = scan(x, xs, labels).best;
        for (const within of [0, (c.spread * c.spread * c.dim) / 40, nearest, nearest * 0.999, nearest * 1.001]) {
          expect(set.nearest(x, projection, px, undefined, within)).toEqual(scan(x, xs, labels, undefined, within));
          expect(set.nearest(x, projection, px, '1', within)).toEqual(scan(x, xs, labels, '1', within));
        }
      }
    });
  }

  it('keeps each label\'s inputs apart as slots change label and label numbers restart', () => {
    const rng = createRng(9);
    const set = new PointSet(6);
    const xs: Float64Array[] = [];
    const labels: string[] = [];
    // Up to 40 distinct labels through 6 slots: the numbers restart (at 4 × 6 labels) several times.
    for (let t = 0; t < 300; t++) {
      const slot = xs.length < 6 ? xs.length : rng.int(6);
      const x = Float64Array.from({ length: 5 }, () => rng.int(3));
      const label = `class-${rng.int(t < 150 ? 40 : 3)}`;
      xs[slot] = x;
      labels[slot] = label;
      set.set(slot, x, label, undefined);
      const q = Float64Array.from({ length: 5 }, () => rng.int(3));
      for (const l of [undefined, label, labels[rng.int(xs.length)], 'never-seen']) expect(set.nearest(q, undefined, undefined, l)).toEqual(scan(q, xs, labels, l));
    }
  });

  it('breaks near-ties as the sum in feature order does: inputs at the same distance but for rounding', () => {
    const rng = createRng(11);
    for (const dim of [64, 37, 3]) {
      // Every stored input is x plus the same differences in another order: the same terms, so distances that differ
      // only in how the sum rounds (four running sums would order them otherwise); every third one is a duplicate.
      const x = new Float64Array(dim);
      const steps = Array.from({ length: dim }, () => rng.next() - 0.5);
      const xs: Float64Array[] = [];
      const set = new PointSet(30);
      for (let i = 0; i < 30; i++) {
        const order = i % 3 === 2 ? undefined : [...steps].sort(() => rng.next() - 0.5);
        const y = order ? Float64Array.from(x, (v, j) => v + (order[j] as number)) : (xs[i - 1] as Float64Array);
        xs.push(y);
        set.set(i, y, 'a', undefined);
      }
      const labels = xs.map(() => 'a');
      const distances = new Set(xs.map((y) => distance2(x, y)));
      if (dim > 3) expect(distances.size).toBeGreaterThan(1);
      expect(set.nearest(x, undefined, undefined)).toEqual(scan(x, xs, labels));
      for (const within of distances) expect(set.nearest(x, undefined, undefined, 'a', within)).toEqual(scan(x, xs, labels, 'a', within));
    }
  });

  it('tells apart inputs that only 64 bits hold apart (rows widened when a number is not a float32)', () => {
    const near = 1 + 2 ** -40;
    const set = new PointSet(8);
    // In 32 bits both inputs would be [1, 0]: a tie, which the first slot wins, at a distance of 2⁻⁸⁰ instead of 0.
    set.set(0, new Float64Array([1, 0]), 'a', undefined);
    set.set(1, new Float64Array([near, 0]), 'a', undefined);
    set.set(2, new Float64Array([0.5, 0.25]), 'a', undefined);
    expect(set.nearest(new Float64Array([near, 0]), undefined, undefined)).toEqual({ index: 1, best: 0 });
    expect(set.nearest(new Float64Array([1, 0]), undefined, undefined)).toEqual({ index: 0, best: 0 });
    expect(set.nearest(new Float64Array([0.5, 0.25]), undefined, undefined)).toEqual({ index: 2, best: 0 });
  });

  it('holds rows for the slots used, and 32-bit rows while inputs fit', () => {
    const grid = new PointSet(64);
    for (let i = 0; i < 3; i++) grid.set(i, Float64Array.from({ length: 64 }, (_, j) => ((i + j) % 17) / 16), undefined, undefined);
    // Room for 8 slots (the first doubling step), 4 bytes a number.
    expect(grid.bytes()).toBeLessThan(8 * 64 * 4 + 8 * 16);
    for (let i = 3; i < 64; i++) grid.set(i, Float64Array.from({ length: 64 }, (_, j) => ((i * j) % 17) / 16), undefined, undefined);
    expect(grid.bytes()).toBeLessThan(64 * 64 * 4 + 64 * 16);
    grid.set(7, Float64Array.from({ length: 64 }, () => 0.1), undefined, undefined);
    expect(grid.bytes()).toBeGreaterThanOrEqual(64 * 64 * 8);
  });

  it('never rules out the nearest input whose bound is its distance (16-bit projections, their round-off allowed for)', () => {
    const rng = createRng(13);
    const dim = 24;
    const sample = Array.from({ length: 100 }, () => Float64Array.from({ length: dim }, () => rng.next() * 4));
    const projection = Projection.fit(sample) as Projection;
    // Column i of the projection: where unit vector i goes; Pᵀc is then a vector lying in the projected directions.
    const columns = Array.from({ length: dim }, (_, i) => projection.project(Float64Array.from({ length: dim }, (_, j) => (i === j ? 1 : 0)), new Float64Array(projection.k)));
    const along = (c: Float64Array): Float64Array => Float64Array.from(columns, (col) => col.reduce((s, v, j) => s + v * (c[j] as number), 0));
    for (let t = 0; t < 40; t++) {
      const x = Float64Array.from({ length: dim }, () => rng.next() * 4);
      const px = projection.project(x, new Float64Array(projection.k));
      const set = new PointSet(32);
      const xs: Float64Array[] = [];
      for (let i = 0; i < 32; i++) {
        // Differences from x along the projection only: each bound equals its distance but for round-off.
        const size = i === 0 ? 1e-3 : 0.5 + rng.next();
        const y = Float64Array.from(x, (v, j) => v + (along(Float64Array.from({ length: projection.k }, () => (rng.next() - 0.5) * size))[j] as number));
        xs.push(y);
        set.set(i, y, undefined, i % 4 === 3 ? undefined : projection.project(y, new Float64Array(projection.k)));
      }
      const labels = xs.map(() => 'a');
      const nearest = scan(x, xs, labels).best;
      for (const within of [Infinity, nearest, nearest * (1 - 1e-12), nearest * (1 + 1e-12)]) expect(set.nearest(x, projection, px, undefined, within)).toEqual(scan(x, xs, labels, undefined, within));
    }
  });

  it('stays exact when projections grow far past the first one, and when one is not a finite number', () => {
    const rng = createRng(17);
    const dim = 16;
    const projection = Projection.fit(Array.from({ length: 50 }, () => Float64Array.from({ length: dim }, () => rng.next()))) as Projection;
    for (const last of [1e6, 1.5e308]) {
      const set = new PointSet(40);
      const xs: Float64Array[] = [];
      for (let i = 0; i < 40; i++) {
        // Each input up to ~10⁶ times the first one's size (the 16-bit step widens again and again); the last one's
        // projection overflows (1e300 per feature) or is merely large.
        const size = i === 39 ? last : 1 + i * i * 600;
        const y = Float64Array.from({ length: dim }, (_, j) => (i === 39 && last > 1e300 ? last * (j % 2 === 0 ? 1 : 0.9) : rng.next() * size));
        xs.push(y);
        set.set(i, y, undefined, projection.project(y, new Float64Array(projection.k)));
      }
      const labels = xs.map(() => 'a');
      const wild = projection.project(xs[39] as Float64Array, new Float64Array(projection.k));
      expect(wild.every(Number.isFinite)).toBe(last < 1e300);
      for (let t = 0; t < 40; t++) {
        // Every tenth query is the last input itself: nearest at 0, though its projection is not a number.
        const x = t % 10 === 9 ? Float64Array.from(xs[39] as Float64Array) : t % 2 === 0 ? Float64Array.from(xs[rng.int(39)] as Float64Array, (v) => v * (1 + (rng.next() - 0.5) * 1e-6)) : Float64Array.from({ length: dim }, () => rng.next() * 10 ** rng.int(6));
        const px = projection.project(x, new Float64Array(projection.k));
        const nearest = scan(x, xs, labels).best;
        for (const within of [Infinity, nearest, nearest * (1 - 1e-12)]) expect(set.nearest(x, projection, px, undefined, within)).toEqual(scan(x, xs, labels, undefined, within));
      }
    }
  });

  it('an input of another length (no projection) leaves the others\' bounds in use', () => {
    const rng = createRng(19);
    const projection = Projection.fit(Array.from({ length: 100 }, () => Float64Array.from({ length: 32 }, () => rng.next()))) as Projection;
    const set = new PointSet(40);
    const xs: Float64Array[] = [];
    for (let i = 0; i < 40; i++) {
      const y = Float64Array.from({ length: i === 5 ? 20 : 32 }, () => rng.next());
      xs.push(y);
      set.set(i, y, undefined, projection.project(y, new Float64Array(projection.k)));
    }
    // Counted through the prototype: how many stored inputs a search measures.
    const proto = PointSet.prototype as unknown as { distance2: (...a: unknown[]) => number };
    const measure = proto.distance2;
    let measured = 0;
    proto.distance2 = function (this: PointSet, ...a: unknown[]) {
      measured++;
      return measure.apply(this, a);
    };
    try {
      const labels = xs.map(() => 'a');
      for (let t = 0; t < 20; t++) {
        const x = Float64Array.from(xs[t === 5 ? 6 : t] as Float64Array, (v) => v + (rng.next() - 0.5) * 0.01);
        expect(set.nearest(x, projection, projection.project(x, new Float64Array(projection.k)))).toEqual(scan(x, xs, labels));
      }
      const odd = Float64Array.from(xs[5] as Float64Array);
      expect(set.nearest(odd, projection, projection.project(odd, new Float64Array(projection.k)))).toEqual({ index: 5, best: 0 });
    } finally {
      proto.distance2 = measure;
    }
    // A near-copy of a stored input: its bound rules out most of the 39 others (all 39 measured without bounds).
    expect(measured).toBeLessThan(21 * 15);
  });

  it('holds rows in bytes while every number is a whole number of a power-of-two unit from 0 to 255', () => {
    const grid = new PointSet(64);
    for (let i = 0; i < 64; i++) grid.set(i, Float64Array.from({ length: 64 }, (_, j) => ((i * j) % 17) / 16), undefined, undefined);
    // One byte a number (and 16-bit projections, labels, lengths beside them).
    expect(grid.bytes()).toBeLessThan(64 * 64 + 64 * 16);
    // A row on a finer grid (1/32; the first row, all 0, set a unit of 1): the bytes count a finer unit.
    grid.set(3, Float64Array.from({ length: 64 }, (_, j) => j / 32), undefined, undefined);
    expect(grid.bytes()).toBeLessThan(64 * 64 + 64 * 16);
    expect(grid.nearest(Float64Array.from({ length: 64 }, (_, j) => j / 32), undefined, undefined)).toEqual({ index: 3, best: 0 });
    // A number past 255 units: the rows widen to 32 bits, still exact.
    grid.set(4, Float64Array.from({ length: 64 }, (_, j) => j * 4), undefined, undefined);
    expect(grid.bytes()).toBeGreaterThanOrEqual(64 * 64 * 4);
    expect(grid.nearest(Float64Array.from({ length: 64 }, (_, j) => j / 32), undefined, undefined)).toEqual({ index: 3, best: 0 });
    const first = Float64Array.from({ length: 64 }, (_, j) => ((5 * j) % 17) / 16);
    expect(grid.nearest(first, undefined, undefined)).toEqual({ index: 5, best: 0 });
  });

  it('answers as a full scan on random sets: rows in bytes, 32 or 64 bits, widened mid-way; near-ties, large and small numbers', () => {
    const dim = 12;
    // Numbers that fit a byte (whole, halves, 1/16ths, 1/256ths), that do not (past 255, negative, −0, 0.1), and large or tiny ones.
    const number = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 16 }).map((k) => k / 16) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }).map((k) => k / 256) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 300 }) },
      { weight: 1, arbitrary: fc.constantFrom(-0, -1, 0.1, 1e150, 3e-200, 2 ** -9) },
      // Subnormal numbers too: a first projection of them once made the 16-bit step 0, then Infinity (coarse-projections.ts).
      { weight: 1, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(5e-324, -5e-324, 2 ** -1060, 2.2e-308) },
    );
    const row = fc.array(number, { minLength: dim, maxLength: dim }).map((v) => Float64Array.from(v));
    // Stored rows: fresh ones, copies of earlier ones (exact ties), or an earlier one nudged by one 1/16 (near-ties).
    const step = fc.record({ x: row, copy: fc.nat(), nudge: fc.nat(dim - 1), kind: fc.integer({ min: 0, max: 5 }), label: fc.constantFrom('a', 'b'), projected: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 70 }), fc.array(fc.record({ step, within: fc.constantFrom(Infinity, 0, 0.05, 1, 40) }), { minLength: 1, maxLength: 8 }), (steps, queries) => {
        const xs: Float64Array[] = [];
        const of = (s: (typeof steps)[number]): Float64Array => {
          const earlier = xs[s.copy % Math.max(1, xs.length)];
          if (!earlier || s.kind >= 4) return s.x;
          if (s.kind < 2) return Float64Array.from(earlier);
          const y = Float64Array.from(earlier);
          y[s.nudge] = (y[s.nudge] as number) + (s.kind === 2 ? 1 / 16 : -1 / 16);
          return y;
        };
        const inputs = steps.map((s) => {
          const x = of(s);
          xs.push(x);
          return x;
        });
        const projection = Projection.fit(inputs.slice(0, 200));
        const set = new PointSet(64);
        const kept: Float64Array[] = [];
        const labels: string[] = [];
        steps.forEach((s, i) => {
          const slot = i < 64 ? i : s.copy % 64;
          kept[slot] = inputs[i] as Float64Array;
          labels[slot] = s.label;
          set.set(slot, inputs[i] as Float64Array, s.label, projection && s.projected ? projection.project(inputs[i] as Float64Array, new Float64Array(projection.k)) : undefined);
        });
        for (const { step: q, within } of queries) {
          const x = of(q);
          const px = projection?.project(x, new Float64Array(projection.k));
          for (const label of [undefined, 'a']) {
            expect(set.nearest(x, projection, px, label, within)).toEqual(scan(x, kept, labels, label, within));
            expect(set.nearest(x, undefined, undefined, label, within)).toEqual(scan(x, kept, labels, label, within));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('skips inputs of another length and answers −1 when none qualifies', () => {
    const set = new PointSet(4);
    set.set(0, new Float64Array([1, 2, 3]), 'a', undefined);
    expect(set.nearest(new Float64Array([1, 2]), undefined, undefined)).toEqual({ index: -1, best: Infinity });
    expect(set.nearest(new Float64Array([1, 2, 4]), undefined, undefined, 'b')).toEqual({ index: -1, best: Infinity });
    expect(set.nearest(new Float64Array([1, 2, 4]), undefined, undefined, 'a')).toEqual({ index: 0, best: 1 });
  });
});

describe('PointSet.nearest with subnormal projections', () => {
  it('finds the nearest input after a first stored projection of numbers near 5e-324 (the 16-bit step once became 0, then Infinity)', () => {
    const rows = [[0, 0, 0, 5e-324, 0, 0], [0, 0, 0, 1 / 16, 0, 0], [0, 0, 0, 5e-324, 0, 0]].map((r) => Float64Array.from(r));
    const projection = Projection.fit([...rows, Float64Array.from([1, 0, 0, 0.5, 0, 0]), Float64Array.from([0, 1, 0, 0.25, 0, 1])], 4) as Projection;
    const set = new PointSet(8);
    rows.forEach((r, i) => set.set(i, r, undefined, projection.project(r, new Float64Array(projection.k))));
    const q = Float64Array.from([0, 0, 0, 9 / 256, 0, 0]);
    expect(set.nearest(q, projection, projection.project(q, new Float64Array(projection.k)))).toEqual({ index: 1, best: (9 / 256 - 1 / 16) ** 2 });
  });
});

describe('sortByBound: candidates in ascending order of bound, ties by slot', () => {
  it('orders as a comparison sort of (bound, slot) does, by insertion (32 or fewer) and by Shell sort (more)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 300 }), (quarters) => {
        // Slots listed in ascending order with gaps, as the search lists those its reach does not rule out; many ties.
        const slots = quarters.map((_, k) => 3 * k + (k % 3));
        const lbs = new Float64Array(3 * quarters.length + 3);
        quarters.forEach((q, k) => {
          lbs[slots[k] as number] = q / 4;
        });
        const order = new Int32Array(slots.length + 4);
        order.set(slots);
        sortByBound(order, slots.length, lbs);
        const expected = [...slots].sort((a, b) => (lbs[a] as number) - (lbs[b] as number) || a - b);
        expect(Array.from(order.subarray(0, slots.length))).toEqual(expected);
      }),
    );
  });
});
