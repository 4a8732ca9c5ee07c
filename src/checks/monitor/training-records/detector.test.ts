import { describe, expect, it } from 'vitest';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { trainingRecordsOf } from '../../../monitor/training-set/training-records.ts';
import { createRng } from '../../../ml/rng.ts';
import type { TrainingRecords } from '../../../monitor/training-set/training-records.ts';
import { upperShare } from './detector.ts';
import { trainingRecords as check } from './index.ts';

const rng = createRng(9);
const vector = (): Float64Array => Float64Array.from({ length: 32 }, () => Math.round(rng.next() * 16) / 16);
const training = Array.from({ length: 400 }, vector);
const event = (client: string, input: Float64Array, line: number): InferenceEvent => ({ source: 't', line, client, input });

function alertsOn(events: InferenceEvent[], records: TrainingRecords | undefined, params: object = {}) {
  const detector = check.detector.create(check.params.parse(params), records ? { trainingRecords: records } : {});
  const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: check.id, detector }] });
  for (const e of events) m.event(e);
  return m.result().alerts;
}

describe('monitor/training-records', () => {
  // 30 clients of fresh data, one of which also sends a training record now and then (2 of 100); an attacker sending
  // the candidate records of membership inference, half of them members, each once.
  const benign = Array.from({ length: 30 }, (_, c) => Array.from({ length: 100 }, (_, i) => event(`key-${c}`, c === 0 && i % 50 === 7 ? (training[i] as Float64Array) : vector(), c * 100 + i)));
  const candidates = Array.from({ length: 200 }, (_, i) => event('mia', i % 2 === 0 ? Float64Array.from(training[100 + i] as Float64Array, (v) => Math.fround(v)) : vector(), 10_000 + i));
  const stream = [...benign.flat(), ...candidates];

  it('flags the client whose queries are training records, early, and no client of fresh data', () => {
    const alerts = alertsOn(stream, trainingRecordsOf(training));
    expect(alerts.map((a) => [a.client, a.techniques])).toEqual([['mia', ['AML.T0024.000']]]);
    expect(alerts[0]?.atClientEvent).toBeLessThanOrEqual(20);
    expect(alerts[0]?.measurements).toMatchObject({ expected: 0.02 });
  });

  it('learns a population that sends training records as a matter of course: then it takes more', () => {
    const everyone = benign.map((events) => events.map((e, i) => (i % 4 === 0 ? { ...e, input: training[(e.line * 7) % 400] as Float64Array } : e)));
    const alerts = alertsOn([...everyone.flat(), ...candidates], trainingRecordsOf(training));
    expect(alerts.map((a) => a.client)).toEqual(['mia']);
    expect(alerts[0]?.measurements.expected).toBeGreaterThan(0.2);
    expect(alerts[0]?.atClientEvent).toBeGreaterThan(20);
  });

  it('judges an attacker that runs before the others have sent `warmup` queries, against the share their counts allow', () => {
    // 120 queries of fresh data from four clients, then the whole membership inference: its 200 queries come before the others' 200th.
    const first = benign.slice(1, 5).flatMap((events) => events.slice(0, 30));
    const alerts = alertsOn([...first, ...candidates, ...benign.flat()], trainingRecordsOf(training));
    expect(alerts.map((a) => a.client)).toEqual(['mia']);
    expect(alerts[0]?.atClientEvent).toBeLessThanOrEqual(40);
    expect(alerts[0]?.measurements.expected).toBeGreaterThan(0.02);
    // With nothing from the others yet there is no norm at all: the client is not judged on its first queries.
    expect(alertsOn([...candidates.slice(0, 40), ...benign.flat()], trainingRecordsOf(training))).toEqual([]);
  });

  it('upperShare: the largest share the counts leave plausible', () => {
    expect(upperShare(0, 0, 13.8)).toBe(1);
    expect(upperShare(0, 127, -Math.log(1e-6))).toBeCloseTo(1 - Math.exp(Math.log(1e-6) / 127), 6);
    expect(upperShare(127, 127, 13.8)).toBe(1);
    expect(upperShare(10, 1000, 13.8)).toBeGreaterThan(0.01);
    expect(upperShare(10, 1000, 13.8)).toBeLessThan(0.04);
  });

  // The same attacker sending each candidate with Gaussian noise of σ 5% of the range: no copy stays in its cells.
  const noisy = candidates.map((e) => ({ ...e, client: 'mia-noised', input: Float64Array.from(e.input as Float64Array, (v) => v + 0.05 * rng.normal()) }));

  it('flags a client sending training records noised past their cells: nearer a record than other clients’ queries are', () => {
    const records = trainingRecordsOf(training);
    expect(noisy.filter((e) => records.has(e.input as Float64Array))).toEqual([]);
    const alerts = alertsOn([...benign.flat(), ...noisy], records);
    expect(alerts.map((a) => [a.client, a.techniques])).toEqual([['mia-noised', ['AML.T0024.000']]]);
    expect(alerts[0]?.atClientEvent).toBeLessThanOrEqual(20);
    expect(alerts[0]?.summary).toMatch(/sent \d+ of \d+ queries nearer a training record than all but 5.0% of queries are/);
    // The others' share of near queries, at least the quantile's 5% (their later queries against the quantile of their first 20).
    expect(alerts[0]?.measurements.expected).toBeGreaterThanOrEqual(0.05);
    expect(alerts[0]?.measurements.expected).toBeLessThan(0.1);
  });

  it('takes only each client’s first 20 distances into the norm of nearness: tools at machine speed opening the log do not set it', () => {
    // Three tools send 100 queries each far from any record before the natural clients' first; then 29 natural clients.
    const far = [0, 1, 2].flatMap((t) => Array.from({ length: 100 }, (_, i) => event(`tool-${t}`, Float64Array.from({ length: 32 }, () => 2 + rng.next()), 20_000 + t * 100 + i)));
    const alerts = alertsOn([...far, ...benign.slice(1).flat(), ...noisy], trainingRecordsOf(training));
    // Had the tools' 300 distances been the norm, its 5% quantile would lie among theirs and every natural query be near.
    expect(alerts.filter((a) => a.client.startsWith('key-'))).toEqual([]);
    expect(alerts.map((a) => a.client)).toEqual(['mia-noised']);
  });

  it('needs the records themselves for that: fingerprints alone (a manifest), or nearShare 0, see no noised copy', () => {
    const fingerprints = trainingRecordsOf(training);
    fingerprints.neighbours = undefined;
    expect(alertsOn([...benign.flat(), ...noisy], fingerprints)).toEqual([]);
    expect(alertsOn([...benign.flat(), ...noisy], trainingRecordsOf(training), { nearShare: 0 })).toEqual([]);
  });

  it('sees nothing without the training records', () => {
    expect(alertsOn(stream, undefined)).toEqual([]);
  });
});
