/**
 * Constant folding of Jinja expressions, on the syntax tree of `@huggingface/jinja`: what string an
 * attribute name or `attr()` argument evaluates to when it is built from literals — concatenation (`+`,
 * `~`), repetition, `%`/`format`, `join`, `replace`, `reverse`, case filters, slices and `{% set %}`
 * variables. Anything else is unknown (undefined): the judge then asks whether it was *built* at all.
 */
export interface Node {
  type: string;
  [key: string]: unknown;
}

export interface Env {
  has(name: string): boolean;
  get(name: string): Node | undefined;
}

/**
 * `env` with `name` hidden (a variable is not folded inside its own value), as a view: copying the map
 * per lookup made a template with thousands of variables quadratic.
 */
export function without(env: Env, name: string): Env {
  return { has: (k) => k !== name && env.has(k), get: (k) => (k === name ? undefined : env.get(k)) };
}

const MAX_DEPTH = 64;
const MAX_TEXT = 4096;

export function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function node(v: unknown): Node | undefined {
  return isNode(v) ? v : undefined;
}

export function filterName(filter: unknown): string | undefined {
  const f = node(filter);
  if (!f) return undefined;
  if (f.type === 'Identifier') return f.value as string;
  if (f.type === 'CallExpression') return filterName(f.callee);
  return undefined;
}

export function callArgs(filter: unknown): Node[] {
  const f = node(filter);
  return f?.type === 'CallExpression' && Array.isArray(f.args) ? (f.args as Node[]) : [];
}

export function fold(expr: unknown, env: Env, depth = 0): string | undefined {
  const v = value(expr, env, depth);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

type Folded = string | number | Folded[] | undefined;

function value(expr: unknown, env: Env, depth: number): Folded {
  const e = node(expr);
  if (!e || depth > MAX_DEPTH) return undefined;
  const d = depth + 1;
  switch (e.type) {
    case 'StringLiteral':
      return e.value as string;
    case 'IntegerLiteral':
    case 'FloatLiteral':
      return e.value as number;
    case 'ArrayLiteral':
    case 'TupleLiteral': {
      const items = (e.value as unknown[]).map((x) => value(x, env, d));
      return items.every((x) => x !== undefined) ? items : undefined;
    }
    case 'Identifier':
      return env.has(e.value as string) ? value(env.get(e.value as string), without(env, e.value as string), d) : undefined;
    case 'BinaryExpression':
      return binary((e.operator as { value: string }).value, value(e.left, env, d), value(e.right, env, d));
    case 'MemberExpression':
      return e.computed ? index(value(e.object, env, d), e.property, env, d) : undefined;
    case 'FilterExpression':
      return apply(filterName(e.filter), value(e.operand, env, d), callArgs(e.filter).map((a) => value(a, env, d)));
    case 'CallExpression': {
      const callee = node(e.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
      const method = (node(callee.property)?.value as string | undefined) ?? '';
      return apply(method === 'format' ? 'str.format' : method, value(callee.object, env, d), ((e.args as unknown[]) ?? []).map((a) => value(a, env, d)));
    }
    default:
      return undefined;
  }
}

function cap(s: string): string | undefined {
  return s.length > MAX_TEXT ? undefined : s;
}

function binary(op: string, l: Folded, r: Folded): Folded {
  if (l === undefined || r === undefined) return undefined;
  if (op === '~') return cap(text(l) + text(r));
  if (op === '+') return typeof l === 'number' && typeof r === 'number' ? l + r : typeof l === 'string' && typeof r === 'string' ? cap(l + r) : undefined;
  if (op === '*') {
    if (typeof l === 'string' && typeof r === 'number' && r >= 0 && r * l.length <= MAX_TEXT) return l.repeat(r);
    if (typeof r === 'string' && typeof l === 'number' && l >= 0 && l * r.length <= MAX_TEXT) return r.repeat(l);
    return typeof l === 'number' && typeof r === 'number' ? l * r : undefined;
  }
  if (op === '%' && typeof l === 'string') return percent(l, Array.isArray(r) ? r : [r]);
  return undefined;
}

function text(v: Folded): string {
  return Array.isArray(v) ? `[${v.map(text).join(', ')}]` : String(v);
}

/** Python's `%` on the conversions a name could be spelled with; any other (`%x`, `%(k)s`, widths) is unknown. */
function percent(fmt: string, args: Folded[]): string | undefined {
  let k = 0;
  let unknown = false;
  const out = fmt.replace(/%(.)/gs, (_, c: string) => {
    if (c === '%') return '%';
    const arg = args[k++];
    if (c === 's' || c === 'r') return text(arg ?? '');
    if ((c === 'd' || c === 'i') && typeof arg === 'number') return String(Math.trunc(arg));
    if (c === 'c' && typeof arg === 'number' && Number.isInteger(arg) && arg >= 0 && arg <= 0x10ffff) return String.fromCodePoint(arg);
    if (c === 'c' && typeof arg === 'string' && [...arg].length === 1) return arg;
    unknown = true;
    return '';
  });
  return unknown ? undefined : cap(out);
}

function index(obj: Folded, prop: unknown, env: Env, depth: number): Folded {
  const p = node(prop);
  if (obj === undefined || !p) return undefined;
  if (p.type === 'SliceExpression') {
    if (typeof obj !== 'string' && !Array.isArray(obj)) return undefined;
    const n = (x: unknown): number | undefined => (x === undefined ? undefined : (value(x, env, depth) as number | undefined));
    const seq = typeof obj === 'string' ? [...obj] : obj;
    const sliced = slice(seq, n(p.start), n(p.stop), n(p.step) ?? 1);
    return sliced && (typeof obj === 'string' ? sliced.join('') : sliced);
  }
  const k = value(p, env, depth);
  if (typeof k !== 'number' || (typeof obj !== 'string' && !Array.isArray(obj))) return undefined;
  const i = k < 0 ? obj.length + k : k;
  return typeof obj === 'string' ? obj[i] : obj[i];
}

function slice<T>(seq: T[], start: number | undefined, stop: number | undefined, step: number): T[] | undefined {
  if (!Number.isInteger(step) || step === 0) return undefined;
  const len = seq.length;
  const norm = (x: number | undefined, dflt: number): number => (x === undefined ? dflt : x < 0 ? Math.max(x + len, step < 0 ? -1 : 0) : Math.min(x, step < 0 ? len - 1 : len));
  const out: T[] = [];
  if (step > 0) for (let i = norm(start, 0); i < norm(stop, len); i += step) out.push(seq[i]!);
  else for (let i = norm(start, len - 1); i > norm(stop, -1); i += step) out.push(seq[i]!);
  return out;
}

/** Jinja filters and `str` methods that build text. */
function apply(name: string | undefined, operand: Folded, args: Folded[]): Folded {
  if (operand === undefined) return undefined;
  const s = typeof operand === 'string' ? operand : undefined;
  switch (name) {
    case 'join':
      // `list|join(sep)` as a filter, `sep.join(list)` as a method: whichever side is the list.
      if (Array.isArray(operand)) return cap(operand.map(text).join(typeof args[0] === 'string' ? args[0] : ''));
      return s !== undefined && Array.isArray(args[0]) ? cap(args[0].map(text).join(s)) : undefined;
    case 'reverse':
      return s !== undefined ? [...s].reverse().join('') : Array.isArray(operand) ? [...operand].reverse() : undefined;
    case 'lower':
      return s?.toLowerCase();
    case 'upper':
      return s?.toUpperCase();
    case 'trim':
    case 'strip':
      return s?.trim();
    case 'string':
      return text(operand);
    case 'first':
      return s !== undefined ? s[0] : Array.isArray(operand) ? operand[0] : undefined;
    case 'last':
      return s !== undefined ? s.at(-1) : Array.isArray(operand) ? operand.at(-1) : undefined;
    case 'replace':
      return s !== undefined && typeof args[0] === 'string' && typeof args[1] === 'string' ? cap(s.split(args[0]).join(args[1])) : undefined;
    case 'format':
      return s !== undefined ? percent(s, args) : undefined;
    case 'str.format': {
      // Fields that read attributes or items, or carry a conversion or spec, make a value the fold does not know.
      if (s === undefined || /\{[^{}]*[.[!:][^{}]*\}/.test(s)) return undefined;
      let k = 0;
      return cap(s.replace(/\{(\d*)\}/g, (_, i: string) => text(args[i === '' ? k++ : Number(i)] ?? '')));
    }
    default:
      return undefined;
  }
}
