import { Cursor, TruncatedError } from './cursor.ts';
import { bufferSource } from '../source.ts';
import { LimitError, PickleError, stackLimit, type MachineHost, type MachineLimits, type StreamEnd, type StreamResult } from './machine-types.ts';
import { MachineState } from './machine-state.ts';
import { HIGHEST_PROTOCOL, isOpcode, opcodeName } from './opcodes.ts';
import { decodeIntLine, decodeLongBytes, decodeLongLine, decodeRawUnicodeEscape, decodeStringRepr, shortText } from './text-args.ts';
import { FORGOTTEN, UNKNOWN, tupleItems } from './values.ts';

/**
 * A symbolic pickle virtual machine: it walks one stream opcode by opcode exactly as CPython's unpickler
 * reads it (Lib/pickletools.py is the specification), keeps a symbolic stack and memo (machine-state.ts),
 * and reports imports, calls and anomalies to its host (machine-types.ts). It never executes anything.
 * The opcode dispatch stays one switch in one hot loop, which V8 optimises as a unit.
 */
/** The fast path needs this many bytes in the window for any fixed-size opcode. */
const FAST = 16;

export class Machine extends MachineState {
  constructor(host: MachineHost, limits: MachineLimits) {
    super(host, limits);
    if (!warm) warmUp();
  }

  /** Runs one stream from the cursor's position to STOP, the end of input, or the first error. */
  run(cur: Cursor): StreamResult {
    const first = cur.remaining > 0 ? cur.bytes(1)[0]! : -1;
    if (first < 0 || !isOpcode(first)) return { end: 'not-pickle', offset: cur.pos, ops: 0, protocol: 0 };
    cur.seek(cur.pos - 1);
    let opAt = cur.pos;
    const stack = this.stack;
    const marks = this.marks;
    const maxStack = this.limits.maxStack;
    const deadline = this.limits.deadline;
    try {
      for (;;) {
        // The fast path reads the cursor's window with integer offsets for the opcodes that make up
        // dense pickles; anything else (and the last bytes of a window) goes through step() and the
        // cursor's checked reads. Either way each opcode is read exactly as the unpickler reads it.
        const buf = cur.buf;
        let i = cur.i;
        opAt = cur.base + i;
        if (this.frameEnd >= 0 && opAt >= this.frameEnd) this.leaveFrame(opAt);
        if ((++this.ops & 0xffff) === 0 && Date.now() > deadline) throw new LimitError('time limit reached');
        if (i + FAST > buf.length) {
          const op = cur.u8();
          if (op === 0x2e) return this.stop(cur, op);
          this.step(op, opAt, cur);
          if (this.frameEnd >= 0 && cur.pos > this.frameEnd) this.checkFrameAt(cur.pos, op);
          continue;
        }
        const op = buf[i++]!;
        switch (op) {
          case 0x4b: // BININT1
            if (stack.length >= maxStack) throw stackLimit(maxStack);
            stack.push(buf[i++]!);
            break;
          case 0x4d: // BININT2
            if (stack.length >= maxStack) throw stackLimit(maxStack);
            stack.push(buf[i]! | (buf[i + 1]! << 8));
            i += 2;
            break;
          case 0x4a: // BININT
            if (stack.length >= maxStack) throw stackLimit(maxStack);
            stack.push(buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
            i += 4;
            break;
          case 0x47: // BINFLOAT
            if (stack.length >= maxStack) throw stackLimit(maxStack);
            stack.push(cur.view.getFloat64(i, false));
            i += 8;
            break;
          case 0x4e: // NONE
            if (stack.length >= maxStack) throw stackLimit(maxStack);
            stack.push(null);
            break;
          case 0x88: case 0x89: // NEWTRUE, NEWFALSE
            if (stack.length >= maxStack) throw stackLimit(maxStack);
            stack.push(op === 0x88);
            break;
          case 0x8c: { // SHORT_BINUNICODE
            const n = buf[i]!;
            if (i + 1 + n > buf.length) {
              cur.i = i;
              this.step(op, opAt, cur);
              i = cur.i;
              break;
            }
            if (stack.length >= maxStack) throw stackLimit(maxStack);
            stack.push(shortText(buf, i + 1, n));
            i += 1 + n;
            break;
          }
          case 0x28: // MARK
            if (marks.length >= maxStack) throw new LimitError('too many MARKs');
            marks.push(stack.length);
            break;
          case 0x94: // MEMOIZE
            this.memoPut(this.memo.size, this.top());
            break;
          case 0x71: // BINPUT
            this.memoPut(buf[i++]!, this.top());
            break;
          case 0x72: // LONG_BINPUT
            this.memoPut((buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)) >>> 0, this.top());
            i += 4;
            break;
          case 0x68: // BINGET
            this.push(this.memoGet(buf[i++]!));
            break;
          case 0x6a: // LONG_BINGET
            this.push(this.memoGet((buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)) >>> 0));
            i += 4;
            break;
          case 0x65: // APPENDS
            this.addMarked('APPENDS', opAt, false);
            break;
          case 0x75: // SETITEMS
            this.addMarked('SETITEMS', opAt, true);
            break;
          case 0x2e: // STOP
            cur.i = i;
            return this.stop(cur, op);
          default:
            cur.i = i;
            this.step(op, opAt, cur);
            i = cur.i;
            // step() may have moved the window (long arguments, FRAME, joblib arrays).
            if (cur.buf !== buf) {
              if (this.frameEnd >= 0 && cur.pos > this.frameEnd) this.checkFrameAt(cur.pos, op);
              continue;
            }
        }
        cur.i = i;
        if (this.frameEnd >= 0 && cur.base + i > this.frameEnd) this.checkFrameAt(cur.base + i, op);
      }
    } catch (e) {
      const end: StreamEnd = e instanceof TruncatedError ? 'truncated' : e instanceof LimitError ? 'limit' : 'error';
      if (!(e instanceof TruncatedError || e instanceof LimitError || e instanceof PickleError || e instanceof RangeError)) throw e;
      return { end, offset: opAt, message: e.message, ops: this.ops, protocol: this.protocol };
    }
  }

  private stop(cur: Cursor, op: number): StreamResult {
    this.checkFrameAt(cur.pos, op);
    return { end: 'stop', offset: cur.pos, ops: this.ops, protocol: this.protocol, result: this.stack[this.stack.length - 1] };
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
      case 0x94: this.memoPut(this.memo.size, this.top()); return; // MEMOIZE
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
        else if (module === FORGOTTEN || name === FORGOTTEN) {
          this.notRetained(at, 'a STACK_GLOBAL operand');
          this.push(UNKNOWN);
        } else {
          this.host.computedImport(module, name, at);
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

let warm = false;

/**
 * Runs the machine once over a tiny pickle that takes every branch of the fast path (and the window-end
 * and error paths), so the first real scan is compiled with complete type feedback instead of being
 * deoptimised each time a dense pickle first reaches a new branch. Costs well under a millisecond.
 */
function warmUp(): void {
  warm = true;
  const host: MachineHost = { import: () => undefined, call: () => null, build: () => undefined, mutate: () => undefined, anomaly: () => undefined, computedImport: () => undefined };
  const limits = { maxStack: 1000, maxMemo: 1000, maxMemoBytes: 64, deadline: Infinity };
  const body = [0x5d, 0x94, 0x28, 0x4b, 1, 0x4d, 1, 2, 0x4a, 1, 2, 3, 4, 0x47, 0x40, 9, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, 0x4e, 0x88, 0x89,
    0x8c, 1, 0x61, 0x94, 0x71, 9, 0x72, 10, 0, 0, 0, 0x68, 9, 0x6a, 10, 0, 0, 0, 0x8c, 3, 0xc3, 0xa9, 0x78, 0x65, 0x7d, 0x28, 0x8c, 1, 0x6b, 0x4b, 1, 0x75, 0x30];
  const frame = [0x95, body.length, 0, 0, 0, 0, 0, 0, 0, ...body];
  const stream = [0x80, 4, ...frame, 0x2e];
  const runs = [[...stream, ...new Array<number>(FAST * 2).fill(0x4e)], stream, [0x80, 4, ...body, 0x68, 200]];
  for (let k = 0; k < 3; k++) {
    for (const bytes of runs) new Machine(host, limits).run(new Cursor(bufferSource(Uint8Array.from(bytes))));
  }
}
