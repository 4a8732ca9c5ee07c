import { evaluateCondition, parseCondition } from './condition.ts';

/**
 * A Sigma detection evaluated over JSON log events: the subset `rampart detections` writes, so tests can show
 * each rule matches attack traffic and leaves benign traffic alone. Field modifiers: contains, startswith,
 * endswith, all, re (with i, m, s), base64offset, exists, gt/gte/lt/lte, cased. Plain strings compare whole and
 * case-insensitively with `*` and `?` wildcards, as the specification says. Lists of strings under a detection
 * key are keywords, searched in every string of the event.
 */
export type Event = Record<string, unknown>;
export type Detection = Record<string, unknown> & { condition: string };

type Test = (value: unknown) => boolean;

export function compileDetection(detection: Detection): (event: Event) => boolean {
  const names = Object.keys(detection).filter((k) => k !== 'condition' && k !== 'timeframe');
  const searches = new Map<string, (event: Event) => boolean>(names.map((n) => [n, compileSearch(detection[n], n)]));
  const condition = parseCondition(detection.condition);
  return (event) => evaluateCondition(condition, names, (name) => (searches.get(name) as (e: Event) => boolean)(event));
}

function compileSearch(search: unknown, name: string): (event: Event) => boolean {
  if (Array.isArray(search) && search.every((s) => typeof s === 'string' || typeof s === 'number')) {
    const tests = search.map((k) => valueTest(String(k), ['contains']));
    return (event) => allStrings(event).some((s) => tests.some((t) => t(s)));
  }
  if (Array.isArray(search)) {
    const maps = search.map((m, i) => compileMap(m, `${name}[${i}]`));
    return (event) => maps.some((m) => m(event));
  }
  return compileMap(search, name);
}

function compileMap(map: unknown, name: string): (event: Event) => boolean {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new Error(`search identifier ${name} must be a map or a list`);
  const clauses = Object.entries(map).map(([key, expected]) => compileField(key, expected));
  return (event) => clauses.every((c) => c(event));
}

function compileField(key: string, expected: unknown): (event: Event) => boolean {
  const [field = '', ...modifiers] = key.split('|');
  if (modifiers.includes('exists')) return (event) => (valuesAt(event, field).length > 0) === (expected === true);
  const values = (Array.isArray(expected) ? expected : [expected]).map((v) => (v === null ? null : String(v)));
  const tests = values.map((v) => (v === null ? (x: unknown) => x === null || x === undefined : valueTest(v, modifiers)));
  const all = modifiers.includes('all');
  return (event) => {
    const found = valuesAt(event, field);
    const scalars = found.length === 0 ? [undefined] : found;
    const one = (t: Test) => scalars.some((s) => t(s));
    return all ? tests.every(one) : tests.some(one);
  };
}

const NUMERIC = { gt: (a: number, b: number) => a > b, gte: (a: number, b: number) => a >= b, lt: (a: number, b: number) => a < b, lte: (a: number, b: number) => a <= b } as const;

export function valueTest(expected: string, modifiers: readonly string[]): Test {
  const numeric = modifiers.find((m): m is keyof typeof NUMERIC => m in NUMERIC);
  if (numeric) {
    const bound = Number(expected);
    return (x) => typeof x === 'number' && NUMERIC[numeric](x, bound);
  }
  if (modifiers.includes('re')) {
    const flags = `u${modifiers.includes('i') ? 'i' : ''}${modifiers.includes('m') ? 'm' : ''}${modifiers.includes('s') ? 's' : ''}`;
    // Sigma regular expressions are PCRE-flavoured: `\x{…}` code points become JavaScript's `\u{…}`.
    const re = new RegExp(expected.replace(/\\x\{([0-9A-Fa-f]+)\}/g, '\\u{$1}'), flags);
    return (x) => typeof x === 'string' && re.test(x);
  }
  const cased = modifiers.includes('cased');
  const needles = modifiers.includes('base64offset') ? base64Offsets(expected) : [expected];
  const where = modifiers.includes('contains') || modifiers.includes('base64offset') ? 'contains' : modifiers.includes('startswith') ? 'startswith' : modifiers.includes('endswith') ? 'endswith' : 'whole';
  const patterns = needles.map((n) => wildcardRegex(n, where, cased));
  return (x) => (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') && patterns.some((p) => p.test(String(x)));
}

/** Sigma's base64offset: the value base64-encoded at each of the three byte offsets, without the partial edges. */
export function base64Offsets(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const start = [0, 2, 3];
  const endTrim = [0, 3, 2];
  return [0, 1, 2].map((i) => {
    const encoded = Buffer.concat([Buffer.alloc(i), bytes]).toString('base64');
    const trim = endTrim[(bytes.length + i) % 3] as number;
    return encoded.slice(start[i], encoded.length - trim);
  });
}

function wildcardRegex(value: string, where: 'contains' | 'startswith' | 'endswith' | 'whole', cased: boolean): RegExp {
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\' && (value[i + 1] === '*' || value[i + 1] === '?' || value[i + 1] === '\\')) body += escape(value[++i] as string);
    else if (c === '*') body += '[\\s\\S]*';
    else if (c === '?') body += '[\\s\\S]';
    else body += escape(c);
  }
  const head = where === 'whole' || where === 'startswith' ? '^' : '';
  const tail = where === 'whole' || where === 'endswith' ? '$' : '';
  return new RegExp(`${head}${body}${tail}`, cased ? 'u' : 'iu');
}

// Only syntax characters: under the `u` flag an escaped `-` or `/` is an error.
const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Values at a dotted field path. A key holding the whole dotted name wins (flattened logs); otherwise the path
 * walks objects, and arrays on the way fan out, so `messages.content` reads every message's content.
 */
export function valuesAt(event: unknown, path: string): unknown[] {
  if (event !== null && typeof event === 'object' && !Array.isArray(event) && path in event) return flatten((event as Record<string, unknown>)[path]);
  const dot = path.indexOf('.');
  if (dot < 0) return [];
  const head = path.slice(0, dot);
  const rest = path.slice(dot + 1);
  if (event === null || typeof event !== 'object' || Array.isArray(event) || !(head in event)) return [];
  const child = (event as Record<string, unknown>)[head];
  return (Array.isArray(child) ? child : [child]).flatMap((c) => valuesAt(c, rest));
}

function flatten(value: unknown): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(flatten);
  return [value];
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
