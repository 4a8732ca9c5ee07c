import { describe, expect, it } from 'vitest';
import { correlate, meets, timespanMs, type Correlation } from './correlate.ts';
import { compileDetection, type Event } from './match.ts';

const base = new Map([['all', compileDetection({ s: { 'client|exists': true }, condition: 's' })]]);
const at = (minute: number, second: number) => new Date(Date.UTC(2026, 0, 1, 0, minute, second)).toISOString();

/** `count` events from `client`, `gapSeconds` apart, starting at `startMinute`. */
function burst(client: string, count: number, gapSeconds: number, startMinute = 0, extra: Partial<Event> = {}): Event[] {
  return Array.from({ length: count }, (_, i) => ({ time: at(startMinute, i * gapSeconds), client, ...extra }));
}
const byTime = (events: Event[]) => [...events].sort((a, b) => String(a.time).localeCompare(String(b.time)));

describe('event_count', () => {
  const rule: Correlation = { type: 'event_count', rules: ['all'], 'group-by': ['client'], timespan: '1m', condition: { gte: 10 } };
  it('fires for the client that reaches the count within the window, once', () => {
    const hits = correlate(rule, base, 'time', byTime([...burst('fast', 30, 2), ...burst('slow', 30, 10)]));
    expect(hits.map((h) => h.group)).toEqual(['["fast"]']);
    expect(hits[0]?.value).toBe(10);
  });
  it('slides the window: 10 events spread over more than a minute do not fire', () => {
    expect(correlate(rule, base, 'time', burst('c', 10, 7))).toEqual([]);
  });
  it('groups by several fields', () => {
    const twoLabels = byTime([...burst('c', 6, 1, 0, { label: 1 }), ...burst('c', 6, 1, 0, { label: 2 })]);
    expect(correlate({ ...rule, 'group-by': ['client', 'label'] }, base, 'time', twoLabels)).toEqual([]);
    expect(correlate(rule, base, 'time', twoLabels)).toHaveLength(1);
  });
  it('skips events without a readable time', () => {
    expect(correlate(rule, base, 'time', burst('c', 20, 1).map((e) => ({ ...e, time: 'soon' })))).toEqual([]);
  });
});

describe('value_sum and value_count', () => {
  it('sums a field per group', () => {
    const rule: Correlation = { type: 'value_sum', rules: ['all'], 'group-by': ['client'], timespan: '1h', condition: { gte: 1000, field: 'tokens' } };
    expect(correlate(rule, base, 'time', burst('c', 9, 60, 0, { tokens: 100 }))).toEqual([]);
    expect(correlate(rule, base, 'time', burst('c', 10, 60, 0, { tokens: 100 }))[0]?.value).toBe(1000);
  });
  it('counts distinct values', () => {
    const rule: Correlation = { type: 'value_count', rules: ['all'], 'group-by': ['client'], timespan: '1h', condition: { gte: 3, field: 'label' } };
    const events = [1, 1, 2, 2, 3].map((label, i) => ({ time: at(i, 0), client: 'c', label }));
    expect(correlate(rule, base, 'time', events)[0]?.last).toBe(Date.parse(at(4, 0)));
  });
  it('refuses a value_sum without a field, and an unknown rule', () => {
    expect(() => correlate({ type: 'value_sum', rules: ['all'], 'group-by': ['client'], timespan: '1h', condition: { gte: 1 } }, base, 'time', [])).toThrow(/field/);
    expect(() => correlate({ type: 'event_count', rules: ['other'], 'group-by': ['client'], timespan: '1h', condition: { gte: 1 } }, base, 'time', [])).toThrow(/not given/);
  });
});

describe('conditions and timespans', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
  ])('timespan %s is %i ms', (text, ms) => expect(timespanMs(text)).toBe(ms));
  it('rejects a timespan without a unit', () => expect(() => timespanMs('10')).toThrow());
  it.each([
    [{ gte: 5 }, 5, true],
    [{ gt: 5 }, 5, false],
    [{ gte: 2, lte: 4 }, 5, false],
    [{ neq: 3 }, 5, true],
    [{ eq: 5 }, 5, true],
  ])('%o meets %i: %s', (condition, value, expected) => expect(meets(condition, value)).toBe(expected));
});
