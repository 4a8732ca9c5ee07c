import { describe, expect, it } from 'vitest';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { createRng } from '../../../ml/rng.ts';
import { evasionSearch } from './index.ts';

const rng = createRng(5);
const digit = (): Float64Array => Float64Array.from({ length: 64 }, () => Math.round(rng.next() * 16) / 16);

function summaries(params: Record<string, number>, inputs: Float64Array[]): string[] {
  const detector = evasionSearch.detector.create(evasionSearch.params.parse(params));
  const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: evasionSearch.id, detector }] });
  const warm = Array.from({ length: 200 }, (_, i): InferenceEvent => ({ source: 't', line: i + 1, client: `warm-${i % 20}`, input: digit() }));
  const probes = inputs.map((input, i): InferenceEvent => ({ source: 't', line: 1000 + i, client: 'probe', input }));
  for (const e of [...warm, ...probes]) m.event(e);
  return m.result().alerts.filter((a) => a.client === 'probe').map((a) => a.summary);
}

describe('monitor/evasion-search: the previous input and the recent queries', () => {
  it('an exact repeat of an earlier input between tiny steps leaves the previous input as it was: the chain goes on', () => {
    const far = digit();
    const start = digit();
    const walk: Float64Array[] = [far];
    for (let k = 0; k <= 9; k++) {
      walk.push(Float64Array.from(start, (v, j) => v + 1e-3 * k * ((j % 3) - 1)));
      walk.push(far);
    }
    expect(summaries({ matches: 1000, linfSteps: 1000 }, walk)[0]).toBe('probe sent 8 consecutive queries each a tiny step from the last: an adversarial-example search');
  });

  it('counts L∞ steps among the queries remembered so far (an exact repeat is not one of them)', () => {
    const base = Float64Array.from({ length: 64 }, () => 0.25 + rng.next() / 2);
    const steps = [base, base];
    for (let k = 0; k < 8; k++) steps.push(Float64Array.from(base, (v, j) => (j >= 4 * k && j < 4 * k + 4 ? v + 0.05 : v)));
    expect(summaries({ chain: 1000, matches: 1000 }, steps)[0]).toMatch(/^probe sent 6 queries in its last 7 each differing from one of its 32 previous queries by ±0\.05 on 4–8 of 64 features, the rest unchanged or clipped/);
  });
});

describe('monitor/evasion-search: a large `recent`', () => {
  it('grows its window as queries come (a `recent` of 5·10⁹ allocated that many bytes per client up front, and threw)', () => {
    const base = Float64Array.from({ length: 64 }, () => 0.25 + rng.next() / 2);
    // 150 L∞ steps around one input: the window of flags fills past its first sizes (64, 128) and is never full.
    const steps = [base];
    for (let k = 0; k < 150; k++) steps.push(Float64Array.from(base, (v, j) => (j % 37 === k % 37 ? v + 0.05 * (1 + (k % 5)) : v)));
    const window = (recent: number): string[] => summaries({ chain: 1000, matches: 1000, recent }, steps);
    expect(window(5e9)).toEqual(window(1000));
    expect(window(1000).length).toBeGreaterThan(0);
  });
});
