import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../monitor/alerts.ts';
import { Monitor } from '../../../monitor/engine.ts';
import type { InferenceEvent } from '../../../monitor/event.ts';
import { presetMapping } from '../../../monitor/mapping.ts';
import { createRng } from '../../../ml/rng.ts';
import { extraction } from './index.ts';

// PRADA's test on clients whose near-copies of their own inputs are not an attack (issue #13, rescanning clients
// flagged on the third-party traffic), and on an extractor whose synthetic steps are. Inputs are 64 uniform
// features (~3.3 apart); the model's answer is the largest of the first four, so a near-copy keeps its label.
const rng = createRng(13);
const T0 = Date.parse('2026-11-30T08:00:00Z');
const labelOf = (x: Float64Array): string => String([0, 1, 2, 3].reduce((best, i) => ((x[i] as number) > (x[best] as number) ? i : best), 0));
const event = (client: string, x: Float64Array): InferenceEvent => ({ source: 't', line: 0, client, time: T0, input: x, label: labelOf(x) });
const fresh = (): Float64Array => Float64Array.from({ length: 64 }, () => rng.next());
const noisy = (x: Float64Array, sigma: number): Float64Array => Float64Array.from(x, (v) => Math.min(1, Math.max(0, v + sigma * rng.normal())));
const natural = (client: string, n: number): InferenceEvent[] => Array.from({ length: n }, () => event(client, fresh()));

/** Each document sent once, then again once or twice with scanner noise (σ 0.03, as `third-party/benign.ts`). */
function rescans(client: string, n: number): InferenceEvent[] {
  const out: InferenceEvent[] = [];
  while (out.length < n) {
    const doc = fresh();
    out.push(event(client, doc));
    for (let c = rng.int(3); c > 0 && out.length < n; c--) out.push(event(client, noisy(doc, 0.03)));
  }
  return out;
}

/** Every `burst` of `a`'s events, then one of `b`'s, until both run out. */
function interleave(a: InferenceEvent[], b: InferenceEvent[], burst: number): InferenceEvent[] {
  const out: InferenceEvent[] = [];
  for (let i = 0, j = 0; i < a.length || j < b.length; ) {
    for (let k = 0; k < burst && i < a.length; k++) out.push(a[i++] as InferenceEvent);
    if (j < b.length) out.push(b[j++] as InferenceEvent);
  }
  return out;
}

/** Papernot's Jacobian augmentation in outline: natural seeds, then rounds of every point moved by 0.1 · sign(a gradient). */
function jacobianSteps(client: string, seeds: number, n: number): InferenceEvent[] {
  const points = Array.from({ length: seeds }, fresh);
  for (let i = 0; points.length < n; i++) points.push(Float64Array.from(points[i] as Float64Array, (v) => v + (rng.next() < 0.5 ? -0.1 : 0.1)));
  return points.map((x) => event(client, x));
}

function run(events: InferenceEvent[], params: Record<string, unknown> = {}): Alert[] {
  const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: extraction.id, detector: extraction.detector.create(extraction.params.parse(params)) }] });
  events.forEach((e, i) => m.event({ ...e, line: i + 1, time: T0 + i * 1000 }));
  return m.result().alerts;
}

describe('monitor/extraction: rescans, transfer sets and Jacobian steps', () => {
  it.each([
    // Its copies were measured before the typical distance was known (seed 530: half the warm-up was one rescanner).
    { name: 'sends most of the warm-up', events: () => [...interleave(rescans('rescans', 150), natural('warm', 75), 2), ...natural('later', 150)] },
    // A search's probes were most of the warm-up's consecutive pairs, and "typical" came out tiny (seeds 501, 507).
    { name: 'comes after a search dominated the warm-up', events: () => [...interleave(natural('probe', 1).flatMap((e) => Array.from({ length: 150 }, () => event('probe', noisy(e.input as Float64Array, 0.002)))), natural('warm', 60), 3), ...interleave(rescans('rescans', 150), natural('later', 150), 1)] },
  ])('a client rescanning documents is not flagged when it $name', ({ events }) => {
    const alerts = run(events());
    expect(alerts.filter((a) => a.client === 'rescans').map((a) => a.summary)).toEqual([]);
  });

  // Copycat and KnockoffNets query natural images of another distribution; here mostly blank images with a few strokes of
  // ink, ~4 from the population's centre where its own inputs lie ~2.3 from it.
  it('a client querying inputs of another distribution is flagged by their novelty; natural clients beside it are not', () => {
    const strokes = (): Float64Array => Float64Array.from({ length: 64 }, () => (rng.next() < 0.1 ? 0.6 + 0.4 * rng.next() : 0));
    const copycat = Array.from({ length: 300 }, () => event('copycat', strokes()));
    const others = Array.from({ length: 300 }, (_, i) => event(`natural-${i % 6}`, fresh()));
    // The population known (its first answers in the reference) before the copycat starts, as in a log past its first hour.
    const alerts = run([...natural('warm', 200), ...others.slice(0, 120), ...interleave(copycat, others.slice(120), 1)]);
    const caught = alerts.find((a) => a.client === 'copycat');
    expect(caught?.measurements.meanNoveltyRank).toBeGreaterThan(0.75);
    expect(caught?.atClientEvent).toBeLessThanOrEqual(100); // the bar for Copycat: 20% of its 500
    expect(alerts.filter((a) => a.client !== 'copycat').map((a) => a.client)).toEqual([]);
  });

  // Held-out digits seed 1303: Copycat started in the warm-up and sent 300 queries with hardly another client's between.
  it('a client of another distribution that starts in the warm-up, at machine speed, is ranked from its warm-up queries on', () => {
    const strokes = (): Float64Array => Float64Array.from({ length: 64 }, () => (rng.next() < 0.1 ? 0.6 + 0.4 * rng.next() : 0));
    const copycat = Array.from({ length: 300 }, () => event('copycat', strokes()));
    const others = Array.from({ length: 400 }, (_, i) => event(`natural-${i % 6}`, fresh()));
    const alerts = run([...others.slice(0, 160), ...interleave(copycat, others.slice(160, 170), 30), ...others.slice(170)]);
    const caught = alerts.find((a) => a.client === 'copycat');
    expect(caught?.measurements.meanNoveltyRank).toBeGreaterThan(0.75);
    expect(caught?.atClientEvent).toBeLessThanOrEqual(100);
    expect(alerts.filter((a) => a.client !== 'copycat').map((a) => a.client)).toEqual([]);
  });

  // Fresh 8×8 digits seed 2697: a client sending digits of one class, which lies far from the centre of all digits, was
  // named an extraction by its inputs' novelty (ranked 0.88). Here one class in ten lies ~1.6 from the centre, the
  // others ~0.9; the client asks only about that class, so its inputs rank ~0.95 but spread a third of the population's
  // and are answered one label. (Narrow alone is not enough: the sparse strokes above spread little along the uniform
  // population's directions, and are answered several labels.)
  it.each([
    { name: 'is left alone: its inputs are narrow', params: {}, flagged: [] },
    { name: 'is flagged with the spread not judged', params: { narrowSpread: 0 }, flagged: ['AML.T0005', 'AML.T0024.002'] },
  ])('a client asking about one class far from the centre $name', ({ params, flagged }) => {
    // A generator of its own: the other tests' inputs stay as they were.
    const own = createRng(2697);
    const centres = Array.from({ length: 4 }, (_, c) => Float64Array.from({ length: 64 }, (_, i) => 0.5 + (Math.floor(i / 8) === c ? (c === 0 ? 0.5 : 0.15) : 0)));
    const member = (client: string, c: number): InferenceEvent => ({ source: 't', line: 0, client, time: T0, input: Float64Array.from(centres[c] as Float64Array, (v) => v + 0.1 * own.normal()), label: String(c) });
    // The far class is one input in ten of the population's.
    const population = (client: string, n: number): InferenceEvent[] => Array.from({ length: n }, () => member(client, own.next() < 0.1 ? 0 : 1 + own.int(3)));
    const warm = Array.from({ length: 20 }, (_, i) => population(`warm-${i}`, 10)).flat();
    const others = Array.from({ length: 6 }, (_, i) => population(`natural-${i}`, 100)).flat();
    const one = Array.from({ length: 150 }, () => member('one-class', 0));
    const alerts = run([...interleave(warm, [], 1), ...interleave(others, one, 4)], params);
    expect([...new Set(alerts.filter((a) => a.client === 'one-class').flatMap((a) => a.techniques))].sort()).toEqual(flagged);
    expect(alerts.filter((a) => a.client.startsWith('natural')).map((a) => a.client)).toEqual([]);
  });

  // A digit near the boundary asked again and again (third-party one-class clients, flagged on 7 of 33 tuning seeds).
  it.each([
    { name: 'one label (a client asking about one class)', labels: 1, flagged: [] },
    { name: 'four labels (an extraction needs every class)', labels: 4, flagged: ['AML.T0005', 'AML.T0024.002'] },
    // Windows of another size than the margins' ring: the boundary flags are a ring of their own.
    { name: 'four labels, boundary window 60', labels: 4, flagged: ['AML.T0005', 'AML.T0024.002'], params: { boundaryWindow: 60 } },
    { name: 'one label, boundary window 60', labels: 1, flagged: [], params: { boundaryWindow: 60 } },
    // A weak model's answers to a client asking about one kind of input (held-out colour 2511, 2514, 2531): several labels,
    // all unsure, but the inputs lie in a narrow part of the space (here a fifth of each feature's range: 4% of the spread).
    { name: 'four labels to inputs of one narrow kind', labels: 4, narrow: true, flagged: [] },
    { name: 'four labels to inputs of one narrow kind, the spread not judged', labels: 4, narrow: true, flagged: ['AML.T0005', 'AML.T0024.002'], params: { narrowSpread: 0 } },
  ])('answers on the decision boundary with $name', ({ labels, flagged, params, narrow }) => {
    const sure = (e: InferenceEvent): InferenceEvent => ({ ...e, scores: [0.9, 0.1] });
    const population = Array.from({ length: 600 }, (_, i) => sure(event(`natural-${i % 6}`, fresh())));
    const input = (): Float64Array => (narrow ? Float64Array.from({ length: 64 }, () => 0.4 + 0.2 * rng.next()) : fresh());
    const unsure = Array.from({ length: 150 }, (_, i) => ({ ...event('unsure', input()), label: String(i % labels), scores: [0.52, 0.48] }));
    // The narrow client's spread is judged against the warm-up's, so that one is made by many clients, as in a log (the
    // monitor holds back a warm-up one client dominates, and the client's first answers came before its end).
    const warm = narrow ? Array.from({ length: 200 }, (_, i) => sure(event(`warm-${i % 10}`, fresh()))) : natural('warm', 200).map(sure);
    const alerts = run([...warm, ...population.slice(0, 300), ...interleave(unsure, population.slice(300), 1)], params);
    expect([...new Set(alerts.filter((a) => a.client === 'unsure').flatMap((a) => a.techniques))].sort()).toEqual(flagged);
    expect(alerts.filter((a) => a.client.startsWith('natural')).map((a) => a.client)).toEqual([]);
  });

  // Fresh 8×8 digits seeds 2682 and 2694: with few natural clients voting, W alone could not alarm on images, and JbDA's
  // steps lay no farther off the population's directions than natural digits: caught at 290 and 190 of 800. Here the
  // pixels keep to a 1/16 grid and JbDA's λ = 0.1 steps leave it. W's other ways to alarm on images are shut as they
  // were there: no population figure (`populationDeviations` 0: none votes) and no residual test's say (floor 1).
  const shut = { populationDeviations: 0, wResidualFloor: 1 };
  it.each([
    { name: 'is flagged by W alone once its inputs leave the pixels’ grid', params: shut, caught: true },
    { name: 'is not flagged by W with the grid not consulted', params: { ...shut, offGridW: 0 }, caught: false },
  ])('an extractor stepping off the pixels’ grid (JbDA) among three natural clients $name', ({ params, caught }) => {
    const own = createRng(2682);
    const pixels = (): Float64Array => Float64Array.from({ length: 64 }, () => own.int(17) / 16);
    const on = (client: string, n: number): InferenceEvent[] => Array.from({ length: n }, () => event(client, pixels()));
    const points = Array.from({ length: 30 }, pixels);
    for (let i = 0; points.length < 300; i++) points.push(Float64Array.from(points[i] as Float64Array, (v) => v + (own.next() < 0.5 ? -0.1 : 0.1)));
    const naturals = interleave(interleave(on('natural-0', 150), on('natural-1', 150), 1), on('natural-2', 150), 2);
    const warm = Array.from({ length: 10 }, (_, c) => on(`warm-${c}`, 20)).flat();
    const alerts = run([...warm, ...interleave(naturals, points.map((x) => event('jbda', x)), 1)], params);
    const w = alerts.find((a) => a.client === 'jbda' && a.measurements.shapiroW !== undefined && a.atClientEvent <= 100);
    expect(w === undefined).toBe(!caught);
    expect(w?.measurements.offGridCusum !== undefined).toBe(caught);
    expect(alerts.filter((a) => a.client.startsWith('natural')).map((a) => a.client)).toEqual([]);
  });

  // Fresh sensors 2645, 2659 and 2687: a document rescanned because its first answer was unsure, its copies answered
  // unsure too, and sent until one was sure (here three more times). Counted once, the client's unsure answers are the
  // population's share (10%); counted with the copies, 31%.
  it('a client rescanning the documents whose answers were unsure is not flagged by the boundary tests', () => {
    const own = createRng(2645);
    const answered = (client: string, x: Float64Array, unsure: boolean): InferenceEvent => ({ ...event(client, x), scores: unsure ? [0.52, 0.48] : [0.9, 0.1] });
    const population = Array.from({ length: 600 }, (_, i) => answered(`natural-${i % 6}`, fresh(), own.next() < 0.1));
    const rescanner: InferenceEvent[] = [];
    while (rescanner.length < 150) {
      const doc = fresh();
      const unsure = own.next() < 0.1;
      rescanner.push(answered('rescans', doc, unsure));
      for (let c = unsure ? 3 : 0; c > 0; c--) rescanner.push(answered('rescans', noisy(doc, 0.03), true));
    }
    const warm = Array.from({ length: 200 }, (_, i) => answered(`warm-${i % 10}`, fresh(), own.next() < 0.1));
    // Uniform inputs have no principal directions: the spread of new ones along those fitted to the warm-up's is about
    // half the warm-up's own (the fit's top eigenvalues are the sample's largest), and the narrow rule would excuse it.
    const alerts = run([...warm, ...population.slice(0, 300), ...interleave(rescanner, population.slice(300), 1)], { narrowSpread: 0 });
    expect(alerts.map((a) => a.client)).toEqual([]);
  });

  it('an extractor stepping from its own queries (JbDA) is still flagged, by PRADA, within its first 100 queries', () => {
    const alerts = run([...natural('warm', 200), ...interleave(jacobianSteps('jbda', 30, 300), rescans('rescans', 150), 2)]);
    const jbda = alerts.find((a) => a.client === 'jbda');
    expect(jbda?.measurements.shapiroW).toBeLessThan(0.87);
    expect(jbda?.atClientEvent).toBeLessThanOrEqual(100);
    expect(alerts.filter((a) => a.client === 'rescans')).toEqual([]);
  });
});
