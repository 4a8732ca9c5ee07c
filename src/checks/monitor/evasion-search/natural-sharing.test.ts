import { describe, expect, it } from 'vitest';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { createRng } from '../../../ml/rng.ts';
import { evasionSearch } from './index.ts';
import { naturalSharing, sharedByHash, sharedCount } from './natural-sharing.ts';

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

  it('counts every pair as merging the two prints does (sharedByHash), falling back to merging for a repeated hash', () => {
    const rng = createRng(5);
    for (let round = 0; round < 40; round++) {
      // Few distinct hashes, so pairs share many; lengths 0–20.
      const prints = Array.from({ length: 1 + Math.floor(rng.next() * 60) }, () =>
        Uint32Array.from(new Set(Array.from({ length: Math.floor(rng.next() * 21) }, () => Math.floor(rng.next() * 40) * (round % 2 ? 0x3fffffff / 40 : 1)))).sort(),
      );
      const { table } = sharedByHash(prints) as { table: Int32Array };
      const n = prints.length;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(table[i * n + j]).toBe(sharedCount(prints[i] as Uint32Array, prints[j] as Uint32Array));
      const clients = prints.map(() => `c${Math.floor(rng.next() * 8)}`);
      const inputs = prints.map(() => Math.floor(rng.next() * 30));
      const merged = (share: number): number => {
        const counts: number[] = [];
        let pairs = 0;
        for (let i = 0; i < n; i++)
          for (let j = i + 1; j < n; j++) {
            if (clients[i] === clients[j] || inputs[i] === inputs[j]) continue;
            const c = sharedCount(prints[i] as Uint32Array, prints[j] as Uint32Array);
            counts[c] = (counts[c] ?? 0) + 1;
            pairs++;
          }
        let tail = 0;
        for (let t = counts.length - 1; t >= 0; t--) if ((tail += counts[t] ?? 0) > share * pairs) return t + 1;
        return 0;
      };
      for (const share of [0, 0.001, 0.1, 0.5]) expect(naturalSharing(prints, clients, inputs, share)).toBe(merged(share));
    }
    expect(sharedByHash([print(1, 2, 2), print(2, 2)])).toBeUndefined();
    expect(naturalSharing([print(1, 2, 2), print(2, 2)], ['a', 'b'], [1, 2], 0)).toBe(3);
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
