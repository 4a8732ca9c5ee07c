/**
 * Our own pickle writer for test fixtures (no Python needed). `Ops` emits raw opcodes for hand-built
 * malicious streams; `dumps` serialises a small Python-like value model the way CPython's pickler does
 * (memoisation, batching, framing), byte-for-byte for the common types at protocols 2–5.
 */
export type Py =
  | null | boolean | number | bigint | string | Uint8Array | Py[] | PyFloat | PyTuple | PyDict | PyGlobal | PyReduce | PyPersid | PyRaw;

export interface PyFloat { py: 'float'; v: number }
export interface PyTuple { py: 'tuple'; items: Py[] }
export interface PyDict { py: 'dict'; entries: [Py, Py][] }
export interface PyGlobal { py: 'global'; module: string; name: string }
export interface PyReduce { py: 'reduce'; callable: Py; args: PyTuple; state?: Py; dictitems?: [Py, Py][]; newobj?: boolean }
export interface PyPersid { py: 'persid'; id: Py }
export interface PyRaw { py: 'raw'; bytes: Uint8Array }

export const py = {
  float: (v: number): PyFloat => ({ py: 'float', v }),
  tuple: (...items: Py[]): PyTuple => ({ py: 'tuple', items }),
  dict: (entries: [Py, Py][] | Record<string, Py>): PyDict => ({ py: 'dict', entries: Array.isArray(entries) ? entries : Object.entries(entries) }),
  global: (module: string, name: string): PyGlobal => ({ py: 'global', module, name }),
  reduce: (callable: Py, args: PyTuple, extra: Partial<Omit<PyReduce, 'py' | 'callable' | 'args'>> = {}): PyReduce => ({ py: 'reduce', callable, args, ...extra }),
  persid: (id: Py): PyPersid => ({ py: 'persid', id }),
  raw: (bytes: Uint8Array | number[]): PyRaw => ({ py: 'raw', bytes: Uint8Array.from(bytes) }),
};

const enc = new TextEncoder();

/** Low-level opcode emitter. */
export class Ops {
  private parts: number[] = [];

  op(code: number | string, ...args: (number[] | Uint8Array)[]): this {
    this.parts.push(typeof code === 'string' ? code.charCodeAt(0) : code);
    for (const a of args) for (const b of a) this.parts.push(b);
    return this;
  }
  text(s: string): this {
    for (const b of enc.encode(s)) this.parts.push(b);
    return this;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
  get length(): number {
    return this.parts.length;
  }

  proto(n: number): this { return this.op(0x80, [n]); }
  stop(): this { return this.op('.'); }
  mark(): this { return this.op('('); }
  /** GLOBAL with text lines (protocol 0+). */
  global(module: string, name: string): this { return this.op('c').text(`${module}\n${name}\n`); }
  inst(module: string, name: string): this { return this.op('i').text(`${module}\n${name}\n`); }
  str(s: string): this {
    const b = enc.encode(s);
    return b.length < 256 ? this.op(0x8c, [b.length], b) : this.op('X', le(b.length, 4), b);
  }
  binunicode(s: string): this { const b = enc.encode(s); return this.op('X', le(b.length, 4), b); }
  shortBinstring(s: string): this { const b = enc.encode(s); return this.op('U', [b.length], b); }
  string0(s: string): this { return this.op('S').text(`'${s}'\n`); }
  unicode0(s: string): this { return this.op('V').text(`${s}\n`); }
  binbytes(b: Uint8Array): this { return b.length < 256 ? this.op('C', [b.length], b) : this.op('B', le(b.length, 4), b); }
  binbytes8Header(n: number): this { return this.op(0x8e, le(n, 8)); }
  int(n: number): this {
    if (n >= 0 && n < 256) return this.op('K', [n]);
    if (n >= 0 && n < 65536) return this.op('M', le(n, 2));
    return this.op('J', le(n >>> 0, 4));
  }
  none(): this { return this.op('N'); }
  tuple(): this { return this.op('t'); }
  tuple1(): this { return this.op(0x85); }
  tuple2(): this { return this.op(0x86); }
  emptyTuple(): this { return this.op(')'); }
  emptyDict(): this { return this.op('}'); }
  emptyList(): this { return this.op(']'); }
  reduce(): this { return this.op('R'); }
  build(): this { return this.op('b'); }
  newobj(): this { return this.op(0x81); }
  obj(): this { return this.op('o'); }
  stackGlobal(): this { return this.op(0x93); }
  memoize(): this { return this.op(0x94); }
  binput(k: number): this { return this.op('q', [k]); }
  binget(k: number): this { return this.op('h', [k]); }
  frame(n: number): this { return this.op(0x95, le(n, 8)); }
  setitem(): this { return this.op('s'); }
  setitems(): this { return this.op('u'); }
  appends(): this { return this.op('e'); }
  append(): this { return this.op('a'); }
  pop(): this { return this.op('0'); }
  raw(b: Uint8Array | number[]): this { for (const x of b) this.parts.push(x); return this; }
}

export function le(n: number, width: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  for (let k = 0; k < width; k++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/** `pickle.dumps(value, protocol)` for the value model above. */
export function dumps(value: Py, protocol = 4): Uint8Array {
  return new Pickler(protocol).dump(value);
}

const FRAME_TARGET = 64 * 1024;

class Pickler {
  private out: number[] = [];
  private frame: number[] = [];
  private memo = new Map<object | string, number>();

  constructor(private readonly proto: number) {}

  dump(v: Py): Uint8Array {
    if (this.proto >= 2) this.out.push(0x80, this.proto);
    this.save(v);
    this.w([0x2e]);
    this.commit(true);
    return Uint8Array.from(this.out);
  }

  private w(bytes: ArrayLike<number>): void {
    const target = this.proto >= 4 ? this.frame : this.out;
    for (let k = 0; k < bytes.length; k++) target.push(bytes[k]!);
  }

  private commit(force: boolean): void {
    if (this.proto < 4) return;
    if (this.frame.length >= FRAME_TARGET || force) {
      if (this.frame.length >= 4) this.out.push(0x95, ...le(this.frame.length, 8));
      for (const b of this.frame) this.out.push(b);
      this.frame = [];
    }
  }

  private memoize(key: object | string): void {
    const idx = this.memo.size;
    this.memo.set(key, idx);
    if (this.proto >= 4) this.w([0x94]);
    else if (this.proto >= 1) this.w(idx < 256 ? [0x71, idx] : [0x72, ...le(idx, 4)]);
    else this.w(enc.encode(`p${idx}\n`));
  }

  private get(idx: number): void {
    if (this.proto >= 1) this.w(idx < 256 ? [0x68, idx] : [0x6a, ...le(idx, 4)]);
    else this.w(enc.encode(`g${idx}\n`));
  }

  private save(v: Py): void {
    this.commit(false);
    if (v !== null && (typeof v === 'object' || typeof v === 'string')) {
      const seen = this.memo.get(v as object);
      if (seen !== undefined) return this.get(seen);
    }
    if (v === null) return this.w([0x4e]);
    if (typeof v === 'boolean') return this.w(this.proto >= 2 ? [v ? 0x88 : 0x89] : enc.encode(v ? 'I01\n' : 'I00\n'));
    if (typeof v === 'number' && Number.isInteger(v)) return this.int(v);
    if (typeof v === 'number') return this.float(v);
    if (typeof v === 'bigint') return this.long(v);
    if (typeof v === 'string') return this.str(v);
    if (v instanceof Uint8Array) return this.bytes(v);
    if (Array.isArray(v)) return this.list(v);
    switch (v.py) {
      case 'float': return this.float(v.v);
      case 'tuple': return this.tuple(v);
      case 'dict': return this.dict(v);
      case 'global': return this.global(v);
      case 'reduce': return this.reduce(v);
      case 'persid':
        if (this.proto >= 1) { this.save(v.id); return this.w([0x51]); }
        return this.w(enc.encode(`P${String(v.id)}\n`));
      case 'raw': return this.w(v.bytes);
    }
  }

  private int(n: number): void {
    if (this.proto >= 1) {
      if (n >= 0 && n < 256) return this.w([0x4b, n]);
      if (n >= 0 && n < 65536) return this.w([0x4d, ...le(n, 2)]);
      if (n >= -0x80000000 && n <= 0x7fffffff) return this.w([0x4a, ...le(n >>> 0, 4)]);
    }
    if (this.proto >= 2) return this.long(BigInt(n));
    this.w(enc.encode(`I${n}\n`));
  }

  private long(n: bigint): void {
    if (this.proto < 2) return this.w(enc.encode(`L${n}L\n`));
    const bytes: number[] = [];
    let v = n;
    if (v === 0n) return this.w([0x8a, 0]);
    while (!(v === 0n && bytes.length && !(bytes[bytes.length - 1]! & 0x80)) && !(v === -1n && bytes.length && bytes[bytes.length - 1]! & 0x80)) {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
    this.w(bytes.length < 256 ? [0x8a, bytes.length, ...bytes] : [0x8b, ...le(bytes.length, 4), ...bytes]);
  }

  private float(f: number): void {
    if (this.proto >= 1) {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, f, false);
      return this.w([0x47, ...b]);
    }
    this.w(enc.encode(`F${Number.isInteger(f) ? f.toFixed(1) : String(f)}\n`));
  }

  private str(s: string): void {
    const b = enc.encode(s);
    if (this.proto >= 4 && b.length < 256) this.w([0x8c, b.length, ...b]);
    else if (this.proto >= 1) this.w([0x58, ...le(b.length, 4), ...b]);
    else this.w(enc.encode(`V${s.replace(/\\/g, '\\u005c').replace(/\n/g, '\\u000a')}\n`));
    this.memoize(s);
  }

  private bytes(b: Uint8Array): void {
    if (this.proto < 3) {
      const latin = String.fromCharCode(...b);
      return this.reduce(b.length ? { py: 'reduce', callable: py.global('_codecs', 'encode'), args: py.tuple(latin, 'latin1') } : { py: 'reduce', callable: py.global('builtins', 'bytes'), args: py.tuple() }, b);
    }
    if (b.length < 256) this.w([0x43, b.length, ...b]);
    else this.w([0x42, ...le(b.length, 4), ...b]);
    this.memoize(b);
  }

  private list(items: Py[]): void {
    this.w(this.proto >= 1 ? [0x5d] : enc.encode('(l'));
    this.memoize(items);
    this.batch(items.map((x) => [x]), 0x61, 0x65);
  }

  private dict(d: PyDict): void {
    this.w(this.proto >= 1 ? [0x7d] : enc.encode('(d'));
    this.memoize(d);
    this.batch(d.entries, 0x73, 0x75);
  }

  private batch(items: Py[][], one: number, many: number): void {
    if (this.proto === 0) {
      for (const group of items) { for (const x of group) this.save(x); this.w([one]); }
      return;
    }
    for (let k = 0; k < items.length; k += 1000) {
      const chunk = items.slice(k, k + 1000);
      if (chunk.length === 1) { for (const x of chunk[0]!) this.save(x); this.w([one]); continue; }
      this.w([0x28]);
      for (const group of chunk) for (const x of group) this.save(x);
      this.w([many]);
    }
  }

  private tuple(t: PyTuple): void {
    const n = t.items.length;
    if (n === 0) return this.w(this.proto >= 1 ? [0x29] : enc.encode('(t'));
    if (n <= 3 && this.proto >= 2) {
      for (const x of t.items) this.save(x);
      this.w([0x84 + n]);
    } else {
      this.w([0x28]);
      for (const x of t.items) this.save(x);
      this.w([0x74]);
    }
    this.memoize(t);
  }

  private global(g: PyGlobal): void {
    if (this.proto >= 4) {
      this.save(g.module);
      this.save(g.name);
      this.w([0x93]);
    } else this.w([0x63, ...enc.encode(`${g.module}\n${g.name}\n`)]);
    this.memoize(g);
  }

  private reduce(r: PyReduce, memoKey: object = r): void {
    if (r.newobj && this.proto >= 2) {
      this.save(r.callable);
      this.save(r.args);
      this.w([0x81]);
    } else {
      this.save(r.callable);
      this.save(r.args);
      this.w([0x52]);
    }
    this.memoize(memoKey);
    if (r.dictitems) this.batch(r.dictitems, 0x73, 0x75);
    if (r.state !== undefined) {
      this.save(r.state);
      this.w([0x62]);
    }
  }
}
