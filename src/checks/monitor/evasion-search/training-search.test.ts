import { describe, expect, it } from 'vitest';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { trainingRecordsOf } from '../../../monitor/training-set/training-records.ts';
import { createRng } from '../../../ml/rng.ts';
import { evasionSearch } from './index.ts';

// A label-only boundary search (a binary search towards noise, then probes around the boundary point) begun at a
// record: a training record's is membership inference (ART's LabelOnlyDecisionBoundary), a fresh record's evasion.
const rng = createRng(21);
const digit = (): Float64Array => Float64Array.from({ length: 64 }, () => Math.round(rng.next() * 16) / 16);
const training = Array.from({ length: 300 }, digit);
const records = trainingRecordsOf(training);

function search(client: string, start: Float64Array, line: number): InferenceEvent[] {
  const noise = Float64Array.from({ length: 64 }, () => rng.next());
  const out: Float64Array[] = [start];
  for (let k = 1; k <= 9; k++) out.push(Float64Array.from(start, (v, j) => v + (noise[j] as number - v) * 2 ** -k));
  const boundary = out[out.length - 1] as Float64Array;
  for (let k = 0; k < 60; k++) out.push(Float64Array.from(boundary, (v) => v + 0.01 * rng.normal()));
  return out.map((input, i) => ({ source: 't', line: line + i, client, input }));
}

function techniques(withRecords: boolean): Record<string, string[]> {
  const detector = evasionSearch.detector.create(evasionSearch.params.parse({}), withRecords ? { trainingRecords: records } : {});
  const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: evasionSearch.id, detector }] });
  const warm = Array.from({ length: 200 }, (_, i): InferenceEvent => ({ source: 't', line: i + 1, client: 'warm-up', input: digit() }));
  for (const e of [...warm, ...search('member', training[7] as Float64Array, 1000), ...search('evasion', digit(), 2000)]) m.event(e);
  const out: Record<string, string[]> = {};
  for (const a of m.result().alerts) out[a.client] = [...(out[a.client] ?? []), ...a.techniques].sort();
  return out;
}

describe('monitor/evasion-search given the training records', () => {
  it('names a search begun at a training record membership inference too; one begun at fresh data stays evasion', () => {
    expect(techniques(true)).toEqual({ member: ['AML.T0015', 'AML.T0024.000', 'AML.T0043.001'], evasion: ['AML.T0015', 'AML.T0043.001'] });
  });

  it('without them both are evasion', () => {
    expect(techniques(false)).toEqual({ member: ['AML.T0015', 'AML.T0043.001'], evasion: ['AML.T0015', 'AML.T0043.001'] });
  });
});
