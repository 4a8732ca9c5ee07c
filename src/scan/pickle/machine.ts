import type { RuleId } from '../rules.ts';
import { TruncatedError, latin1, type Cursor } from './cursor.ts';
import { HIGHEST_PROTOCOL, isOpcode, opcodeName } from './opcodes.ts';
import { decodeIntLine, decodeLongBytes, decodeLongLine, decodeRawUnicodeEscape, decodeStringRepr, decodeUtf8Fast } from './text-args.ts';
import { KEEP_BYTES, KEEP_ITEMS, KEEP_STRING, UNKNOWN, carriesCode, container, extend, type Container, type Global, type Value } from './values.ts';

/**
 * A symbolic pickle virtual machine: it walks one stream opcode by opcode exactly as CPython's unpickler
 * reads it (Lib/pickletools.py is the specification), keeps a symbolic stack and memo, and reports
 * imports, calls and anomalies to its host. It never executes anything.
 */
export interface At {
  offset: number;
  opcode: string;
}

export interface MachineHost {
  import(g: Global, at: At): void;
  /** A call the unpickler would make; returns the symbolic result. */
  call(callee: Value, args: Value[], at: At, kwargs?: Value): Value;
  /** BUILD: may consume raw bytes that follow (joblib arrays) through `cursor`. */
  build(target: Value, state: Value, at: At, cursor: Cursor, machine: Machine): void;
  /** APPEND/SETITEM/ADDITEMS on something that is not a plain container. */
  mutate(target: Value, at: At): void;
  anomaly(rule: RuleId, message: string, at: At): void;
}

export type StreamEnd = 'stop' | 'truncated' | 'error' | 'limit' | 'not-pickle';

export interface StreamResult {
  end: StreamEnd;
  /** Offset of the failing opcode or just past STOP. */
  offset: number;
  message?: string;
  ops: number;
  protocol: number;
  result?: Value;
}

export interface MachineLimits {
  maxStack: number;
  maxMemo: number;
  deadline: number;
}

class PickleError extends Error {}
class LimitError extends Error {}

const MAX_LINE = 1 << 16;

export class Machine {
  private stack: Value[] = [];
  private marks: number[] = [];
  private memo: Value[] = [];
  private sparse = new Map<number, Value>();
  private memoLen = 0;
  private frameEnd = -1;
  private frameReported = false;
  protocol = 0;
  ops = 0;

  constructor(
    private readonly host: MachineHost,
    readonly limits: MachineLimits,
  ) {}

  /** Runs one stream from the cursor's position to STOP, the end of input, or the first error. */
  run(cur: Cursor): StreamResult {
    const first = cur.remaining > 0 ? cur.bytes(1)[0]! : -1;
    if (first < 0 || !isOpcode(first)) return { end: 'not-pickle', offset: cur.pos, ops: 0, protocol: 0 };
    cur.seek(cur.pos - 1);
    let opAt = cur.pos;
    try {
      for (;;) {
        opAt = cur.pos;
        if (this.frameEnd >= 0 && opAt >= this.frameEnd) this.leaveFrame(opAt);
        const op = cur.u8();
        if ((++this.ops & 0xffff) === 0 && Date.now() > this.limits.deadline) throw new LimitError('time limit reached');
        if (op === 0x2e) {
          this.checkFrameAt(cur.pos, op);
          return { end: 'stop', offset: cur.pos, ops: this.ops, protocol: this.protocol, result: this.stack[this.stack.length - 1] };
        }
        this.step(op, opAt, cur);
        if (this.frameEnd >= 0 && cur.pos > this.frameEnd) this.checkFrameAt(cur.pos, op);
      }
    } catch (e) {
      const end: StreamEnd = e instanceof TruncatedError ? 'truncated' : e instanceof LimitError ? 'limit' : 'error';
      if (!(e instanceof TruncatedError || e instanceof LimitError || e instanceof PickleError || e instanceof RangeError)) throw e;
      return { end, offset: opAt, message: e.message, ops: this.ops, protocol: this.protocol };
    }
  }

  /** Raw bytes the loader reads outside the opcode stream (joblib arrays) end the current frame. */
  resetFrame(): void {
    this.frameEnd = -1;
  }

  private leaveFrame(pos: number): void {
    if (pos > this.frameEnd) this.frameMismatch(pos, 'an opcode runs past the end of its FRAME');
    this.frameEnd = -1;
  }

  private checkFrameAt(pos: number, op: number): void {
    if (this.frameEnd >= 0 && pos > this.frameEnd) this.frameMismatch(pos, `${opcodeName(op)} crosses the end of its FRAME`);
  }

  private frameMismatch(pos: number, message: string): void {
    if (this.frameReported) return;
    this.frameReported = true;
    this.host.anomaly('pickle/frame-mismatch', `${message} (pickle.py refuses, _pickle reads on)`, { offset: pos, opcode: 'FRAME' });
  }

  private push(v: Value): void {
    if (this.stack.length >= this.limits.maxStack) throw new LimitError(`stack exceeds ${this.limits.maxStack} items`);
    this.stack.push(v);
  }

  private pop(): Value {
    const fence = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    if (this.stack.length <= fence) throw new PickleError('unpickling stack underflow');
    return this.stack.pop()!;
  }

  private top(): Value {
    const fence = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    if (this.stack.length <= fence) throw new PickleError('unpickling stack underflow');
    return this.stack[this.stack.length - 1]!;
  }

  private popMark(): Value[] {
    const k = this.marks.pop();
    if (k === undefined) throw new PickleError('could not find MARK');
    return this.stack.splice(k);
  }

  private memoGet(k: number): Value {
    const v = k < this.memo.length ? this.memo[k] : this.sparse.get(k);
    if (v === undefined) throw new PickleError(`memo key ${k} not found`);
    return v;
  }

  private memoPut(k: number, v: Value): void {
    if (k < 0 || !Number.isFinite(k)) throw new PickleError('negative PUT argument');
    if (k === this.memo.length && this.sparse.size === 0) {
      if (this.memoLen >= this.limits.maxMemo) throw new LimitError(`memo exceeds ${this.limits.maxMemo} entries`);
      this.memo.push(v);
      this.memoLen++;
      return;
    }
    if (k < this.memo.length) {
      this.memo[k] = v;
      return;
    }
    if (!this.sparse.has(k)) {
      if (this.memoLen >= this.limits.maxMemo) throw new LimitError(`memo exceeds ${this.limits.maxMemo} entries`);
      this.memoLen++;
    }
    this.sparse.set(k, v);
  }

  private readBytes(cur: Cursor, n: number): Value {
    if (!Number.isFinite(n) || n > cur.remaining) throw new TruncatedError(`bytes of length ${n} pass the end`);
    if (n > KEEP_BYTES) {
      const start = cur.pos;
      cur.skip(n);
      return { t: 'bytes', length: n, at: start };
    }
    const start = cur.pos;
    return { t: 'bytes', length: n, data: cur.bytes(n).slice(), at: start };
  }

  private readText(cur: Cursor, n: number, latin: boolean): string {
    if (!Number.isFinite(n) || n > cur.remaining) throw new TruncatedError(`string of length ${n} passes the end`);
    if (n > KEEP_STRING) {
      const head = cur.bytes(KEEP_STRING);
      const s = latin ? latin1(head) : decodeUtf8Fast(head);
      cur.skip(n - KEEP_STRING);
      return `${s}…`;
    }
    return cur.text(n, !latin);
  }

  private line(cur: Cursor): string {
    const s = cur.line(MAX_LINE);
    if (s === undefined) throw new PickleError('text argument too long');
    return s;
  }

  private global(module: string, name: string, at: At): Global {
    const g: Global = { t: 'global', module, name, via: [] };
    this.host.import(g, at);
    return g;
  }

  private collection(t: Container['t'], items: Value[]): Container {
    return container(t, items);
  }

  /**
   * APPENDS/SETITEMS/ADDITEMS without copying the batch: a plain container keeps a sample of the items in
   * place, so a 1000-item batch allocates nothing (dense pickles are mostly these).
   */
  private addMarked(opcode: string, offset: number, pairs: boolean): void {
    const k = this.marks.pop();
    if (k === undefined) throw new PickleError('could not find MARK');
    const n = this.stack.length - k;
    if (pairs && n % 2) throw new PickleError(`odd number of items for ${opcode}`);
    const fence = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    if (k - 1 < fence) throw new PickleError('unpickling stack underflow');
    const target = this.stack[k - 1]!;
    if (target !== null && typeof target === 'object' && (target.t === 'list' || target.t === 'dict' || target.t === 'set')) {
      target.n += n;
      for (let j = k; j < this.stack.length; j++) {
        const item = this.stack[j]!;
        const code = carriesCode(item);
        if (code) target.code = true;
        if (code || target.items.length < KEEP_ITEMS) target.items.push(item);
      }
      this.stack.length = k;
    } else {
      this.stack.length = k;
      this.host.mutate(target, { offset, opcode });
    }
  }

  private addTo(target: Value, items: Value[], at: At): void {
    if (target !== null && typeof target === 'object' && (target.t === 'list' || target.t === 'dict' || target.t === 'set')) extend(target, items);
    else this.host.mutate(target, at);
  }

  private step(op: number, offset: number, cur: Cursor): void {
    switch (op) {
      case 0x28: if (this.marks.length >= this.limits.maxStack) throw new LimitError('too many MARKs'); this.marks.push(this.stack.length); return; // MARK
      case 0x30: { // POP: with nothing above the mark, pops the mark (as CPython does)
        const fence = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
        if (this.stack.length > fence) this.stack.pop();
        else if (this.marks.length) this.marks.pop();
        else throw new PickleError('unpickling stack underflow');
        return;
      }
      case 0x31: this.popMark(); return; // POP_MARK
      case 0x32: this.push(this.top()); return; // DUP
      case 0x46: { const s = this.line(cur); const f = Number(s); if (s.trim() === '' || (Number.isNaN(f) && !/nan|inf/i.test(s))) throw new PickleError('bad FLOAT'); this.push(f); return; }
      case 0x49: { const v = decodeIntLine(this.line(cur)); if (v === undefined) throw new PickleError('bad INT'); this.push(v); return; }
      case 0x4a: this.push(cur.i32()); return; // BININT
      case 0x4b: this.push(cur.u8()); return; // BININT1
      case 0x4c: { const v = decodeLongLine(this.line(cur)); if (v === undefined) throw new PickleError('bad LONG'); this.push(v); return; }
      case 0x4d: this.push(cur.u16()); return; // BININT2
      case 0x4e: this.push(null); return; // NONE
      case 0x88: this.push(true); return;
      case 0x89: this.push(false); return;
      case 0x47: this.push(cur.f64be()); return; // BINFLOAT
      case 0x8a: this.push(decodeLongBytes(cur.bytes(cur.u8()))); return; // LONG1
      case 0x8b: { const n = cur.i32(); if (n < 0) throw new PickleError('LONG pickle has negative byte count'); if (n > cur.remaining) throw new TruncatedError('LONG4 passes the end'); this.push(n > 4096 ? (cur.skip(n), UNKNOWN) : decodeLongBytes(cur.bytes(n))); return; }
      case 0x53: { const s = decodeStringRepr(this.line(cur)); if (s === undefined) throw new PickleError('the STRING opcode argument must be quoted'); this.push(s); return; }
      case 0x54: { const n = cur.i32(); if (n < 0) throw new PickleError('BINSTRING pickle has negative byte count'); this.push(this.readText(cur, n, true)); return; }
      case 0x55: this.push(this.readText(cur, cur.u8(), true)); return; // SHORT_BINSTRING
      case 0x56: this.push(decodeRawUnicodeEscape(this.line(cur))); return; // UNICODE
      case 0x58: this.push(this.readText(cur, cur.u32(), false)); return; // BINUNICODE
      case 0x8c: this.push(this.readText(cur, cur.u8(), false)); return; // SHORT_BINUNICODE
      case 0x8d: this.push(this.readText(cur, cur.u64(), false)); return; // BINUNICODE8
      case 0x42: this.push(this.readBytes(cur, cur.u32())); return; // BINBYTES
      case 0x43: this.push(this.readBytes(cur, cur.u8())); return; // SHORT_BINBYTES
      case 0x8e: this.push(this.readBytes(cur, cur.u64())); return; // BINBYTES8
      case 0x96: this.push(this.readBytes(cur, cur.u64())); return; // BYTEARRAY8
      case 0x97: this.push({ t: 'buffer' }); this.host.anomaly('pickle/persistent-id', 'out-of-band buffer (NEXT_BUFFER)', { offset, opcode: 'NEXT_BUFFER' }); return;
      case 0x98: this.top(); return; // READONLY_BUFFER
      case 0x29: this.push(this.collection('tuple', [])); return; // EMPTY_TUPLE
      case 0x5d: this.push(this.collection('list', [])); return; // EMPTY_LIST
      case 0x7d: this.push(this.collection('dict', [])); return; // EMPTY_DICT
      case 0x8f: this.push(this.collection('set', [])); return; // EMPTY_SET
      case 0x74: this.push(this.collection('tuple', this.popMark())); return; // TUPLE
      case 0x85: { const a = this.pop(); this.push(this.collection('tuple', [a])); return; }
      case 0x86: { const b = this.pop(); const a = this.pop(); this.push(this.collection('tuple', [a, b])); return; }
      case 0x87: { const c = this.pop(); const b = this.pop(); const a = this.pop(); this.push(this.collection('tuple', [a, b, c])); return; }
      case 0x6c: this.push(this.collection('list', this.popMark())); return; // LIST
      case 0x64: { const items = this.popMark(); if (items.length % 2) throw new PickleError('odd number of items for DICT'); this.push(this.collection('dict', items)); return; }
      case 0x91: this.push(this.collection('frozenset', this.popMark())); return; // FROZENSET
      case 0x61: { const v = this.pop(); this.addTo(this.top(), [v], { offset, opcode: 'APPEND' }); return; }
      case 0x65: this.addMarked('APPENDS', offset, false); return;
      case 0x73: { const v = this.pop(); const k = this.pop(); this.addTo(this.top(), [k, v], { offset, opcode: 'SETITEM' }); return; }
      case 0x75: this.addMarked('SETITEMS', offset, true); return;
      case 0x90: this.addMarked('ADDITEMS', offset, false); return;
      case 0x67: { const s = this.line(cur); if (!/^\d+$/.test(s.trim())) throw new PickleError('bad GET'); this.push(this.memoGet(Number(s))); return; }
      case 0x68: this.push(this.memoGet(cur.u8())); return; // BINGET
      case 0x6a: this.push(this.memoGet(cur.u32())); return; // LONG_BINGET
      case 0x70: { const s = this.line(cur); if (!/^-?\d+$/.test(s.trim())) throw new PickleError('bad PUT'); this.memoPut(Number(s), this.top()); return; }
      case 0x71: this.memoPut(cur.u8(), this.top()); return; // BINPUT
      case 0x72: this.memoPut(cur.u32(), this.top()); return; // LONG_BINPUT
      case 0x94: this.memoPut(this.memoLen, this.top()); return; // MEMOIZE
      case 0x63: { // GLOBAL
        const module = this.line(cur);
        const name = this.line(cur);
        this.push(this.global(module, name, { offset, opcode: 'GLOBAL' }));
        return;
      }
      case 0x93: { // STACK_GLOBAL
        const name = this.pop();
        const module = this.pop();
        const at = { offset, opcode: 'STACK_GLOBAL' };
        if (typeof module === 'string' && typeof name === 'string') this.push(this.global(module, name, at));
        else {
          this.host.anomaly('pickle/unresolved-call', 'STACK_GLOBAL operands are not constant strings', at);
          this.push(UNKNOWN);
        }
        return;
      }
      case 0x69: { // INST
        const module = this.line(cur);
        const name = this.line(cur);
        const args = this.popMark();
        const at = { offset, opcode: 'INST' };
        this.push(this.host.call(this.global(module, name, at), args, at));
        return;
      }
      case 0x6f: { // OBJ
        const items = this.popMark();
        if (items.length === 0) throw new PickleError('OBJ without a class');
        this.push(this.host.call(items[0]!, items.slice(1), { offset, opcode: 'OBJ' }));
        return;
      }
      case 0x52: { // REDUCE
        const args = this.pop();
        const callee = this.pop();
        this.push(this.host.call(callee, tupleItems(args), { offset, opcode: 'REDUCE' }));
        return;
      }
      case 0x81: { // NEWOBJ: cls.__new__(cls, *args)
        const args = this.pop();
        const cls = this.pop();
        this.push(this.host.call(cls, tupleItems(args), { offset, opcode: 'NEWOBJ' }));
        return;
      }
      case 0x92: { // NEWOBJ_EX
        const kwargs = this.pop();
        const args = this.pop();
        const cls = this.pop();
        this.push(this.host.call(cls, tupleItems(args), { offset, opcode: 'NEWOBJ_EX' }, kwargs));
        return;
      }
      case 0x62: { // BUILD: calls inst.__setstate__(state) when the class defines it
        const state = this.pop();
        this.host.build(this.top(), state, { offset, opcode: 'BUILD' }, cur, this);
        return;
      }
      case 0x50: case 0x51: { // PERSID, BINPERSID
        const pid = op === 0x50 ? this.line(cur) : this.pop();
        this.host.anomaly('pickle/persistent-id', 'persistent id resolved by the loader', { offset, opcode: opcodeName(op) });
        void pid;
        this.push({ t: 'persistent' });
        return;
      }
      case 0x82: case 0x83: case 0x84: { // EXT1/2/4
        const code = op === 0x82 ? cur.u8() : op === 0x83 ? cur.u16() : cur.i32();
        this.host.anomaly('pickle/extension-code', `extension code ${code} resolves a global from the copyreg registry`, { offset, opcode: opcodeName(op) });
        this.push(UNKNOWN);
        return;
      }
      case 0x80: { // PROTO
        const p = cur.u8();
        if (p > HIGHEST_PROTOCOL) throw new PickleError(`unsupported pickle protocol: ${p}`);
        this.protocol = p;
        return;
      }
      case 0x95: { // FRAME
        const n = cur.u64();
        if (this.frameEnd >= 0 && offset < this.frameEnd) this.frameMismatch(offset, 'a new FRAME starts before the current one ends');
        if (n > cur.remaining) this.frameMismatch(offset, `FRAME of ${n} bytes is longer than the ${cur.remaining} bytes left`);
        this.frameEnd = Number.isFinite(n) ? cur.pos + n : -1;
        return;
      }
      default:
        throw new PickleError(`invalid opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }
}

function tupleItems(v: Value): Value[] {
  if (v !== null && typeof v === 'object' && v.t === 'tuple') return v.items;
  return [v];
}
