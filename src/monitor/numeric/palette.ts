/** The most distinct numbers a palette holds: a code is one byte. */
export const MAX_CODES = 256;

/** Slots of a palette's table: four per code at most, so probe runs stay short; 2 KB. */
const SLOTS = 1024;
/** A number's first slot: the top 10 bits of a multiplicative hash of its 1/65536ths. */
const SHIFT = 22;
/** The longest probe run walked: past it (numbers far below 1/65536, all on one slot) a set gives the palette up. */
const MAX_PROBES = 32;
let decoding = new Float64Array(64);

/**
 * The distinct numbers of point sets' rows, each with a one-byte code, while there are at most 256 of them: pixels
 * (0–255, k/255, 8×8 digits' k/16) take a few dozen. A row of codes is a quarter of a 32-bit row's bytes (64 features:
 * one cache line, not four) and `values[code]` is the number stored, so every distance is the same to the bit. Codes
 * are only ever added, so sets sharing a palette keep theirs valid while it grows.
 *
 * Numbers are found by value in an open-addressing table: one multiply and, on the usual hit, one probe a feature
 * (~1 ns more than copying the number into 32 bits). −0 takes 0's code, or 0 −0's: every distance and projection is
 * the same with either (x − 0 and x − (−0) differ at most in a zero's sign, squared away; a projection's sums start at
 * +0, and +0 + −0 is +0). NaN, equal to nothing, is not coded: its set gives the palette up.
 */
export class Palette {
  /** The numbers, code for code (`size` used). */
  readonly values = new Float64Array(MAX_CODES);
  size = 0;
  /** Per code, 1 if its number is exactly a float32 (rows of such codes widen to 32 bits, else 64). */
  private readonly single = new Uint8Array(MAX_CODES);
  /** Per slot, a code + 1 (0: an empty slot). */
  private readonly table = new Uint16Array(SLOTS);

  /** Bytes of the typed arrays held. */
  bytes(): number {
    return this.values.byteLength + this.single.byteLength + this.table.byteLength;
  }

  /**
   * Writes x's codes into `to` from `at` on; false, the codes unfinished, at a number the palette cannot code (a 257th
   * distinct one, NaN, one past the longest probe run), which is not added: the caller widens its rows for good.
   */
  encode(x: Float64Array, to: Uint8Array, at: number): boolean {
    const n = x.length;
    const table = this.table;
    const values = this.values;
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      let s = Math.imul((v * 65536) | 0, 0x9e3779b1) >>> SHIFT;
      for (let probes = 0; ; ) {
        const c = table[s] as number;
        if (c !== 0 && values[c - 1] === v) {
          to[at + i] = c - 1;
          break;
        }
        if (c === 0) {
          if (this.size === MAX_CODES || v !== v) return false;
          to[at + i] = this.add(v, s);
          break;
        }
        if (++probes > MAX_PROBES) return false;
        s = (s + 1) & (SLOTS - 1);
      }
    }
    return true;
  }

  /** A new code for v, in the table's empty slot s. */
  private add(v: number, s: number): number {
    const code = this.size++;
    this.values[code] = v;
    this.single[code] = Math.fround(v) === v ? 1 : 0;
    this.table[s] = code + 1;
    return code;
  }

  /** The rows of `codes` as numbers: 32 bits if each of the first `used` codes' is a float32 (the same numbers), else 64. */
  decode(codes: Uint8Array, used: number): Float32Array | Float64Array {
    let single = true;
    for (let i = 0; i < used && single; i++) single = this.single[codes[i] as number] === 1;
    const rows = single ? new Float32Array(codes.length) : new Float64Array(codes.length);
    const values = this.values;
    for (let i = 0; i < codes.length; i++) rows[i] = values[codes[i] as number] as number;
    return rows;
  }

  /** The row of `codes` at `at` (n numbers) as numbers, for a projection (in a buffer the next call reuses). */
  row(codes: Uint8Array, at: number, n: number): Float64Array {
    if (decoding.length !== n) decoding = new Float64Array(n);
    const to = decoding;
    const values = this.values;
    for (let i = 0; i < n; i++) to[i] = values[codes[at + i] as number] as number;
    return to;
  }
}

/**
 * Squared distance from x to the coded row at `o`, or any value above `bound` once it is known to exceed it: the
 * same sums as PointSet's distance over number rows (four running sums decide, the feature-order sum answers), with
 * each stored number read as `values[code]`, so the same result to the bit.
 */
export function codedDistance2(x: Float64Array, codes: Uint8Array, values: Float64Array, o: number, bound: number): number {
  const n = x.length;
  if (bound === Infinity) return codedOrdered(x, codes, values, o);
  const limit = bound * (1 + n * 1e-15);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const d0 = (x[i] as number) - (values[codes[o + i] as number] as number);
    const d1 = (x[i + 1] as number) - (values[codes[o + i + 1] as number] as number);
    const d2 = (x[i + 2] as number) - (values[codes[o + i + 2] as number] as number);
    const d3 = (x[i + 3] as number) - (values[codes[o + i + 3] as number] as number);
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
    if ((i & 12) === 12 && s0 + s1 + s2 + s3 > limit) return s0 + s1 + s2 + s3;
  }
  for (; i < n; i++) {
    const d = (x[i] as number) - (values[codes[o + i] as number] as number);
    s0 += d * d;
  }
  if (s0 + s1 + s2 + s3 > limit) return s0 + s1 + s2 + s3;
  return codedOrdered(x, codes, values, o);
}

/** Squared distance from x to the coded row at `o`, summed in feature order. */
function codedOrdered(x: Float64Array, codes: Uint8Array, values: Float64Array, o: number): number {
  let s = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (values[codes[o + i] as number] as number);
    s += d * d;
  }
  return s;
}
