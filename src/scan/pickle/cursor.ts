import type { ByteSource } from '../source.ts';

/** Thrown when a stream ends inside an opcode: the caller turns it into a broken-stream finding. */
export class TruncatedError extends Error {}

const WINDOW = 1 << 20;
/**
 * The first window after a start or a jump. It doubles up to WINDOW on each refill, so a dense pickle is
 * soon read in 1 MB blocks, while a reading that stops early (joblib's file read as `pickle.load` reads it,
 * which breaks in the first array's bytes) or jumps on (over joblib's arrays) reads 64 KB, not 1 MB of data
 * it never looks at.
 */
const FIRST_WINDOW = 1 << 16;

/**
 * A forward reader over a source with a sliding window, so dense pickles are read in large blocks and
 * huge BINBYTES payloads are skipped without touching their bytes.
 */
export class Cursor {
  // The window is public so the pickle machine's hot loop can read it with integer offsets; only the
  // cursor moves it (fill/seek), and readers advance `i`.
  buf: Uint8Array = new Uint8Array(0);
  view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** Source offset of buf[0]. */
  base = 0;
  /** Index of the next byte in buf. */
  i = 0;
  readonly size: number;
  private window = FIRST_WINDOW;

  constructor(
    private readonly source: ByteSource,
    start = 0,
  ) {
    this.size = source.size;
    this.base = start;
  }

  get pos(): number {
    return this.base + this.i;
  }

  get remaining(): number {
    return this.size - this.pos;
  }

  seek(pos: number): void {
    if (pos >= this.base && pos <= this.base + this.buf.length) this.i = pos - this.base;
    else {
      this.base = pos;
      this.window = FIRST_WINDOW;
      this.buf = new Uint8Array(0);
      this.view = new DataView(this.buf.buffer);
      this.i = 0;
    }
  }

  private fill(n: number): void {
    const pos = this.pos;
    if (pos + n > this.size) throw new TruncatedError(`needs ${n} bytes at ${pos}, ${this.size - pos} left`);
    this.buf = this.source.read(pos, Math.max(n, this.window));
    this.window = Math.min(this.window * 2, WINDOW);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.base = pos;
    this.i = 0;
  }

  u8(): number {
    if (this.i >= this.buf.length) this.fill(1);
    return this.buf[this.i++]!;
  }

  /** `n` bytes as a view (valid until the next read). */
  bytes(n: number): Uint8Array {
    if (this.i + n > this.buf.length) this.fill(n);
    const out = this.buf.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }

  skip(n: number): void {
    if (n > this.remaining) throw new TruncatedError(`skip of ${n} bytes at ${this.pos} passes the end`);
    this.seek(this.pos + n);
  }

  // Fixed-width reads go straight to the window's DataView: no allocation on the hot path.
  u16(): number {
    if (this.i + 2 > this.buf.length) this.fill(2);
    const v = this.view.getUint16(this.i, true);
    this.i += 2;
    return v;
  }

  u32(): number {
    if (this.i + 4 > this.buf.length) this.fill(4);
    const v = this.view.getUint32(this.i, true);
    this.i += 4;
    return v;
  }

  i32(): number {
    if (this.i + 4 > this.buf.length) this.fill(4);
    const v = this.view.getInt32(this.i, true);
    this.i += 4;
    return v;
  }

  /** Unsigned 64-bit little-endian; values above 2^53 become Infinity so length checks fail safely. */
  u64(): number {
    const lo = this.u32();
    const hi = this.u32();
    return hi >= 0x200000 ? Infinity : hi * 0x100000000 + lo;
  }

  f64be(): number {
    if (this.i + 8 > this.buf.length) this.fill(8);
    const v = this.view.getFloat64(this.i, false);
    this.i += 8;
    return v;
  }

  /** `n` bytes as a string (latin-1, or UTF-8 when `utf8`), decoded in place. */
  text(n: number, utf8: boolean): string {
    if (this.i + n > this.buf.length) this.fill(n);
    const b = this.buf;
    const start = this.i;
    this.i += n;
    if (n <= 32) {
      let s = '';
      for (let k = start; k < start + n; k++) {
        const c = b[k]!;
        if (c >= 0x80 && utf8) return decoder.decode(b.subarray(start, start + n));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return utf8 ? decoder.decode(b.subarray(start, start + n)) : latin1(b, start, start + n);
  }

  /** A protocol-0 text argument up to `\n` (excluded), at most `max` bytes. */
  line(max: number): string | undefined {
    let s = '';
    for (;;) {
      if (this.i >= this.buf.length) {
        if (this.remaining <= 0) throw new TruncatedError(`line at ${this.pos} never ends`);
        this.fill(1);
      }
      const start = this.i;
      const nl = this.buf.indexOf(10, start);
      const end = nl < 0 ? this.buf.length : nl;
      s += latin1(this.buf, start, end);
      this.i = nl < 0 ? end : end + 1;
      if (s.length > max) return undefined;
      if (nl >= 0) return s;
    }
  }
}

export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let k = start; k < end; k += 8192) s += String.fromCharCode(...b.subarray(k, Math.min(end, k + 8192)));
  return s;
}

const decoder = new TextDecoder('utf-8', { fatal: false });
export function decodeUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}
