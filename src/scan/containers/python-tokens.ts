import { unescapePython } from '../python-escapes.ts';

/**
 * A Python tokenizer just good enough for the source checks: comments are dropped, strings become one
 * token holding their decoded value (so `'o' 's'`, `'\x6f\x73'` and `r'\o'` read as Python reads them),
 * names are NFKC-normalised as the Python parser does (`ｅｘｅｃ` is `exec`), and the expressions inside
 * f-string replacement fields are handed back as embedded sources, since Python evaluates them.
 */
export type TokenKind = 'name' | 'string' | 'number' | 'op' | 'newline';

export interface Token {
  kind: TokenKind;
  /** Names normalised, strings decoded, operators as written. */
  value: string;
  /** Character index in the source. */
  at: number;
  /** A string whose value is not a constant (f-string, or an escape the tokenizer cannot decode). */
  dynamic?: boolean;
}

export interface Tokenized {
  tokens: Token[];
  /** f-string replacement fields: code Python runs, analysed like the rest. */
  embedded: { source: string; at: number }[];
}

const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u00b7\u0387]*/uy;
const NUMBER = /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
const PREFIX = /([rRbBuUfFtT]{1,2})?(['"])/y;
const OPS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '==', '!=', '<=', '>=', '**', '//', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];

export function tokenize(src: string): Tokenized {
  const tokens: Token[] = [];
  const embedded: Tokenized['embedded'] = [];
  let depth = 0;
  let i = 0;
  const endLine = (at: number): void => {
    if (tokens.length && tokens[tokens.length - 1]!.kind !== 'newline') tokens.push({ kind: 'newline', value: '\n', at });
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && (src[i + 1] === '\n' || src[i + 1] === '\r')) {
      i += src[i + 1] === '\r' && src[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (depth === 0) endLine(i);
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n' && src[i] !== '\r') i++;
      continue;
    }
    PREFIX.lastIndex = i;
    const p = PREFIX.exec(src);
    if (p && validPrefix(p[1] ?? '')) {
      const s = readString(src, i, (p[1] ?? '').toLowerCase(), embedded);
      tokens.push({ kind: 'string', value: s.value, at: i, ...(s.dynamic ? { dynamic: true } : {}) });
      i = s.end;
      continue;
    }
    NAME.lastIndex = i;
    const n = NAME.exec(src);
    if (n) {
      tokens.push({ kind: 'name', value: n[0].normalize('NFKC'), at: i });
      i += n[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = /[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? '')) ? NUMBER.exec(src) : null;
    if (num && num[0].length) {
      tokens.push({ kind: 'number', value: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
    if ('([{'.includes(op)) depth++;
    else if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    if (op === ';' && depth === 0) endLine(i);
    else if (/[!-/:-@[-^`{-~]/.test(op)) tokens.push({ kind: 'op', value: op, at: i });
    // Anything else (stray non-ASCII symbols, `$`, `?`) is not Python; skipped.
    i += op.length;
  }
  endLine(src.length);
  return { tokens, embedded };
}

function validPrefix(p: string): boolean {
  const l = p.toLowerCase();
  return ['', 'r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt'].includes(l);
}

/** Reads a string literal starting at `start` (its prefix included); returns its value and end. */
function readString(src: string, start: number, prefix: string, embedded: Tokenized['embedded']): { value: string; end: number; dynamic: boolean } {
  let i = start + prefix.length;
  const q = src[i]!;
  const triple = src.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  i += close.length;
  const raw = prefix.includes('r');
  const formatted = prefix.includes('f') || prefix.includes('t');
  let body = '';
  const dynamic = formatted;
  while (i < src.length) {
    if (src.startsWith(close, i)) {
      i += close.length;
      break;
    }
    const c = src[i]!;
    if (!triple && (c === '\n' || c === '\r')) break; // unterminated: Python refuses the file
    if (c === '\\' && i + 1 < src.length) {
      body += src.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (formatted && c === '{') {
      if (src[i + 1] === '{') {
        body += '{';
        i += 2;
        continue;
      }
      const end = fieldEnd(src, i + 1);
      embedded.push({ source: src.slice(i + 1, end), at: i + 1 });
      i = Math.min(src.length, end + 1);
      continue;
    }
    body += c;
    i++;
  }
  if (raw) return { value: body, end: i, dynamic };
  const decoded = unescapePython(body, false);
  return { value: decoded.value, end: i, dynamic: dynamic || decoded.dynamic };
}

/** The `}` closing an f-string replacement field, skipping nested brackets and strings (Python 3.12). */
function fieldEnd(src: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < src.length) {
    const c = src[i]!;
    PREFIX.lastIndex = i;
    const p = /['"]/.test(c) ? PREFIX.exec(src) : null;
    if (p) {
      i = readString(src, i, '', []).end;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]'.includes(c)) depth--;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return i;
}

/**
 * The token stream of the source, and one stream of every f-string field in it (each field its own
 * logical line), offsets in the outer source.
 */
export function streamsOf(src: string): Token[][] {
  const { tokens, embedded } = tokenize(src);
  const fields: Token[] = [];
  const queue = embedded.map((e) => ({ ...e, base: 0 }));
  for (let n = 0; n < queue.length; n++) {
    const e = queue[n]!;
    const inner = tokenize(e.source);
    const base = e.base + e.at;
    for (const t of inner.tokens) fields.push({ ...t, at: t.at + base });
    fields.push({ kind: 'newline', value: '\n', at: base });
    for (const x of inner.embedded) queue.push({ ...x, base });
  }
  return fields.length ? [tokens, fields] : [tokens];
}
