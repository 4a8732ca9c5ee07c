import { describe, expect, it } from 'vitest';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { createRng } from '../../../ml/rng.ts';
import { evasionSearch } from './index.ts';
import { naturalSharing, sharedCount } from './natural-sharing.ts';

describe('naturalSharing', () => {
  const print = (...hashes: number[]): Uint32Array => Uint32Array.from(hashes);

  it('counts the hashes two ascending fingerprints share', () => {
    expect(sharedCount(print(1, 3, 5, 9), print(2, 3, 9, 10))).toBe(2);
    expect(sharedCount(print(), print(1))).toBe(0);
  });

  it('is one more than the sharing all but `share` of the cross-client pairs stay under', () => {
    // Pairs of different clients: a–b share 3, a–c 1, b–c 1.
    const prints = [print(1, 2, 3, 4), print(1, 2, 3, 8), print(1, 6, 7, 9)];
    expect(naturalSharing(prints, ['a', 'b', 'c'], [1, 2, 3], 0.5)).toBe(2);
    expect(naturalSharing(prints, ['a', 'b', 'c'], [1, 2, 3], 0.34)).toBe(2);
    expect(naturalSharing(prints, ['a', 'b', 'c'], [1, 2, 3], 0.3)).toBe(4);
  });

  it('leaves out pairs of one client and pairs of the very same input', () => {
    const prints = [print(1, 2, 3, 4), print(1, 2, 3, 4), print(1, 6, 7, 9)];
    expect(naturalSharing(prints, ['a', 'a', 'c'], [1, 2, 3], 0)).toBe(2);
    expect(naturalSharing(prints, ['a', 'b', 'c'], [1, 1, 3], 0)).toBe(2);
    expect(naturalSharing(prints, ['a', 'a', 'a'], [1, 2, 3], 0)).toBe(0);
  });
});

// Twelve readings, each mostly near its usual value with a rare far one (a sensor's spike): the warm-up's range is
// the spikes', so at Blacklight's 5 levels nearly every natural reading falls in the middle level of each feature
// and natural inputs share most of their hashes (the held-out pump model of victims/sensors.ts, seeds 1101–1103).
const rng = createRng(12);
const reading = (): Float64Array => Float64Array.from({ length: 12 }, () => rng.normal() + (rng.next() < 0.03 ? 8 * rng.normal() : 0));

function flagged(params: object, extra: InferenceEvent[] = []): string[] {
  const detector = evasionSearch.detector.create(evasionSearch.params.parse(params), {});
  const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: evasionSearch.id, detector }] });
  let line = 0;
  const event = (client: string, input: Float64Array): InferenceEvent => ({ source: 't', line: ++line, client, input });
  for (let i = 0; i < 200; i++) m.event(event(`warm-${i % 40}`, reading()));
  for (let k = 0; k < 100; k++) for (let c = 0; c < 40; c++) m.event(event(`natural-${c}`, reading()));
  for (const e of extra) m.event(e);
  return [...new Set(m.result().alerts.map((a) => a.client))].sort();
}

describe('monitor/evasion-search on low-dimensional inputs', () => {
  it('flags no natural client once the warm-up says how much natural inputs share (finer levels)', () => {
    expect(flagged({ naturalShare: 1 }).length, 'the calibration off: natural clients look like searches').toBeGreaterThan(0);
    expect(flagged({})).toEqual([]);
  });

  it('still flags a search: probes around one point', () => {
    const start = reading();
    const probes = Array.from({ length: 60 }, (_, i): InferenceEvent => ({ source: 't', line: 10_000 + i, client: 'search', input: Float64Array.from(start, (v) => v + 0.01 * rng.normal()) }));
    expect(flagged({}, probes)).toEqual(['search']);
  });
});
