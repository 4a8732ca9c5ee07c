/**
 * Python literals as `ast.literal_eval` reads them, for headers that loaders parse that way (the NumPy
 * `.npy` header). One pass over the text, no regular expressions and no backtracking: the time is linear
 * in the header whatever it holds, nesting is capped, and the deadline is checked as it goes.
 */
export type PyLiteral =
  | { k: 'str'; v: string }
  | { k: 'bytes'; v: string }
  | { k: 'int'; v: bigint }
  | { k: 'float' | 'complex' | 'ellipsis' | 'none' }
  | { k: 'bool'; v: boolean }
  | { k: 'tuple' | 'list' | 'set'; items: PyLiteral[] }
  | { k: 'dict'; entries: [PyLiteral, PyLiteral][] };

export class LiteralError extends Error {}

const MAX_DEPTH = 200;

interface Options {
  /** Python 2 `3L` integers, which NumPy's `_filter_header` accepts in version 1 and 2 headers. */
  longSuffix?: boolean;
  deadline?: number;
}

export function parsePyLiteral(text: string, options: Options = {}): PyLiteral {
  const p = new Parser(text, options);
  p.skipSpace(true);
  const v = p.value(0);
  p.skipSpace(true);
  if (p.pos < text.length) p.fail('unexpected text after the literal');
  return v;
}

class Parser {
  pos = 0;
  private steps = 0;
  constructor(private readonly s: string, private readonly o: Options) {}

  fail(what: string): never {
    throw new LiteralError(`${what} at character ${this.pos}`);
  }

  /** Whitespace, comments and backslash continuations; newlines count only inside brackets or at the ends. */
  skipSpace(newlines: boolean): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\f' || ((c === '\n' || c === '\r') && newlines)) this.pos++;
      else if (c === '\\' && (s[this.pos + 1] === '\n' || s[this.pos + 1] === '\r')) this.pos += 2;
      else if (c === '#') while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      else break;
    }
  }

  value(depth: number): PyLiteral {
    if (depth > MAX_DEPTH) this.fail('literal nested too deeply');
    if ((++this.steps & 0xfff) === 0 && this.o.deadline !== undefined && Date.now() > this.o.deadline) this.fail('time limit reached');
    const s = this.s;
    const c = s[this.pos];
    let v: PyLiteral;
    if (c === '(') v = this.sequence(')', depth);
    else if (c === '[') v = this.sequence(']', depth);
    else if (c === '{') v = this.braces(depth);
    else if (c === '-' || c === '+') {
      this.pos++;
      this.skipSpace(depth > 0);
      const n = this.value(depth + 1);
      if (n.k === 'int') v = c === '-' ? { k: 'int', v: -n.v } : n;
      else if (n.k === 'float' || n.k === 'complex') v = n;
      else this.fail('sign before a non-number');
    } else if (c !== undefined && ((c >= '0' && c <= '9') || (c === '.' && s[this.pos + 1] !== '.'))) v = this.number();
    else v = this.wordOrString(depth);
    // `1+2j`: a complex literal is the only binary operation literal_eval accepts.
    this.skipSpace(depth > 0);
    if ((s[this.pos] === '+' || s[this.pos] === '-') && (v.k === 'int' || v.k === 'float')) {
      const save = this.pos;
      this.pos++;
      this.skipSpace(depth > 0);
      const rhs = this.value(depth + 1);
      if (rhs.k !== 'complex') {
        this.pos = save;
        this.fail('operator outside a complex literal');
      }
      v = rhs;
    }
    return v;
  }

  private sequence(close: ')' | ']', depth: number): PyLiteral {
    this.pos++;
    const items: PyLiteral[] = [];
    let comma = false;
    for (;;) {
      this.skipSpace(true);
      if (this.s[this.pos] === close) break;
      if (this.pos >= this.s.length) this.fail(`missing ${close}`);
      items.push(this.value(depth + 1));
      this.skipSpace(true);
      if (this.s[this.pos] === ',') {
        comma = true;
        this.pos++;
      } else if (this.s[this.pos] !== close) this.fail(`expected , or ${close}`);
    }
    this.pos++;
    if (close === ']') return { k: 'list', items };
    // `(x)` is x itself; `(x,)` and `()` are tuples.
    if (items.length === 1 && !comma) return items[0]!;
    return { k: 'tuple', items };
  }

  private braces(depth: number): PyLiteral {
    this.pos++;
    const entries: [PyLiteral, PyLiteral][] = [];
    const items: PyLiteral[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.s[this.pos] === '}') break;
      if (this.pos >= this.s.length) this.fail('missing }');
      const key = this.value(depth + 1);
      this.skipSpace(true);
      if (this.s[this.pos] === ':') {
        if (items.length) this.fail('mixed set and dict');
        this.pos++;
        this.skipSpace(true);
        entries.push([key, this.value(depth + 1)]);
      } else {
        if (entries.length) this.fail('mixed set and dict');
        items.push(key);
      }
      this.skipSpace(true);
      if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== '}') this.fail('expected , or }');
    }
    this.pos++;
    return items.length ? { k: 'set', items } : { k: 'dict', entries };
  }

  private number(): PyLiteral {
    const s = this.s;
    const start = this.pos;
    let float = false;
    if (s[start] === '0' && /[xXoObB]/.test(s[start + 1] ?? '')) {
      this.pos += 2;
      while (this.pos < s.length && /[0-9a-fA-F_]/.test(s[this.pos]!)) this.pos++;
    } else {
      while (this.pos < s.length && /[0-9_]/.test(s[this.pos]!)) this.pos++;
      if (s[this.pos] === '.') {
        float = true;
        this.pos++;
        while (this.pos < s.length && /[0-9_]/.test(s[this.pos]!)) this.pos++;
      }
      if (s[this.pos] === 'e' || s[this.pos] === 'E') {
        float = true;
        this.pos++;
        if (s[this.pos] === '+' || s[this.pos] === '-') this.pos++;
        while (this.pos < s.length && /[0-9_]/.test(s[this.pos]!)) this.pos++;
      }
    }
    const text = s.slice(start, this.pos).replace(/_/g, '');
    if (s[this.pos] === 'j' || s[this.pos] === 'J') {
      this.pos++;
      return { k: 'complex' };
    }
    if (float) return { k: 'float' };
    if ((s[this.pos] === 'L' || s[this.pos] === 'l') && this.o.longSuffix) this.pos++;
    try {
      const prefixed = /^0[xXoObB]/.test(text);
      if (!prefixed && text.length > 1 && text[0] === '0' && /[1-9]/.test(text)) this.fail('leading zeros in an integer');
      return { k: 'int', v: BigInt(prefixed ? text.slice(0, 2).toLowerCase() + text.slice(2) : text) };
    } catch (e) {
      if (e instanceof LiteralError) throw e;
      return this.fail(`bad number ${text.slice(0, 40)}`);
    }
  }

  private wordOrString(depth: number): PyLiteral {
    const s = this.s;
    const start = this.pos;
    while (this.pos < s.length && /[A-Za-z_0-9]/.test(s[this.pos]!)) this.pos++;
    const word = s.slice(start, this.pos);
    const q = s[this.pos];
    if (q === "'" || q === '"') {
      const prefix = word.toLowerCase();
      if (!['', 'r', 'u', 'b', 'br', 'rb'].includes(prefix)) this.fail(`string prefix ${word} is not a literal`);
      const bytes = prefix.includes('b');
      let text = this.string(prefix.includes('r'), bytes);
      // Adjacent literals concatenate ('a' 'b'); str and bytes cannot mix.
      for (;;) {
        const save = this.pos;
        this.skipSpace(depth > 0);
        const m = this.peekPrefix();
        if (m === undefined || m.includes('b') !== bytes) {
          this.pos = save;
          break;
        }
        this.pos += m.length;
        text += this.string(m.includes('r'), bytes);
      }
      return bytes ? { k: 'bytes', v: text } : { k: 'str', v: text };
    }
    if (this.s.startsWith('...', start) && word === '') {
      this.pos += 3;
      return { k: 'ellipsis' };
    }
    if (word === 'True' || word === 'False') return { k: 'bool', v: word === 'True' };
    if (word === 'None') return { k: 'none' };
    return this.fail(word ? `name ${word.slice(0, 40)} is not a literal` : 'expected a literal');
  }

  private peekPrefix(): string | undefined {
    let k = this.pos;
    while (k < this.s.length && k - this.pos < 2 && /[rRbBuU]/.test(this.s[k]!)) k++;
    const q = this.s[k];
    if (q !== "'" && q !== '"') return undefined;
    const p = this.s.slice(this.pos, k).toLowerCase();
    return ['', 'r', 'u', 'b', 'br', 'rb'].includes(p) ? this.s.slice(this.pos, k) : undefined;
  }

  private string(raw: boolean, bytes: boolean): string {
    const s = this.s;
    const q = s[this.pos]!;
    const triple = s[this.pos + 1] === q && s[this.pos + 2] === q;
    const delim = triple ? q.repeat(3) : q;
    this.pos += delim.length;
    let out = '';
    for (;;) {
      if (this.pos >= s.length) this.fail('unterminated string');
      const c = s[this.pos]!;
      if (s.startsWith(delim, this.pos)) {
        this.pos += delim.length;
        return out;
      }
      if (!triple && (c === '\n' || c === '\r')) this.fail('newline in a string');
      if (c === '\\') {
        const e = s[this.pos + 1] ?? '';
        if (raw) {
          out += c + e;
          this.pos += 2;
          continue;
        }
        this.pos += 2;
        out += this.escape(e, bytes);
        continue;
      }
      if (bytes && c.charCodeAt(0) > 0x7f) this.fail('non-ASCII character in bytes');
      out += c;
      this.pos++;
    }
  }

  private escape(e: string, bytes: boolean): string {
    const simple: Record<string, string> = { '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (e in simple) return simple[e]!;
    const hexDigits = (n: number): string => {
      const h = this.s.slice(this.pos, this.pos + n);
      if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) this.fail('bad \\x, \\u or \\U escape');
      this.pos += n;
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff) this.fail('escape beyond Unicode');
      return String.fromCodePoint(cp);
    };
    if (e === 'x') return hexDigits(2);
    if (!bytes && e === 'u') return hexDigits(4);
    if (!bytes && e === 'U') return hexDigits(8);
    if (e >= '0' && e <= '7') {
      let v = e.charCodeAt(0) - 48;
      for (let k = 0; k < 2 && /[0-7]/.test(this.s[this.pos] ?? ''); k++) v = v * 8 + this.s.charCodeAt(this.pos++) - 48;
      return String.fromCharCode(v & (bytes ? 0xff : 0x1ff));
    }
    if (!bytes && e === 'N') {
      // Named characters: the name only matters to a dtype string through its length, keep a stand-in.
      const end = this.s.indexOf('}', this.pos);
      if (this.s[this.pos] !== '{' || end < 0) this.fail('bad \\N escape');
      this.pos = end + 1;
      return '\ufffd';
    }
    return `\\${e}`;
  }
}
