import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { Projection } from '../../../monitor/numeric/projection.ts';
import { InputNovelty } from './novelty.ts';

const point = (v: number): Float64Array => new Float64Array(4).fill(v);

describe('InputNovelty: distance from the centre of the warm-up’s inputs', () => {
  it('is unknown until the warm-up settles', () => {
    const novelty = new InputNovelty();
    novelty.observe('a', point(0));
    expect(novelty.distance(point(1), 'q')).toBeUndefined();
    novelty.settle();
    expect(novelty.distance(point(1), 'q')).toBeCloseTo(2, 10);
  });

  it('takes at most 20 inputs of a client into the centre, so one sending most of the warm-up cannot make it its own', () => {
    const novelty = new InputNovelty();
    for (let i = 0; i < 150; i++) novelty.observe('extraction', point(1));
    for (let i = 0; i < 30; i++) novelty.observe(`natural-${i % 3}`, point(0));
    novelty.settle();
    // 20 inputs at 1 and 30 at 0: the centre is 0.4 on every feature (it would be 150/180 ≈ 0.83 uncapped).
    expect(novelty.distance(point(0), 'q')).toBeCloseTo(0.8, 10);
    expect(novelty.distance(point(1), 'q')).toBeCloseTo(1.2, 10);
  });

  it('no longer moves once settled', () => {
    const novelty = new InputNovelty();
    novelty.observe('a', point(0));
    novelty.settle();
    novelty.observe('b', point(10));
    expect(novelty.distance(point(0), 'q')).toBe(0);
  });
});

describe('InputNovelty.residual: how far an input lies off the warm-up’s principal directions', () => {
  // Warm-up inputs that vary along two directions of eight features (light and a ground's colour, say), around a centre.
  const rng = createRng(7);
  const u = Float64Array.from([1, 1, 1, 1, 0, 0, 0, 0], (v) => v / 2);
  const w = Float64Array.from([0, 0, 0, 0, 1, -1, 1, -1], (v) => v / 2);
  const along = (a: number, b: number): Float64Array => Float64Array.from(u, (v, i) => 0.5 + a * v + b * (w[i] as number));
  const sample = Array.from({ length: 200 }, () => along(3 * rng.normal(), 2 * rng.normal()));
  const settled = (): { novelty: InputNovelty; projection: Projection } => {
    const projection = Projection.fit(sample, 2, 30) as Projection;
    const novelty = new InputNovelty();
    sample.forEach((x, i) => novelty.observe(`natural-${i % 10}`, x));
    novelty.settle(projection);
    return { novelty, projection };
  };

  it('is about 0 for an input along those directions, however far from the centre, and the offset’s length for one off them', () => {
    const { novelty, projection } = settled();
    const far = along(12, -9);
    expect(novelty.distance(far, 'q') as number).toBeGreaterThan(7);
    expect(novelty.residual(far, projection.project(far, new Float64Array(2))) as number).toBeLessThan(1e-6);
    // 0.3 along a direction orthogonal to both (the first feature against the second).
    const off = along(1, 1);
    off[0] = (off[0] as number) + 0.3 / Math.SQRT2;
    off[1] = (off[1] as number) - 0.3 / Math.SQRT2;
    expect(novelty.residual(off, projection.project(off, new Float64Array(2))) as number).toBeCloseTo(0.3, 6);
    // Given the distance from the centre (the detector has it from `distance`), the same.
    const px = projection.project(off, new Float64Array(2));
    expect(novelty.residual(off, px, novelty.distance(off, 'q')) as number).toBeCloseTo(novelty.residual(off, px) as number, 12);
  });

  it('is unknown before the warm-up settles, without a projection, and where distances are to the nearest input (tabular)', () => {
    const x = along(1, 1);
    const unsettled = new InputNovelty();
    unsettled.observe('a', x);
    expect(unsettled.residual(x, new Float64Array(2))).toBeUndefined();
    unsettled.settle();
    expect(unsettled.residual(x, new Float64Array(2))).toBeUndefined();
    const { projection } = settled();
    const nearest = new InputNovelty(true);
    sample.forEach((s, i) => nearest.observe(`natural-${i % 10}`, s));
    nearest.settle(projection);
    expect(nearest.residual(x, projection.project(x, new Float64Array(2)))).toBeUndefined();
  });
});

describe('InputNovelty, nearest: distance to the nearest warm-up input another client sent', () => {
  const settled = (inputs: [string, number[]][]): InputNovelty => {
    const novelty = new InputNovelty(true);
    for (const [client, x] of inputs) novelty.observe(client, Float64Array.from(x));
    novelty.settle();
    return novelty;
  };
  // Two modes, as fast and slow pumps: the mean (2.5, 2.5) lies between them, where no natural input is.
  const modes: [string, number[]][] = [['a', [0, 0]], ['b', [0.2, 0]], ['c', [5, 5]], ['d', [5, 5.2]]];

  it('sees an input between two modes as far out, where the distance from the mean sees it as central', () => {
    const novelty = settled(modes);
    expect(novelty.byNearest).toBe(true);
    expect(novelty.distance(Float64Array.from([2.5, 2.5]), 'q')).toBeCloseTo(Math.hypot(2.3, 2.5), 10);
    expect(novelty.distance(Float64Array.from([0.1, 0]), 'q')).toBeCloseTo(0.1, 10);
  });

  it('never measures a client against its own warm-up inputs', () => {
    const novelty = settled(modes);
    // a's own input is at distance 0; b's is the nearest other.
    expect(novelty.distance(Float64Array.from([0, 0]), 'a')).toBeCloseTo(0.2, 10);
    expect(novelty.distance(Float64Array.from([0, 0]), 'b')).toBe(0);
  });

  it('keeps to the mean with fewer than three clients in the warm-up: one client has no other to compare with', () => {
    const novelty = settled([['a', [0, 0]], ['a', [2, 0]], ['b', [4, 0]]]);
    expect(novelty.byNearest).toBe(false);
    expect(novelty.distance(Float64Array.from([2, 0]), 'a')).toBe(0);
  });

  it('takes at most 20 inputs of a client, as the mean does', () => {
    const inputs: [string, number[]][] = [['b', [10, 10]], ['c', [10, 10]]];
    for (let i = 0; i < 50; i++) inputs.push(['extraction', [i, 0]]);
    const novelty = settled(inputs);
    // The extraction's 21st input on (20, 0) is not kept: the nearest to it is its 20th (19, 0), 1 away.
    expect(novelty.distance(Float64Array.from([30, 0]), 'q')).toBeCloseTo(11, 10);
  });
});

describe('InputNovelty, nearest, with a projection: the distances of the full search', () => {
  it('gives every query the distance the full search gives, on 40 features in five clusters', () => {
    const rng = createRng(7);
    const centres = Array.from({ length: 5 }, () => Float64Array.from({ length: 40 }, () => 10 * rng.normal()));
    const draw = (): Float64Array => Float64Array.from(centres[rng.int(5)] as Float64Array, (c) => c + rng.normal());
    const warm = Array.from({ length: 200 }, (_, i) => ({ client: `c${i % 12}`, x: draw() }));
    const projection = Projection.fit(warm.map((w) => w.x)) as Projection;
    const plain = new InputNovelty(true);
    const bounded = new InputNovelty(true);
    for (const w of warm) {
      plain.observe(w.client, w.x);
      bounded.observe(w.client, w.x);
    }
    plain.settle();
    bounded.settle(projection);
    const px = new Float64Array(projection.k);
    for (let q = 0; q < 300; q++) {
      // Natural queries, uniform noise, and warm-up clients' own (which must not find their own inputs).
      const x = q % 3 === 0 ? Float64Array.from({ length: 40 }, () => 40 * rng.next() - 20) : draw();
      const client = q % 3 === 2 ? `c${q % 12}` : 'later';
      expect(bounded.distance(x, client, projection.projectInput(x, px))).toBe(plain.distance(x, client));
    }
  });
});

