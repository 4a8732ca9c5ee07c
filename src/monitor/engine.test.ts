import { describe, expect, it } from 'vitest';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Detector } from './detector.ts';
import { refOf } from './event.ts';
import { Monitor } from './engine.ts';
import { presetMapping } from './mapping.ts';
import { ClientTable } from './client-table.ts';

/** Raises on every event of a client named "bad". */
const bad: Detector = {
  memory: () => ({ clients: 0, evicted: 0 }),
  observe: (e, raise) => {
    if (e.client === 'bad') raise({ techniques: ['AML.T0029' as TechniqueId], severity: 'low', summary: 'bad', evidence: [refOf(e)] });
  },
};

describe('the monitor engine', () => {
  it('counts malformed lines with their numbers and keeps reading', () => {
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/bad', detector: bad }] });
    const lines = ['{"target":"ok","x":[[1]]}', 'not json', '', '[1,2]', '{"target":"bad","time":"2026-01-01T00:00:00Z"}', '{"target":', '{"target":"bad","time":"2026-01-01T00:01:00Z"}'];
    lines.forEach((l, i) => m.line(l, 'log.jsonl', i + 1));
    const { alerts, stats } = m.result();
    expect(stats).toMatchObject({ lines: 7, events: 3, malformed: 3 });
    expect(stats.malformedLines.map((x) => [x.line, x.problem.split(':')[0]])).toEqual([
      [2, 'not JSON'],
      [4, 'not a JSON object'],
      [6, 'not JSON'],
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ client: 'bad', raises: 2, atClientEvent: 1, firstTime: Date.parse('2026-01-01T00:00:00Z'), lastTime: Date.parse('2026-01-01T00:01:00Z') });
    expect(alerts[0]?.events.map((e) => e.line)).toEqual([5, 7]);
  });

  it('reports a tensor whose shape its data cannot fill as malformed, without allocating the rows it claims', () => {
    const m = new Monitor({ mapping: presetMapping('kserve'), detectors: [] });
    const tensor = (shape: unknown[], data: number[]): string => JSON.stringify({ client: 'k', request: { inputs: [{ name: 'x', shape, datatype: 'FP32', data }] } });
    m.line(tensor([1e9, 4], [1, 2, 3, 4]), 'log.jsonl', 1);
    m.line(tensor([3, 2], [1, 2, 3, 4, 5]), 'log.jsonl', 2);
    m.line(tensor([2.5, 2], [1, 2, 3, 4, 5]), 'log.jsonl', 3);
    m.line(tensor([2, 2], [1, 2, 3, 4]), 'log.jsonl', 4);
    const { stats } = m.result();
    expect(stats.malformedLines.map((x) => [x.line, x.problem])).toEqual([
      [1, 'cannot map: a tensor\'s shape [1000000000, 4] does not divide its 4 numbers into rows'],
      [2, 'cannot map: a tensor\'s shape [3, 2] does not divide its 5 numbers into rows'],
      [3, 'cannot map: a tensor\'s shape [2.5, 2] does not divide its 5 numbers into rows'],
    ]);
    expect(stats.events).toBe(2);
  });

  it('tells of each alert once, when it opens', () => {
    const opened: string[] = [];
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [{ id: 'test/bad', detector: bad }], onAlert: (a) => opened.push(a.id) });
    for (let i = 0; i < 5; i++) m.line('{"target":"bad"}', '-', i + 1);
    expect(opened).toEqual(['test/bad@bad']);
  });
});

describe('a line given as bytes (a file read to its end, lines.ts)', () => {
  /** Every line through two monitors, as text and as bytes between others with its end made a 0: the same in all. */
  function same(mapping: ReturnType<typeof presetMapping>, lines: string[]): void {
    const seen: unknown[][] = [[], []];
    const recorder = (k: number): Detector => ({ memory: () => ({ clients: 0, evicted: 0 }), observe: (e) => void seen[k]?.push({ ...e, input: e.input && Array.from(e.input) }) });
    const [text, bytes] = [0, 1].map((k) => new Monitor({ mapping, detectors: [{ id: 'test/record', detector: recorder(k) }] })) as [Monitor, Monitor];
    lines.forEach((line, i) => {
      const b = Buffer.concat([Buffer.from('{"x":[[1]]}\n'), Buffer.from(line), Buffer.from('\0{"x":[[2]]}')]);
      expect(bytes.lineBytes(b, 12, b.length - 12, 'log', i + 1)).toBe(text.line(line, 'log', i + 1));
    });
    expect(seen[1]).toEqual(seen[0]);
    expect(bytes.result()).toEqual(text.result());
  }

  it('reads every kind of line as the text path does: fast, generic, malformed, blank, not ASCII', () => {
    const lines = ['{"target":"ok","x":[[1,2]]}', 'not json', '', '   ', '[1,2]', '{"target":"é","x":[[3]]}', '{"target":"bad","time":"2026-01-01T00:00:00Z"}', '{"target":', '{"target":"a","x":[[1,2]],"x":[[3]]}', '{"target":"\u00e9"}'];
    same(presetMapping('rampart'), lines);
    // A mapping without a fast reader takes every line the generic way.
    same(presetMapping('otel-genai'), lines);
  });

  it('counts the length limit in characters, not bytes', () => {
    const limit = 4 * 1024 * 1024;
    // More bytes than the limit, fewer characters: read; more characters: malformed.
    const lines = [`{"target":"${'é'.repeat(limit / 2 + 10)}"}`, `{"target":"${'a'.repeat(limit)}"}`];
    // Exactly the limit (read, by the fast reader in place) and one character past it (malformed), ASCII.
    const at = (n: number): string => `{"target":"${'a'.repeat(n - 23)}","x":[[1]]}`;
    expect([at(limit).length, at(limit + 1).length]).toEqual([limit, limit + 1]);
    lines.push(at(limit), at(limit + 1));
    // Past three bytes a character of the limit: told without decoding, the same message.
    lines.push(at(3 * limit + 1));
    same(presetMapping('rampart'), lines);
    const m = new Monitor({ mapping: presetMapping('rampart'), detectors: [] });
    lines.forEach((line, i) => {
      const b = Buffer.from(line + '\0');
      m.lineBytes(b, 0, b.length - 1, 'log', i + 1);
    });
    const { stats } = m.result();
    expect(stats.events).toBe(2);
    expect(stats.malformedLines.map((x) => [x.line, x.problem])).toEqual([2, 4, 5].map((n) => [n, `line longer than ${limit} characters`]));
  });
});

describe('ClientTable', () => {
  it('keeps at most its cap of clients, evicting the least recently seen', () => {
    const table = new ClientTable(3, () => ({ n: 0 }));
    for (const c of ['a', 'b', 'c', 'a', 'd', 'e']) table.get(c).n++;
    expect(table.size).toBe(3);
    expect(table.evicted).toBe(2);
    // "a" was seen again before "d" arrived, so "b" and "c" went.
    expect(table.get('a').n).toBe(2);
    expect(table.evicted).toBe(2);
  });
});
