import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { createRng } from '../../../ml/rng.ts';
import { DataBox, secondMost } from './data-box.ts';
import { evasionSearch } from './index.ts';

const row = (client: string, ...x: number[]): { client: string; x: Float64Array } => ({ client, x: Float64Array.from(x) });

describe('DataBox.anyWithin: whether a warm-up input lies within r', () => {
  const sample = Array.from({ length: 30 }, (_, i) => ({ client: `c${i % 3}`, x: Float64Array.from([i, 0]) }));
  const box = DataBox.learn(sample) as DataBox;
  it.each([
    { x: [5.5, 0], r: 0.5, within: true },
    { x: [5.5, 0], r: 0.49, within: false },
    { x: [100, 0], r: 70, within: false },
    // Only each client's first 8 are kept: inputs 0–23, so 29 is not there, and 23 is the nearest.
    { x: [29, 0], r: 5.9, within: false },
    { x: [29, 0], r: 6, within: true },
    { x: [5, 0, 0], r: 0, within: true },
  ])('$x within $r: $within', ({ x, r, within }) => {
    expect(box.anyWithin(Float64Array.from(x), r)).toBe(within);
  });
});

describe('DataBox', () => {
  const sample = [row('a', 0, 10), row('a', 1, 12), row('b', 2, 11), row('b', 3, 15), row('c', 1, 13), row('search', -50, 900)];

  it('spans the clients’ values, each side the second most extreme client’s: one client cannot stretch it', () => {
    const box = DataBox.learn(sample) as DataBox;
    expect(box.outside(Float64Array.from([1, 12]))).toBe(0);
    // Each side the second of the clients' own extremes: [0, 1] × [11, 15] (the search's −50 and 900, b's 3, a's 10 left out).
    expect(box.outside(Float64Array.from([7, 12]))).toBeCloseTo(6);
    expect(box.outside(Float64Array.from([-3, 19]))).toBeCloseTo(5);
    expect(box.outside(Float64Array.from([1, 2, 3]))).toBe(0);
  });

  it('takes each side’s second value as sorting did, ties, zeros of both signs and NaN included', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity), fc.double());
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 70, size: 'max' }), fc.constantFrom<1 | -1>(1, -1), (values, sign) => {
        const sorted = [...values].sort(sign === 1 ? (a, b) => a - b : (a, b) => b - a);
        expect(Object.is(secondMost([...values], sign), sorted[1])).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('needs three clients and inputs of one length', () => {
    expect(DataBox.learn(sample.slice(0, 4))).toBeUndefined();
    expect(DataBox.learn([...sample, row('d', 1, 2, 3)])).toBeUndefined();
  });
});

// A boundary attack on readings in their own units (issue #13, held-out sensors victim): a start drawn uniformly from
// the sensors' bounds, far from the readings, then orthogonal steps of 1% of its distance to the original — tens of
// units where natural readings are a few units apart.
const rng = createRng(31);
const reading = (): Float64Array => Float64Array.from([20 + 5 * rng.normal(), 1480 + 1480 * rng.int(2) + 10 * rng.normal(), 300 + 20 * rng.normal(), 0.8 + 0.03 * rng.normal()]);

function boundaryWalk(client: string, n: number): InferenceEvent[] {
  const original = reading();
  let current = Float64Array.from([-5, 250, 900, 0.5]);
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.hypot(...current.map((v, j) => v - (original[j] as number)));
    const p = Float64Array.from(current, () => rng.normal());
    const norm = Math.hypot(...p);
    current = Float64Array.from(current, (v, j) => v + (0.01 * r * (p[j] as number)) / norm + 0.005 * ((original[j] as number) - v));
    out.push(current);
  }
  return out.map((input, i) => ({ source: 't', line: 5000 + i, client, input }));
}

/**
 * ART's BoundaryAttack from a start just outside the data (held-out sensors seed 2641, 12 readings): each batch of 20
 * proposals lies δ = 1% of the distance to the original from the current point, so consecutive ones are about √2·δ·r
 * apart — there 0.14–0.32 of how far out they lay. Here in outline: proposals circling a point 100 below the box's
 * lowest speed, each 30 from the last.
 */
function circling(client: string, n: number): InferenceEvent[] {
  // The golden angle a query (no proposal comes back near an earlier one): chords of 2·r·sin(1.2) = 30.
  const radius = 15 / Math.sin(1.2);
  return Array.from({ length: n }, (_, i): InferenceEvent => {
    // Drifting out by 0.2 a query: 0.3 → 0.27 of how far out they lie.
    const angle = 2.4 * i;
    const input = Float64Array.from([20 + radius * Math.cos(angle), 1350 - 0.2 * i, 300 + radius * Math.sin(angle), 0.8]);
    return { source: 't', line: 5000 + i, client, input };
  });
}

/**
 * Proposals 30 apart (as `circling`) about a point inside the speeds' range but between the two kinds of pump (2,200
 * rpm, ~700 from any reading) and 14–22 below the box's lowest temperature: over its distance outside the box apart,
 * ~0.05 of its distance to the nearest reading (fresh sensors seed 2662: 0.17–0.46 and ~0.05).
 */
function betweenPumps(client: string, n: number): InferenceEvent[] {
  const radius = 15 / Math.sin(1.2);
  return Array.from({ length: n }, (_, i): InferenceEvent => {
    const angle = 2.4 * i;
    // The temperature and power factor move too, so that no feature's hash is the same from one proposal to the next.
    const input = Float64Array.from([-10 - 4 * Math.cos(1.7 * i), 2200 + radius * Math.cos(angle), 300 + radius * Math.sin(angle), 0.8 + 0.03 * Math.sin(2.9 * i)]);
    return { source: 't', line: 5000 + i, client, input };
  });
}

function flagged(params: object, walk = boundaryWalk): string[] {
  const detector = evasionSearch.detector.create(evasionSearch.params.parse(params));
  const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: evasionSearch.id, detector }] });
  const warm = Array.from({ length: 200 }, (_, i): InferenceEvent => ({ source: 't', line: i + 1, client: `warm-${i % 20}`, input: reading() }));
  const natural = Array.from({ length: 300 }, (_, i): InferenceEvent => ({ source: 't', line: 1000 + i, client: `natural-${i % 6}`, input: reading() }));
  for (const e of [...warm, ...natural, ...walk('boundary', 60)]) m.event(e);
  return [...new Set(m.result().alerts.map((a) => a.client))];
}

describe('monitor/evasion-search: steps small against how far outside the data a walk is', () => {
  it('flags a boundary attack walking in from noise, not the natural clients', () => {
    expect(flagged({})).toEqual(['boundary']);
  });

  it('misses it with `farStep: 0` (its steps are not tiny against the readings’ spacing)', () => {
    expect(flagged({ farStep: 0 })).toEqual([]);
  });

  it('flags a boundary attack whose start lies just outside the data, its steps ~0.3 of how far out it is', () => {
    expect(flagged({}, circling)).toEqual(['boundary']);
  });

  it('flags a walk just outside the box but far from every reading: its steps are tiny against its distance to the data', () => {
    expect(flagged({}, betweenPumps)).toEqual(['boundary']);
  });

  it('missed that one at `farStep: 0.25` (the default until the seventeenth session: held-out sensors seed 2641, caught at 490 of 1,500)', () => {
    expect(flagged({ farStep: 0.25 }, circling)).toEqual([]);
  });
});
