import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../monitor/alerts.ts';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { createRng } from '../../../ml/rng.ts';
import { evasionSearch } from './index.ts';
import { emptyStep, inputRange, isLinfStep, RecentInputs, type InputRange } from './linf-steps.ts';

// Sizes other than the digits' 8×8: a 28×28 image with most pixels 0 (MNIST-like, values in 1/255 steps) and a row
// of 12 tabular features; the test must not depend on the traffic's shape.
const rng = createRng(5);
const range = (lo: number, hi: number, dimension: number): InputRange => inputRange(new Float64Array(dimension).fill(lo), () => hi - lo);
const sparseImage = (n = 784): Float64Array => Float64Array.from({ length: n }, () => (rng.next() < 0.2 ? Math.round(rng.next() * 255) / 255 : 0));
/** As a float32 payload printed with six decimals reads back. */
const logged = (x: Float64Array): Float64Array => Float64Array.from(x, (v) => Math.round(Math.fround(v) * 1e6) / 1e6);
const clip = (x: Float64Array, lo = 0, hi = 1): Float64Array => x.map((v) => Math.min(hi, Math.max(lo, v)));
/** x ± ε on every feature (a sign each), clipped: a vertex of the L∞ ball (SquareAttack's stripes, Parsimonious). */
const vertex = (x: Float64Array, eps: number, signs = x.map(() => (rng.next() < 0.5 ? -1 : 1))): Float64Array => clip(x.map((v, i) => v + eps * (signs[i] as number)));
const rescan = (x: Float64Array): Float64Array => clip(x.map((v) => v + 0.03 * rng.normal()));

function test(x: Float64Array, earlier: Float64Array, within = range(0, 1, x.length)): ReturnType<typeof emptyStep> | undefined {
  const out = emptyStep();
  return isLinfStep(x, Float32Array.from(earlier), 0, within, out) ? out : undefined;
}

describe('isLinfStep: one magnitude on every changed feature, the rest unchanged or clipped', () => {
  const image = sparseImage();

  it('catches a vertex of the ε-ball against its image (zero pixels clipped at 0), through float32 and six decimals', () => {
    const step = test(logged(vertex(image, 0.05)), image);
    expect(step?.magnitude).toBeCloseTo(0.05, 5);
    // Pixels at 0 moved by +ε or stayed (clipped), the rest moved by ±ε: every feature is accounted for.
    expect((step?.stepped ?? 0) + (step?.clipped ?? 0)).toBeGreaterThan(300);
  });

  it('catches two vertices of one image (0 or ±2ε) and a redrawn square (SquareAttack: ±2ε inside it, 0 outside)', () => {
    const a = vertex(image, 0.05);
    expect(test(vertex(image, 0.05), a)?.magnitude).toBeCloseTo(0.1, 5);
    const b = Float64Array.from(a);
    for (let r = 10; r < 14; r++) for (let c = 3; c < 7; c++) b[r * 28 + c] = Math.min(1, Math.max(0, (image[r * 28 + c] as number) - 0.05 * Math.sign((a[r * 28 + c] as number) - (image[r * 28 + c] as number) || 1)));
    expect(test(b, a)).toBeDefined();
  });

  it('catches a two-coordinate step and sign steps on tabular features in their own range, not a one-field edit', () => {
    const x = Float64Array.from({ length: 12 }, () => 20 + 80 * rng.next());
    const two = Float64Array.from(x);
    two[4] = (two[4] as number) + 0.5;
    two[9] = (two[9] as number) - 0.5;
    const tabular = range(0, 150, 12);
    expect(test(two, x, tabular)).toMatchObject({ stepped: 2, clipped: 0 });
    // One field changed is a person re-submitting a form (or SimBA's one-pixel step, which Blacklight's windows see).
    const edited = Float64Array.from(x);
    edited[4] = (edited[4] as number) + 0.5;
    expect(test(edited, x, tabular)).toBeUndefined();
    const signs = test(x.map((v, i) => v + (i % 3 === 0 ? -2 : 2)), x, tabular);
    expect(signs).toMatchObject({ stepped: 12, clipped: 0 });
    expect(signs?.magnitude).toBeCloseTo(2, 4); // stored in 32 bits: ~10⁻⁶ off at 20–100
  });

  it.each([
    ['a σ 0.03 rescan of the image', () => rescan(image)],
    ['a rescan, both copies noisy', () => rescan(rescan(image))],
    ['another natural image', () => sparseImage()],
    ['the image brightened by a factor (not one magnitude)', () => clip(image.map((v) => v * 1.1))],
    ['two magnitudes (ε on some features, 2ε on others, none clipped)', () => clip(image.map((v, i) => (v > 0.3 && v < 0.7 ? v + (i % 2 === 0 ? 0.05 : 0.1) : v)))],
    ['a round-off difference only (float32, six decimals)', () => logged(image)],
  ])('not %s', (_, other) => {
    expect(test(other(), image)).toBeUndefined();
  });
});

describe('RecentInputs: a client’s last inputs, compared newest first', () => {
  it('finds the earlier input several queries back, grows to its capacity and forgets the oldest', () => {
    const recent = new RecentInputs(8);
    const images = Array.from({ length: 12 }, () => sparseImage(100));
    const out = emptyStep();
    images.forEach((x) => recent.add(x));
    const pixels = range(0, 1, 100);
    expect(recent.stepFrom(vertex(images[9] as Float64Array, 0.05), pixels, out)).toBe(true);
    expect(out.ago).toBe(3);
    expect(recent.stepFrom(vertex(images[2] as Float64Array, 0.05), pixels, out)).toBe(false);
    expect(recent.stepFrom(sparseImage(64), range(0, 1, 64), out)).toBe(false);
  });

  it('holds what a client sent, up to its capacity', () => {
    const recent = new RecentInputs(32);
    for (let i = 0; i < 3; i++) recent.add(sparseImage(100));
    expect(recent.held).toBe(4 * 100);
    for (let i = 0; i < 1000; i++) recent.add(sparseImage(100));
    expect(recent.held).toBe(32 * 100);
  });
});

describe('monitor/evasion-search: L∞ steps', () => {
  function alerts(clients: Record<string, Float64Array[]>): Map<string, Alert> {
    const detector = evasionSearch.detector.create(evasionSearch.params.parse({}));
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: evasionSearch.id, detector }] });
    let line = 0;
    for (let i = 0; i < 200; i++) m.event({ source: 't', line: ++line, client: 'warm-up', input: sparseImage(100) });
    // The clients' queries interleaved, one of each in turn.
    const longest = Math.max(...Object.values(clients).map((q) => q.length));
    for (let i = 0; i < longest; i++) {
      for (const [client, queries] of Object.entries(clients)) {
        const input = queries[i];
        if (input) m.event({ source: 't', line: ++line, client, input } satisfies InferenceEvent);
      }
    }
    return new Map(m.result().alerts.map((a) => [a.client, a]));
  }

  it('flags a square-redrawing search over a batch of images within its first iterations, and not rescans or other images', () => {
    const images = Array.from({ length: 16 }, () => sparseImage(100));
    const square: Float64Array[] = [...images];
    let current = images.map((x) => vertex(x, 0.05));
    square.push(...current);
    for (let it = 0; it < 3; it++) {
      current = current.map((a, k) => {
        const b = Float64Array.from(a);
        const x = images[k] as Float64Array;
        const r0 = rng.int(7);
        const c0 = rng.int(7);
        const s = rng.next() < 0.5 ? -0.05 : 0.05;
        for (let r = r0; r < r0 + 4; r++) for (let c = c0; c < c0 + 4; c++) b[r * 10 + c] = Math.min(1, Math.max(0, (x[r * 10 + c] as number) + s));
        return b;
      });
      square.push(...current);
    }
    const documents = Array.from({ length: 40 }, () => sparseImage(100));
    const rescans = documents.flatMap((d) => [rescan(d), rescan(d), rescan(d)]);
    const found = alerts({ square: square.map(logged), rescans, natural: Array.from({ length: 120 }, () => sparseImage(100)) });
    expect([...found.keys()]).toEqual(['square']);
    const alert = found.get('square');
    // The 16 images, then their first vertices: the 6th is the 6th L∞ step.
    expect(alert?.atClientEvent).toBe(16 + 6);
    expect(alert?.summary).toMatch(/by ±0\.05 on \d+(–\d+)? of 100 features, the rest unchanged or clipped/);
  });

  it('flags SquareAttack at its second image started from stripes (ART stops once every image is misclassified)', () => {
    const images = Array.from({ length: 16 }, () => sparseImage(100));
    const stripes = images.map((x) => {
      const signs = Array.from({ length: 10 }, () => (rng.next() < 0.5 ? -1 : 1));
      signs[0] = -1;
      signs[1] = -1;
      signs[2] = 1;
      signs[3] = 1;
      return clip(x.map((v, i) => v + 0.05 * (signs[i % 10] as number)));
    });
    const found = alerts({ square: [...images, ...stripes].map(logged), natural: Array.from({ length: 60 }, () => sparseImage(100)) });
    expect([...found.keys()]).toEqual(['square']);
    expect(found.get('square')?.atClientEvent).toBe(16 + 2);
    expect(found.get('square')?.summary).toContain("2 of them in stripes, SquareAttack's start");
    expect(found.get('square')?.measurements?.stripedSteps).toBe(2);
  });
});

describe('striped steps: SquareAttack starts each image from vertical stripes of ±ε', () => {
  const side = 28;
  const image = sparseImage(side * side);
  /** The image with each column (or row) moved by ±ε, one sign a line, clipped. */
  const striped = (byRow = false): Float64Array => {
    const signs = Array.from({ length: side }, (_, k) => (k % 3 === 0 ? -1 : 1));
    return clip(image.map((v, i) => v + 0.3 * (signs[byRow ? Math.floor(i / side) : i % side] as number)));
  };

  it('reads vertical stripes, and horizontal ones (an image stored transposed), as striped', () => {
    expect(test(logged(striped()), image)?.striped).toBe(true);
    expect(test(logged(striped(true)), image)?.striped).toBe(true);
  });

  it('reads the stripes of a narrow digit as striped, its blank columns moved down staying 0', () => {
    // Ink in columns 12–15 only; of those, one moved down and three up, and every blank column either way.
    const one = new Float64Array(side * side);
    for (let r = 4; r < 24; r++) for (let c = 12; c < 16; c++) one[r * side + c] = 0.5;
    const signs = Array.from({ length: side }, (_, c) => (c === 12 ? -1 : c > 12 && c < 16 ? 1 : c % 2 === 0 ? -1 : 1));
    const start = clip(one.map((v, i) => v + 0.3 * (signs[i % side] as number)));
    expect(test(start, one)?.striped).toBe(true);
  });

  it('reads the stripes of a colour image (3 × 16 × 16, channels first) as striped: a sign per channel and column, as ART draws them', () => {
    const w = 16;
    const colour = Float64Array.from({ length: 3 * w * w }, () => 0.1 + 0.8 * rng.next());
    const signs = Array.from({ length: 3 * w }, (_, k) => (k % 3 === 1 ? -1 : 1) * (k % 7 === 0 ? -1 : 1));
    const start = clip(colour.map((v, i) => v + 0.05 * (signs[Math.floor(i / (w * w)) * w + (i % w)] as number)));
    expect(test(start, colour)?.striped).toBe(true);
    // One channel striped, the others moved at random: no start of SquareAttack's.
    const mixed = Float64Array.from(start, (v, i) => (i < w * w ? v : Math.min(1, Math.max(0, (colour[i] as number) + (rng.next() < 0.5 ? -0.05 : 0.05)))));
    expect(test(mixed, colour)?.striped).toBe(false);
  });

  it('does not read a vertex of random signs, a brightness change, a redrawn square or a 16-field form as striped', () => {
    expect(test(vertex(image, 0.3), image)?.striped).toBe(false);
    expect(test(clip(image.map((v) => v + 0.1)), image)?.striped).toBe(false);
    const square = Float64Array.from(image);
    for (let r = 4; r < 12; r++) for (let c = 4; c < 12; c++) square[r * side + c] = Math.min(1, (image[r * side + c] as number) + 0.3);
    expect(test(square, image)?.striped).toBe(false);
    // Fields 0–1 up by 5 and 2–3 down by 5, the rest as they were: a 4×4 "image" whose four columns each move one way.
    const form = Float64Array.from({ length: 16 }, () => 10 + Math.round(rng.next() * 80));
    const edited = form.map((v, i) => v + (i < 2 ? 5 : i < 4 ? -5 : 0));
    expect(test(edited, form, range(0, 100, 16))).toBeDefined();
    expect(test(edited, form, range(0, 100, 16))?.striped).toBe(false);
  });
});

