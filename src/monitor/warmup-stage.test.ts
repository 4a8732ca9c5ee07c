import { describe, expect, it } from 'vitest';
import type { Detector } from './detector.ts';
import { Monitor } from './engine.ts';
import type { InferenceEvent } from './event.ts';
import { presetMapping } from './mapping.ts';
import { WarmupStage } from './warmup-stage.ts';

const event = (client: string, line: number, input = true): InferenceEvent => ({ source: 'log', line, client, ...(input ? { input: Float64Array.of(line) } : {}) });

describe('the warm-up stage', () => {
  it('hands on each client’s first events first and the rest after, each client’s own in log order', () => {
    const stage = new WarmupStage(6, 2);
    const log = [event('attacker', 1), event('attacker', 2), event('attacker', 3), event('a', 4), event('attacker', 5), event('b', 6), event('a', 7), event('c', 8)];
    expect(log.map((e) => stage.hold(e))).toEqual([false, false, false, false, false, false, false, true]);
    const out = stage.balanced().map((h) => h.event);
    expect(out.map((e) => e.line)).toEqual([1, 2, 4, 6, 7, 8, 3, 5]);
    for (const client of ['attacker', 'a', 'b', 'c']) {
      const lines = out.filter((e) => e.client === client).map((e) => e.line);
      expect(lines).toEqual([...lines].sort((x, y) => x - y));
    }
  });

  it('counts only events with an input towards the warm-up, and stops holding at its limit (a log of one client)', () => {
    const stage = new WarmupStage(2, 1, 5);
    expect([event('a', 1, false), event('a', 2), event('b', 3, false)].map((e) => stage.hold(e))).toEqual([false, false, false]);
    const one = new WarmupStage(10, 2, 5);
    expect([1, 2, 3, 4, 5].map((n) => one.hold(event('only', n)))).toEqual([false, false, false, false, true]);
    expect(one.balanced().map((h) => h.event.line)).toEqual([1, 2, 3, 4, 5]);
    expect(one.sample()).toEqual([]);
  });

  it('lets a followed log read to its end go on early only when waiting gains nothing', () => {
    const hour = 3_600_000;
    const at = (client: string, line: number, time: number, input = true): InferenceEvent => ({ ...event(client, line, input), time });
    const empty = new WarmupStage(200);
    expect(empty.idle(hour)).toBe(false);
    const search = new WarmupStage(200);
    for (let i = 1; i <= 30; i++) search.hold(at('search', i, i * 1000));
    expect(search.idle(hour)).toBe(false);
    search.hold(at('search', 31, hour + 1000));
    expect(search.idle(hour)).toBe(true);
    const chat = new WarmupStage(200);
    chat.hold(at('user', 1, 0, false));
    expect(chat.idle(hour)).toBe(true);
  });

  it('keeps a copy of each input (the reader reuses its buffers)', () => {
    const stage = new WarmupStage(4);
    const e = event('a', 1);
    stage.hold(e);
    (e.input as Float64Array)[0] = 99;
    expect(Array.from(stage.balanced()[0]?.event.input ?? [])).toEqual([1]);
  });
});

describe('the monitor with a detector that learns from a warm-up', () => {
  const seen: string[] = [];
  const learner: Detector = { memory: () => ({ clients: 0, evicted: 0 }), warmup: 8, observe: (e) => void seen.push(e.client) };
  const line = (client: string): string => JSON.stringify({ target: client, x: [[1, 2]] });

  it('gives it a first 8 of which no client sent more than one, though one client sent the log’s first 30 lines', () => {
    seen.length = 0;
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/learner', detector: learner }] });
    let n = 0;
    for (let i = 0; i < 30; i++) m.line(line('search'), 'log', ++n);
    for (let c = 0; c < 8; c++) m.line(line(`natural-${c}`), 'log', ++n);
    expect(seen).toEqual(['search', ...Array.from({ length: 7 }, (_, c) => `natural-${c}`), ...Array.from({ length: 29 }, () => 'search'), 'natural-7']);
    expect(m.result().stats.events).toBe(38);
  });

  it('numbers a client’s events after the stage on from its held ones, with no detector that learns at once', () => {
    const raising: Detector = { memory: () => ({ clients: 0, evicted: 0 }), warmup: 8, observe: (e, raise) => raise({ techniques: [], severity: 'low', summary: e.client, evidence: [] }) };
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/raising', detector: raising }] });
    let n = 0;
    for (let i = 0; i < 30; i++) m.line(line('search'), 'log', ++n);
    for (let c = 0; c < 8; c++) m.line(line(`natural-${c}`), 'log', ++n);
    const search = m.result().alerts.find((a) => a.client === 'search');
    expect([search?.atClientEvent, search?.raises]).toEqual([1, 30]);
    const after = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/raising', detector: { ...raising, observe: (e, raise) => e.line === 39 && raise({ techniques: [], severity: 'low', summary: 'late', evidence: [] }) } }] });
    n = 0;
    for (let i = 0; i < 30; i++) after.line(line('search'), 'log', ++n);
    for (let c = 0; c < 8; c++) after.line(line(`natural-${c}`), 'log', ++n);
    after.line(line('search'), 'log', ++n);
    expect(after.result().alerts.map((a) => a.atClientEvent)).toEqual([31]);
  });

  it('gives one that learns at once the balanced sample, then judges every event in log order, the alert numbered as its client’s event', () => {
    const learnt: string[] = [];
    const judged: string[] = [];
    const learning: Detector = {
      memory: () => ({ clients: 0, evicted: 0 }),
      warmup: 8,
      learn: (sample) => void learnt.push(...sample.map((e) => e.client)),
      observe: (e, raise) => {
        judged.push(e.client);
        if (e.client === 'search' && judged.length === 3) raise({ techniques: [], severity: 'low', summary: 'third', evidence: [] });
      },
    };
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/learning', detector: learning }] });
    let n = 0;
    for (let i = 0; i < 30; i++) m.line(line('search'), 'log', ++n);
    for (let c = 0; c < 8; c++) m.line(line(`natural-${c}`), 'log', ++n);
    expect(learnt).toEqual(['search', ...Array.from({ length: 7 }, (_, c) => `natural-${c}`)]);
    expect(judged).toEqual([...Array.from({ length: 30 }, () => 'search'), ...Array.from({ length: 8 }, (_, c) => `natural-${c}`)]);
    expect(m.result().alerts.map((a) => [a.client, a.atClientEvent])).toEqual([['search', 3]]);
  });

  it('keeps holding a followed log read to its end while a search sends its first lines alone, and goes on once other clients come', () => {
    seen.length = 0;
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/learner', detector: learner }] });
    m.caughtUp();
    let n = 0;
    for (let i = 0; i < 30; i++) {
      m.line(line('search'), 'log', ++n);
      if (i % 5 === 4) m.caughtUp();
    }
    expect(seen).toEqual([]);
    for (let c = 0; c < 8; c++) m.line(line(`natural-${c}`), 'log', ++n);
    expect(seen.slice(0, 8)).toEqual(['search', ...Array.from({ length: 7 }, (_, c) => `natural-${c}`)]);
    const chat = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/learner', detector: learner }] });
    seen.length = 0;
    chat.line(JSON.stringify({ target: 'user-1', messages: 'hello' }), 'log', 1);
    chat.caughtUp();
    expect(seen).toEqual(['user-1']);
  });

  it('judges a log shorter than the warm-up when it ends, and every event of one without such a detector as it comes', () => {
    seen.length = 0;
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/learner', detector: learner }] });
    m.line(line('a'), 'log', 1);
    m.line(line('b'), 'log', 2);
    expect(seen).toEqual([]);
    m.result();
    expect(seen).toEqual(['a', 'b']);
    const now: string[] = [];
    const plain = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/plain', detector: { memory: () => ({ clients: 0, evicted: 0 }), observe: (e) => void now.push(e.client) } }] });
    plain.line(line('a'), 'log', 1);
    expect(now).toEqual(['a']);
  });
});
