/**
 * Symbolic values on the pickle machine's stack. Constants keep their value (bounded); anything that
 * carries code — a global, a call result, a module — is tracked so calls can be named and resolved.
 * Containers keep at most a few items for evidence and a flag saying whether any item carries code.
 */
export type Value = number | bigint | string | boolean | null | Bytes | Container | Global | Module | CallResult | Special;

export interface Bytes {
  t: 'bytes';
  length: number;
  /** Contents when small enough to keep; large payloads keep only where they are. */
  data?: Uint8Array;
  /** Offset of the payload in the stream's source, for a lazy nested scan. */
  at: number;
}

export interface Container {
  t: 'tuple' | 'list' | 'dict' | 'set' | 'frozenset';
  items: Value[];
  /** Number of items (or keys+values for a dict), including those not kept. */
  n: number;
  /** Some item carries code. */
  code: boolean;
  /** Nesting depth of the kept items (1 for a container of scalars), as it was when each item was added. */
  depth: number;
}

export interface Global {
  t: 'global';
  module: string;
  name: string;
  /** Resolver calls that produced it (getattr, importlib…); empty for a plain GLOBAL. */
  via: string[];
}

export interface Module {
  t: 'module';
  name: string;
  via: string[];
}

/** The result of calling something: an instance, or a value whose type the scanner cannot know. */
export interface CallResult {
  t: 'call';
  callee: Value;
  args: Value[];
  /** Special meaning when the callee is a known factory (attrgetter, partial, …). */
  kind?: 'attrgetter' | 'methodcaller' | 'partial' | 'instance';
}

export interface Special {
  /** `forgotten`: a memoized constant whose value the memo did not keep (see memo.ts). */
  t: 'unknown' | 'buffer' | 'persistent' | 'forgotten';
}

export const UNKNOWN: Special = Object.freeze({ t: 'unknown' });
export const FORGOTTEN: Special = Object.freeze({ t: 'forgotten' });

export const KEEP_ITEMS = 16;
export const KEEP_BYTES = 1 << 20;
export const KEEP_STRING = 1 << 16;

export function carriesCode(v: Value): boolean {
  if (v === null || typeof v !== 'object') return false;
  switch (v.t) {
    case 'global':
    case 'module':
    case 'call':
    case 'unknown':
      return true;
    case 'tuple':
    case 'list':
    case 'dict':
    case 'set':
    case 'frozenset':
      return v.code;
    default:
      return false;
  }
}

/**
 * Attribute names whose value a framework's `__setstate__` executes (scipy.stats distributions `exec` their
 * `_parse_arg_template`): a dict keeps these pairs past its sample so BUILD can judge them (setstate.ts).
 */
export const EXECUTED_FIELDS: ReadonlySet<string> = new Set(['_parse_arg_template']);

/**
 * Containers deeper than this keep a stand-in for what lies below. CPython's pickler recurses, so honest
 * pickles nest far less; a stream of TUPLE1 opcodes would otherwise hold a chain as long as the file
 * (25 MB of them: 2.7 GB). Below the cut, data becomes FORGOTTEN (a constant not kept) and anything that
 * carries code becomes UNKNOWN, which no argument contract accepts; the calls and imports inside were
 * judged when they were made.
 */
export const MAX_NESTING = 1000;

function depthOf(v: Value): number {
  return v !== null && typeof v === 'object' && 'depth' in v ? v.depth : 0;
}

/** The item as a container keeps it: itself, or a stand-in when it is nested too deep. */
export function nested(v: Value): Value {
  return depthOf(v) < MAX_NESTING ? v : carriesCode(v) ? UNKNOWN : FORGOTTEN;
}

export function container(t: Container['t'], items: Value[]): Container {
  const code = items.some(carriesCode);
  const sample = items.length <= KEEP_ITEMS || code ? items : items.slice(0, KEEP_ITEMS);
  let deepest = 0;
  for (const item of sample) deepest = Math.max(deepest, depthOf(item));
  const kept = deepest < MAX_NESTING ? sample : sample.map(nested);
  let depth = 0;
  for (const item of kept) depth = Math.max(depth, depthOf(item));
  const c = { t, items: kept, n: items.length, code, depth: 1 + depth };
  if (kept !== items && kept.length < items.length && t === 'dict') keepExecuted(c, items, KEEP_ITEMS);
  return c;
}

/** Appends the executed-field pairs of `items` from `from` on (a dict's keys at even positions). */
export function keepExecuted(c: Container, items: readonly Value[], from: number, start = 0): void {
  for (let k = start + from - (from % 2); k + 1 < items.length; k += 2) {
    const key = items[k];
    if (typeof key === 'string' && EXECUTED_FIELDS.has(key)) {
      c.items.push(key);
      keep(c, items[k + 1]!);
    }
  }
}

/** Adds items to a list/set/dict container, keeping a bounded sample plus anything that carries code. */
export function extend(c: Container, items: Value[]): void {
  if (c.t === 'dict' && c.items.length + items.length > KEEP_ITEMS) keepExecuted(c, items, Math.max(0, KEEP_ITEMS - c.items.length));
  c.n += items.length;
  for (const item of items) {
    const code = carriesCode(item);
    if (code) c.code = true;
    if (c.items.length < KEEP_ITEMS || code) keep(c, item);
  }
}

/** Pushes one item into a container's sample, cutting what is nested too deep. */
export function keep(c: Container, item: Value): void {
  const kept = nested(item);
  c.items.push(kept);
  c.depth = Math.max(c.depth, 1 + depthOf(kept));
}

export function qualified(g: Global | Module): string {
  return g.t === 'module' ? g.name : `${g.module}.${g.name}`;
}

/** A Python-like literal for evidence, bounded in length. */
export function render(v: Value, budget = 200): string {
  const out = renderInner(v, 3);
  return out.length > budget ? `${out.slice(0, budget)}…` : out;
}

function renderInner(v: Value, depth: number): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 300 ? `${v.slice(0, 300)}…` : v);
  if (depth <= 0) return '…';
  switch (v.t) {
    case 'bytes':
      return v.data ? `b${JSON.stringify(printable(v.data.subarray(0, 120)))}${v.length > 120 ? '…' : ''}` : `<${v.length} bytes>`;
    case 'tuple':
      return `(${list(v, depth)}${v.n === 1 ? ',' : ''})`;
    case 'list':
      return `[${list(v, depth)}]`;
    case 'set':
    case 'frozenset':
      return `{${list(v, depth)}}`;
    case 'dict': {
      const parts: string[] = [];
      for (let k = 0; k + 1 < v.items.length; k += 2) parts.push(`${renderInner(v.items[k]!, depth - 1)}: ${renderInner(v.items[k + 1]!, depth - 1)}`);
      return `{${parts.join(', ')}${v.n > v.items.length ? ', …' : ''}}`;
    }
    case 'global':
    case 'module':
      return qualified(v);
    case 'call':
      return `${renderInner(v.callee, depth - 1)}(${v.args.map((a) => renderInner(a, depth - 1)).join(', ')})`;
    default:
      return `<${v.t}>`;
  }
}

function list(c: Container, depth: number): string {
  const parts = c.items.map((x) => renderInner(x, depth - 1));
  if (c.n > c.items.length) parts.push('…');
  return parts.join(', ');
}

function printable(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return s;
}

export function isConstant(v: Value): boolean {
  return !carriesCode(v) && !(v !== null && typeof v === 'object' && (v.t === 'buffer' || v.t === 'persistent'));
}

/** NEWOBJ/REDUCE arguments: a tuple's items, or the value itself when the stream put something else there. */
export function tupleItems(v: Value): Value[] {
  if (v !== null && typeof v === 'object' && v.t === 'tuple') return v.items;
  return [v];
}
