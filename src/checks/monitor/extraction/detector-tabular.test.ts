import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../monitor/alerts.ts';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { createRng } from '../../../ml/rng.ts';
import { extraction } from './index.ts';

// The value-domain test on tabular inputs (issue #13, JbDA on the credit victim): an application of an integer age,
// two amounts in hundreds, three counts and a one-hot category of three, the label a rule on them. Jacobian
// augmentation moves every feature by a tenth of its range (a sign per feature and label) and clips at the bounds.
const rng = createRng(29);
const T0 = Date.parse('2026-11-30T08:00:00Z');
const LO = [18, 0, 0, 0, 0, 0, 0, 0, 0];
const HI = [80, 100_000, 100_000, 20, 10, 10, 1, 1, 1];
const labelOf = (x: Float64Array): string => ((x[1] as number) - 0.5 * (x[2] as number) - 3_000 * (x[4] as number) > 10_000 ? '1' : '0');
const event = (client: string, x: Float64Array): InferenceEvent => ({ source: 't', line: 0, client, time: T0, input: x, label: labelOf(x) });
const application = (): Float64Array => {
  const x = Float64Array.from([18 + rng.int(50), 100 * rng.int(800), 100 * rng.int(400), rng.int(12), rng.int(4), rng.int(6), 0, 0, 0]);
  x[6 + rng.int(3)] = 1;
  return x;
};
const natural = (client: string, n: number): InferenceEvent[] => Array.from({ length: n }, () => event(client, application()));

function jacobian(client: string, seeds: number, n: number): InferenceEvent[] {
  const sign = { 0: HI.map(() => (rng.next() < 0.5 ? -1 : 1)), 1: HI.map(() => (rng.next() < 0.5 ? -1 : 1)) };
  const points = Array.from({ length: seeds }, application);
  for (let i = 0; points.length < n; i++) {
    const x = points[i] as Float64Array;
    const s = sign[labelOf(x) as '0' | '1'];
    points.push(Float64Array.from(x, (v, f) => Math.min(HI[f] as number, Math.max(LO[f] as number, v + 0.1 * (s[f] as number) * ((HI[f] as number) - (LO[f] as number))))));
  }
  return points.map((x) => event(client, x));
}

/** Every other event the attacker's, the rest natural clients', after a warm-up of natural ones. */
function run(attacker: InferenceEvent[], others: InferenceEvent[], params: object = {}): Alert[] {
  const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: extraction.id, detector: extraction.detector.create(extraction.params.parse(params)) }] });
  const events = [...Array.from({ length: 20 }, (_, k) => natural(`warm-${k}`, 12)).flat()];
  for (let i = 0; i < Math.max(attacker.length, others.length); i++) events.push(...[attacker[i], others[i]].filter((e) => e !== undefined));
  events.forEach((e, i) => m.event({ ...e, line: i + 1, time: T0 + i * 1000 }));
  return m.result().alerts;
}

describe('monitor/extraction: the value domain of tabular inputs', () => {
  const others = Array.from({ length: 6 }, (_, k) => natural(`natural-${k}`, 50)).flat();

  it('flags Jacobian augmentation by its fractions in integer and one-hot columns, within 30 queries of its natural seeds', () => {
    const alerts = run(jacobian('jbda', 50, 300), others);
    const caught = alerts.find((a) => a.client === 'jbda');
    expect(caught?.measurements.offDomainCusum).toBeGreaterThanOrEqual(10);
    expect(caught?.atClientEvent).toBeLessThanOrEqual(80);
    expect(caught?.techniques).toContain('AML.T0024.002');
    expect(alerts.filter((a) => a.client !== 'jbda').map((a) => a.client)).toEqual([]);
  });

  it('raises nothing of it with `valueDomain: off`', () => {
    const alerts = run(jacobian('jbda', 50, 300), others, { valueDomain: 'off' });
    expect(alerts.filter((a) => a.measurements.offDomainCusum !== undefined)).toEqual([]);
  });

  it.each([
    // A typo: one count with a fraction in a tenth of a client's applications.
    { name: 'a fraction in one feature of one input in ten', alter: (x: Float64Array, i: number) => (i % 10 === 3 ? ((x[3] = 4.5), x) : x) },
    // A unit change in one column: income declared in thousands (45.3 for 45,300) from the start.
    { name: 'one amount in thousands throughout', alter: (x: Float64Array) => ((x[1] = (x[1] as number) / 1000), x) },
    // Two features off, but in one input in eight: the CUSUM drifts back down between them.
    { name: 'two features off in one input in eight', alter: (x: Float64Array, i: number) => (i % 8 === 0 ? ((x[0] = 30.5), (x[7] = 0.5), x) : x) },
  ])('leaves alone a natural client with $name', ({ alter }) => {
    const odd = natural('odd', 200).map((e, i) => ({ ...e, input: alter(Float64Array.from(e.input as Float64Array), i) }));
    expect(run(odd, others).filter((a) => a.client === 'odd').map((a) => a.summary)).toEqual([]);
  });
});
