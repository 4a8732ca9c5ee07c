import { describe, expect, it } from 'vitest';
import { createRng } from '../../../ml/rng.ts';
import { gridUnit, isOverwrite } from './overwrites.ts';

const rng = createRng(7);
const range = { lo: 0, hi: 1, tolerance: 1e-5 };
/** An 8×8 image on a grid of sixteenths: a blank border, ink in the middle. */
function digit(): Float64Array {
  return Float64Array.from({ length: 64 }, (_, i) => (i % 8 > 0 && i % 8 < 7 && rng.next() < 0.6 ? rng.int(16) + 1 : 0) / 16);
}
/** PixelAttack's candidate: `pixels` (row, column, level) triples set on x, levels ⌊l⌋/255. */
function overwritten(x: Float64Array, pixels: number): Float64Array {
  const y = Float64Array.from(x);
  for (let p = 0; p < pixels; p++) y[rng.int(64)] = rng.int(256) / 255;
  return y;
}

describe('pixels overwritten off the grid (PixelAttack on 8×8)', () => {
  it('learns the grid the warm-up lies on, a rescanning client or two aside, and none for readings', () => {
    const images = Array.from({ length: 60 }, digit);
    const rescan = Float64Array.from(images[0] as Float64Array, (v) => (v > 0 ? v + 0.01 * rng.next() : 0));
    expect(gridUnit([...images, rescan])).toBe(1 / 16);
    expect(gridUnit(Array.from({ length: 60 }, () => Float64Array.from({ length: 12 }, () => 1450 + 40 * rng.next())))).toBe(0);
  });

  it('sees two candidates of one image with 64 pixels set, and not two natural images, a rescan or Jacobian steps', () => {
    const x = digit();
    let seen = 0;
    for (let t = 0; t < 50; t++) if (isOverwrite(overwritten(x, 64), overwritten(x, 64), 1 / 16, range)) seen++;
    expect(seen).toBeGreaterThan(25);
    const rescan = (v: Float64Array): Float64Array => Float64Array.from(v, (u) => Math.min(1, Math.max(0, u + 0.03 * (rng.next() - 0.5))));
    const jacobian = (v: Float64Array): Float64Array => Float64Array.from(v, (u) => Math.min(1, Math.max(0, u + (rng.next() < 0.5 ? -0.1 : 0.1))));
    for (let t = 0; t < 50; t++) {
      expect(isOverwrite(digit(), digit(), 1 / 16, range)).toBe(false);
      expect(isOverwrite(rescan(x), rescan(x), 1 / 16, range)).toBe(false);
      expect(isOverwrite(jacobian(x), jacobian(x), 1 / 16, range)).toBe(false);
    }
  });
});
