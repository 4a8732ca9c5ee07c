import { TruncatedError, latin1, type Cursor } from './cursor.ts';
import { LimitError, MEMO_BYTES, PickleError, type At, type MachineHost, type MachineLimits } from './machine-types.ts';
import { Memo } from './memo.ts';
import { decodeUtf8Fast } from './text-args.ts';
import { KEEP_BYTES, KEEP_ITEMS, KEEP_STRING, EXECUTED_FIELDS, carriesCode, container, extend, keep, type Container, type Global, type Value } from './values.ts';
import { opcodeName } from './opcodes.ts';

const MAX_LINE = 1 << 16;

/**
 * The pickle machine's state — symbolic stack, marks, memo, FRAME bounds — and the checked operations on
 * it that the unpickler performs. `Machine` (machine.ts) adds the opcode loop.
 */
export class MachineState {
  protected stack: Value[] = [];
  protected marks: number[] = [];
  protected readonly memo: Memo;
  protected frameEnd = -1;
  protected frameReported = false;
  protected forgottenReported = false;
  protocol = 0;
  ops = 0;

  constructor(
    protected readonly host: MachineHost,
    readonly limits: MachineLimits,
  ) {
    this.memo = new Memo(limits.maxMemo, limits.maxMemoBytes ?? MEMO_BYTES);
  }

  /** Raw bytes the loader reads outside the opcode stream (joblib arrays) end the current frame. */
  resetFrame(): void {
    this.frameEnd = -1;
  }

  protected leaveFrame(pos: number): void {
    if (pos > this.frameEnd) this.frameMismatch(pos, 'an opcode runs past the end of its FRAME');
    this.frameEnd = -1;
  }

  protected checkFrameAt(pos: number, op: number): void {
    if (this.frameEnd >= 0 && pos > this.frameEnd) this.frameMismatch(pos, `${opcodeName(op)} crosses the end of its FRAME`);
  }

  protected frameMismatch(pos: number, message: string): void {
    if (this.frameReported) return;
    this.frameReported = true;
    this.host.anomaly('pickle/frame-mismatch', `${message} (pickle.py refuses, _pickle reads on)`, { offset: pos, opcode: 'FRAME' });
  }

  protected push(v: Value): void {
    if (this.stack.length >= this.limits.maxStack) throw new LimitError(`stack exceeds ${this.limits.maxStack} items`);
    this.stack.push(v);
  }

  protected pop(): Value {
    const fence = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    if (this.stack.length <= fence) throw new PickleError('unpickling stack underflow');
    return this.stack.pop()!;
  }

  protected top(): Value {
    const fence = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    if (this.stack.length <= fence) throw new PickleError('unpickling stack underflow');
    return this.stack[this.stack.length - 1]!;
  }

  protected popMark(): Value[] {
    const k = this.marks.pop();
    if (k === undefined) throw new PickleError('could not find MARK');
    return this.stack.splice(k);
  }

  protected memoGet(k: number): Value {
    const v = this.memo.get(k);
    if (v === undefined) throw new PickleError(`memo key ${k} not found`);
    return v;
  }

  protected memoPut(k: number, v: Value): void {
    if (k < 0 || !Number.isFinite(k)) throw new PickleError('negative PUT argument');
    if (!this.memo.put(k, v)) throw new LimitError(`memo exceeds ${this.limits.maxMemo} kept entries`);
  }

  /** A memoized constant the memo did not keep reached a place where its value matters. */
  protected notRetained(at: At, what: string): void {
    if (this.forgottenReported) return;
    this.forgottenReported = true;
    this.host.anomaly('pickle/limit', `${what} comes from a memo entry not kept (memo budget of ${this.limits.maxMemoBytes ?? MEMO_BYTES} bytes reached)`, at);
  }

  protected readBytes(cur: Cursor, n: number): Value {
    if (!Number.isFinite(n) || n > cur.remaining) throw new TruncatedError(`bytes of length ${n} pass the end`);
    if (n > KEEP_BYTES) {
      const start = cur.pos;
      cur.skip(n);
      return { t: 'bytes', length: n, at: start };
    }
    const start = cur.pos;
    return { t: 'bytes', length: n, data: cur.bytes(n).slice(), at: start };
  }

  protected readText(cur: Cursor, n: number, latin: boolean): string {
    if (!Number.isFinite(n) || n > cur.remaining) throw new TruncatedError(`string of length ${n} passes the end`);
    if (n > KEEP_STRING) {
      const head = cur.bytes(KEEP_STRING);
      const s = latin ? latin1(head) : decodeUtf8Fast(head);
      cur.skip(n - KEEP_STRING);
      return `${s}…`;
    }
    return cur.text(n, !latin);
  }

  protected line(cur: Cursor): string {
    const s = cur.line(MAX_LINE);
    if (s === undefined) throw new PickleError('text argument too long');
    return s;
  }

  protected global(module: string, name: string, at: At): Global {
    const g: Global = { t: 'global', module, name, via: [] };
    this.host.import(g, at);
    return g;
  }

  protected collection(t: Container['t'], items: Value[]): Container {
    return container(t, items);
  }

  /**
   * APPENDS/SETITEMS/ADDITEMS without copying the batch: a plain container keeps a sample of the items in
   * place, so a 1000-item batch allocates nothing (dense pickles are mostly these).
   */
  protected addMarked(opcode: string, offset: number, pairs: boolean): void {
    const k = this.marks.pop();
    if (k === undefined) throw new PickleError('could not find MARK');
    const n = this.stack.length - k;
    if (pairs && n % 2) throw new PickleError(`odd number of items for ${opcode}`);
    const fence = this.marks.length ? this.marks[this.marks.length - 1]! : 0;
    if (k - 1 < fence) throw new PickleError('unpickling stack underflow');
    const target = this.stack[k - 1]!;
    if (target !== null && typeof target === 'object' && (target.t === 'list' || target.t === 'dict' || target.t === 'set')) {
      target.n += n;
      const dict = pairs && target.t === 'dict';
      for (let j = k; j < this.stack.length; j++) {
        const item = this.stack[j]!;
        const code = carriesCode(item);
        if (code) target.code = true;
        if (code || target.items.length < KEEP_ITEMS) keep(target, item);
        else if (dict && typeof item === 'string' && (j - k) % 2 === 0 && EXECUTED_FIELDS.has(item) && j + 1 < this.stack.length) {
          // A field a __setstate__ executes is kept past the sample, with its value (setstate.ts).
          const value = this.stack[++j]!;
          if (carriesCode(value)) target.code = true;
          target.items.push(item);
          keep(target, value);
        }
      }
      this.stack.length = k;
    } else {
      this.stack.length = k;
      this.host.mutate(target, { offset, opcode });
    }
  }

  protected addTo(target: Value, items: Value[], at: At): void {
    if (target !== null && typeof target === 'object' && (target.t === 'list' || target.t === 'dict' || target.t === 'set')) extend(target, items);
    else this.host.mutate(target, at);
  }
}
