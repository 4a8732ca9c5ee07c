import { describe, expect, it } from 'vitest';
import { InputNovelty } from './novelty.ts';

const point = (v: number): Float64Array => new Float64Array(4).fill(v);

describe('InputNovelty: distance from the centre of the warm-up’s inputs', () => {
  it('is unknown until the warm-up settles', () => {
    const novelty = new InputNovelty();
    novelty.observe('a', point(0));
    expect(novelty.distance(point(1))).toBeUndefined();
    novelty.settle();
    expect(novelty.distance(point(1))).toBeCloseTo(2, 10);
  });

  it('takes at most 20 inputs of a client into the centre, so one sending most of the warm-up cannot make it its own', () => {
    const novelty = new InputNovelty();
    for (let i = 0; i < 150; i++) novelty.observe('extraction', point(1));
    for (let i = 0; i < 30; i++) novelty.observe(`natural-${i % 3}`, point(0));
    novelty.settle();
    // 20 inputs at 1 and 30 at 0: the centre is 0.4 on every feature (it would be 150/180 ≈ 0.83 uncapped).
    expect(novelty.distance(point(0))).toBeCloseTo(0.8, 10);
    expect(novelty.distance(point(1))).toBeCloseTo(1.2, 10);
  });

  it('no longer moves once settled', () => {
    const novelty = new InputNovelty();
    novelty.observe('a', point(0));
    novelty.settle();
    novelty.observe('b', point(10));
    expect(novelty.distance(point(0))).toBe(0);
  });
});
