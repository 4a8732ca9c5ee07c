import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../monitor/alerts.ts';
import { Monitor } from '../../../monitor/engine.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { createRng } from '../../../ml/rng.ts';
import { evasionSearch } from './index.ts';
import { inputRange, RecentInputs, type InputRange } from './linf-steps.ts';
import { screenFeatures } from './linf-screen.ts';
import { emptyEdit, isSparseEdit } from './sparse-edits.ts';

// A 28×28 image inked in its middle (values on 1/255 steps), as MNIST's digits are; not the digits of the traffic.
const rng = createRng(11);
const pixels = (n: number): InputRange => inputRange(new Float64Array(n), () => 1);
const middle = (i: number): boolean => Math.abs((i % 28) - 13.5) < 7 && Math.abs(Math.floor(i / 28) - 13.5) < 7;
const image = (n = 784): Float64Array => Float64Array.from({ length: n }, (_, i) => (rng.next() < (middle(i) ? 0.7 : 0.05) ? Math.round(rng.next() * 255) / 255 : 0));
/** PixelAttack's candidate: `count` pixels (drawn with repeats, as its positions are) set to any level. */
const withPixels = (x: Float64Array, count: number): Float64Array => {
  const out = Float64Array.from(x);
  for (let k = 0; k < count; k++) out[rng.int(x.length)] = Math.floor(rng.next() * 256) / 255;
  return out;
};
const rescan = (x: Float64Array): Float64Array => x.map((v) => Math.min(1, Math.max(0, v + 0.03 * rng.normal())));
const edit = (x: Float64Array, earlier: Float64Array): boolean => isSparseEdit(x, Float32Array.from(earlier), 0, pixels(x.length), emptyEdit());

describe('isSparseEdit: equal on most informative features, different on a few by any amounts', () => {
  const x = image();

  it.each([
    ['64 pixels set (PixelAttack’s first run)', 64],
    ['8 pixels set', 8],
    ['3 pixels set', 3],
  ])('is %s', (_, count) => {
    const a = withPixels(x, count);
    // Against the image, and against another candidate of it.
    expect(edit(a, x) || edit(withPixels(x, count), x)).toBe(true);
    expect(edit(withPixels(x, count), a)).toBe(true);
  });

  it.each([
    ['a σ 0.03 rescan', () => rescan(x)],
    ['another image', () => image()],
    ['one pixel changed (SimBA’s step, a form’s field)', () => Object.assign(Float64Array.from(x), { 100: 0.5 })],
    ['the image inverted', () => x.map((v) => 1 - v)],
    ['half the pixels set', () => withPixels(x, 392)],
  ])('is not %s', (_, other) => {
    expect(edit(other(), x)).toBe(false);
  });
});

describe('RecentInputs.editFrom', () => {
  const sample = Array.from({ length: 50 }, () => image());
  const recent = new RecentInputs(32, screenFeatures(sample, pixels(784)));
  const images = Array.from({ length: 10 }, () => image());
  images.forEach((x) => recent.add(x));

  it('finds the stored image a candidate edits, newest first, past the screen', () => {
    const out = emptyEdit();
    expect(recent.editFrom(withPixels(images[6] as Float64Array, 20), pixels(784), out)).toBe(true);
    expect(out.ago).toBe(4);
    expect(out.changed).toBeGreaterThanOrEqual(3);
    expect(recent.editFrom(image(), pixels(784), out)).toBe(false);
  });

  it('reads eight of the query’s own informative features in each row where there is no screen', () => {
    const bare = new RecentInputs(32);
    images.forEach((x) => bare.add(x));
    const out = emptyEdit();
    expect(bare.editFrom(withPixels(images[8] as Float64Array, 20), pixels(784), out)).toBe(true);
    expect(out.ago).toBe(2);
    expect(bare.editFrom(image(), pixels(784), out)).toBe(false);
  });

  it('leaves inputs of fewer than 32 features alone (tabular rows: a form edited field by field)', () => {
    const rows = new RecentInputs(32);
    const row = Float64Array.from({ length: 20 }, () => 10 + 50 * rng.next());
    rows.add(row);
    const edited = Float64Array.from(row);
    for (const i of [2, 5, 7, 11]) edited[i] = (edited[i] as number) + 3;
    expect(rows.editFrom(edited, inputRange(new Float64Array(20), () => 100), emptyEdit())).toBe(false);
  });
});

describe('monitor/evasion-search: sparse edits', () => {
  function alerts(clients: Record<string, Float64Array[]>): Map<string, Alert> {
    const detector = evasionSearch.detector.create(evasionSearch.params.parse({}));
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: evasionSearch.id, detector }] });
    let line = 0;
    for (let i = 0; i < 200; i++) m.event({ source: 't', line: ++line, client: 'warm-up', input: image() });
    const longest = Math.max(...Object.values(clients).map((q) => q.length));
    for (let i = 0; i < longest; i++) {
      for (const [client, queries] of Object.entries(clients)) {
        const input = queries[i];
        if (input) m.event({ source: 't', line: ++line, client, input });
      }
    }
    return new Map(m.result().alerts.map((a) => [a.client, a]));
  }

  it('flags a population of pixel-set copies of one image as an L0 search, and not rescans or natural images', () => {
    const target = image();
    const population = [target, ...Array.from({ length: 100 }, () => withPixels(target, 64))];
    const documents = Array.from({ length: 40 }, () => image());
    const found = alerts({ pixel: population, rescans: documents.flatMap((d) => [d, rescan(d), rescan(d)]), natural: Array.from({ length: 120 }, () => image()) });
    expect([...found.keys()]).toEqual(['pixel']);
    const alert = found.get('pixel');
    expect(alert?.techniques).toContain('AML.T0043.001');
    expect(alert?.atClientEvent).toBeLessThanOrEqual(20);
    expect(alert?.summary).toMatch(/an L0 search \(PixelAttack/);
  });
});
