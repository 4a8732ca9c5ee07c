import { valuesAt, type Event } from './match.ts';

/**
 * Sigma correlation rules over a time-ordered stream: `event_count`, `value_count` and `value_sum`, grouped by
 * fields, over a sliding `timespan`. A group fires once, when the window first meets the condition, as a SIEM
 * raises one alert per group and window. Enough to test the rules Rampart writes; not a SIEM.
 */
export interface Correlation {
  type: 'event_count' | 'value_count' | 'value_sum';
  rules: string[];
  'group-by': string[];
  timespan: string;
  condition: Partial<Record<'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq', number>> & { field?: string };
}

export interface CorrelationHit {
  group: string;
  first: number;
  last: number;
  value: number;
}

const UNIT: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function timespanMs(timespan: string): number {
  const m = /^(\d+)([smhd])$/.exec(timespan);
  if (!m) throw new Error(`timespan "${timespan}" is not a number and one of s, m, h, d`);
  return Number(m[1]) * (UNIT[m[2] as string] as number);
}

export function meets(condition: Correlation['condition'], value: number): boolean {
  const checks: [number | undefined, (b: number) => boolean][] = [
    [condition.gt, (b) => value > b],
    [condition.gte, (b) => value >= b],
    [condition.lt, (b) => value < b],
    [condition.lte, (b) => value <= b],
    [condition.eq, (b) => value === b],
    [condition.neq, (b) => value !== b],
  ];
  const used = checks.filter(([bound]) => bound !== undefined);
  if (used.length === 0) throw new Error('a correlation condition needs gt, gte, lt, lte, eq or neq');
  return used.every(([bound, check]) => check(bound as number));
}

/**
 * `matchers` are the referenced rules by name; `timeField` is the events' time field (RFC 3339 or epoch ms).
 * Events must come in time order, as a log does.
 */
export function correlate(correlation: Correlation, matchers: ReadonlyMap<string, (e: Event) => boolean>, timeField: string, events: Iterable<Event>): CorrelationHit[] {
  const base = correlation.rules.map((r) => {
    const m = matchers.get(r);
    if (!m) throw new Error(`correlation refers to rule "${r}", which is not given`);
    return m;
  });
  const span = timespanMs(correlation.timespan);
  const windows = new Map<string, Window>();
  const fired = new Map<string, CorrelationHit>();
  const field = correlation.condition.field;
  if (correlation.type !== 'event_count' && !field) throw new Error(`${correlation.type} needs condition.field`);
  for (const event of events) {
    if (!base.some((m) => m(event))) continue;
    const time = timeOf(event, timeField);
    if (time === undefined) continue;
    const group = correlation['group-by'].map((g) => JSON.stringify(valuesAt(event, g))).join('|');
    if (fired.has(group)) continue;
    const window = windows.get(group) ?? { items: [], head: 0, sum: 0, distinct: new Map() };
    windows.set(group, window);
    add(window, { time, value: field ? valuesAt(event, field) : [] });
    while (window.head < window.items.length && (window.items[window.head] as Item).time <= time - span) drop(window);
    const value = correlation.type === 'event_count' ? window.items.length - window.head : correlation.type === 'value_sum' ? window.sum : window.distinct.size;
    if (meets(correlation.condition, value)) fired.set(group, { group, first: (window.items[window.head] as Item).time, last: time, value });
  }
  return [...fired.values()];
}

interface Item {
  time: number;
  value: unknown[];
}

/** One group's sliding window with running aggregates, so each event costs O(1) amortised. */
interface Window {
  items: Item[];
  head: number;
  sum: number;
  distinct: Map<string, number>;
}

const numeric = (values: unknown[]) => values.reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : Number(v) || 0), 0);

function add(w: Window, item: Item): void {
  w.items.push(item);
  w.sum += numeric(item.value);
  const key = JSON.stringify(item.value);
  w.distinct.set(key, (w.distinct.get(key) ?? 0) + 1);
}

function drop(w: Window): void {
  const item = w.items[w.head++] as Item;
  w.sum -= numeric(item.value);
  const key = JSON.stringify(item.value);
  const left = (w.distinct.get(key) ?? 1) - 1;
  if (left === 0) w.distinct.delete(key);
  else w.distinct.set(key, left);
  // Compact now and then so a long stream does not keep every item it has passed.
  if (w.head > 1024 && w.head * 2 > w.items.length) {
    w.items = w.items.slice(w.head);
    w.head = 0;
  }
}

function timeOf(event: Event, field: string): number | undefined {
  const [raw] = valuesAt(event, field);
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    const t = Date.parse(raw);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}
