import type { Token } from './python-tokens.ts';

/**
 * Token-level helpers for the Python source checks: splitting call arguments, and folding the string
 * expressions obfuscators build names from (`'o' + 's'`, `'metsys'[::-1]`, `chr(111)`, `''.join([...])`,
 * `.replace()`, `.lower()`) into the constant Python would compute. Anything else is not a constant.
 */
export interface Args {
  ranges: [number, number][];
  /** Index of the closing bracket (or the last token when it is missing). */
  close: number;
}

/**
 * The closing bracket of every opening one (or the last token when unclosed), computed once per token
 * stream: argument lists are then split in time proportional to their top-level tokens, so deeply
 * nested calls stay linear.
 */
const matches = new WeakMap<Token[], Int32Array>();

function matchOf(t: Token[]): Int32Array {
  let m = matches.get(t);
  if (m) return m;
  m = new Int32Array(t.length).fill(-1);
  const stack: number[] = [];
  for (let j = 0; j < t.length; j++) {
    const v = t[j]!;
    if (v.kind !== 'op') continue;
    if (v.value === '(' || v.value === '[' || v.value === '{') stack.push(j);
    else if (v.value === ')' || v.value === ']' || v.value === '}') {
      const open = stack.pop();
      if (open !== undefined) m[open] = j;
    }
  }
  for (const open of stack) m[open] = t.length - 1;
  matches.set(t, m);
  return m;
}

/** Top-level comma-separated ranges between `open` and its closing bracket. */
export function bracketArgs(t: Token[], open: number): Args {
  const m = matchOf(t);
  const close = m[open]! >= 0 ? m[open]! : t.length - 1;
  const ranges: [number, number][] = [];
  let start = open + 1;
  for (let j = open + 1; j < close; j++) {
    const v = t[j]!;
    if (v.kind !== 'op') continue;
    if (m[j]! > j) j = m[j]!;
    else if (v.value === ',') {
      if (j > start) ranges.push([start, j]);
      start = j + 1;
    }
  }
  const end = t[close]?.kind === 'op' && ')]}'.includes(t[close]!.value) ? close : close + 1;
  if (end > start) ranges.push([start, end]);
  return { ranges, close };
}

/** A string the expression in [s, e) always evaluates to, or undefined. */
export function constString(t: Token[], s: number, e: number, depth = 0): string | undefined {
  // Python refuses more than 200 nested brackets; deeper input is not a program worth folding.
  if (depth > 100) return undefined;
  const r = sum(t, s, e, depth);
  return r && r.next === e ? r.value : undefined;
}

function sum(t: Token[], s: number, e: number, depth: number): { value: string; next: number } | undefined {
  let r = term(t, s, e, depth);
  while (r && isOp(t, r.next, '+') && r.next < e) {
    const more = term(t, r.next + 1, e, depth);
    if (!more) return undefined;
    r = { value: r.value + more.value, next: more.next };
  }
  return r;
}

function term(t: Token[], s: number, e: number, depth: number): { value: string; next: number } | undefined {
  let value: string | undefined;
  let j = s;
  if (isOp(t, j, '(')) {
    const close = bracketArgs(t, j).close;
    const inner = close <= e ? constString(t, j + 1, close, depth + 1) : undefined;
    if (inner === undefined) return undefined;
    value = inner;
    j = close + 1;
  } else if (t[j]?.kind === 'string') {
    value = '';
    while (j < e && t[j]?.kind === 'string') {
      if (t[j]!.dynamic) return undefined;
      value += t[j]!.value;
      j++;
    }
  } else if ((t[j]?.value === 'chr' || t[j]?.value === 'str') && isOp(t, j + 1, '(')) {
    const close = bracketArgs(t, j + 1).close;
    if (t[j]!.value === 'chr' && t[j + 2]?.kind === 'number' && close === j + 3) value = String.fromCodePoint(Number(t[j + 2]!.value) % 0x110000);
    else if (t[j]!.value === 'str') value = constString(t, j + 2, close, depth + 1);
    if (value === undefined) return undefined;
    j = close + 1;
  } else return undefined;
  // Postfix string methods an obfuscator reaches for first.
  while (j < e) {
    if (isOp(t, j, '[') && isOp(t, j + 1, ':') && isOp(t, j + 2, ':') && isOp(t, j + 3, '-') && t[j + 4]?.value === '1' && isOp(t, j + 5, ']')) {
      value = [...value].reverse().join('');
      j += 6;
    } else if (isOp(t, j, '.') && t[j + 1]?.kind === 'name' && isOp(t, j + 2, '(')) {
      const method = t[j + 1]!.value;
      const args = bracketArgs(t, j + 2);
      const a = args.ranges.map(([x, y]) => constString(t, x, y, depth + 1));
      if (['lower', 'upper', 'strip', 'casefold', 'decode', 'encode'].includes(method) && (a.length === 0 || method === 'decode' || method === 'encode')) value = method === 'upper' ? value.toUpperCase() : method === 'lower' || method === 'casefold' ? value.toLowerCase() : method === 'strip' ? value.trim() : value;
      else if (method === 'replace' && a.length === 2 && a[0] !== undefined && a[1] !== undefined) value = value.split(a[0]).join(a[1]);
      else if (method === 'join' && args.ranges.length === 1) {
        const items = listItems(t, args.ranges[0]![0], args.ranges[0]![1], depth + 1);
        if (!items) return undefined;
        value = items.join(value);
      } else return undefined;
      j = args.close + 1;
    } else break;
  }
  return { value, next: j };
}

function listItems(t: Token[], s: number, e: number, depth: number): string[] | undefined {
  if (!(isOp(t, s, '[') || isOp(t, s, '('))) return undefined;
  const args = bracketArgs(t, s);
  if (args.close !== e - 1) return undefined;
  const out: string[] = [];
  for (const [x, y] of args.ranges) {
    const v = constString(t, x, y, depth + 1);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function isOp(t: Token[], j: number, v: string): boolean {
  const tok = t[j];
  return tok !== undefined && tok.kind === 'op' && tok.value === v;
}
