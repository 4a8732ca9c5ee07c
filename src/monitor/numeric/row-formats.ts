/**
 * How PointSet holds its rows: in bytes while every number is a whole number of one power-of-two unit from 0 to 255
 * (pixels on a grid of 1/16 or 1/256: the unit times the byte is the number, exactly), else in 32 bits while every number
 * is exactly a float32, else in 64 bits. Each narrower format holds the same numbers, to the last bit, so every distance
 * is the same as from 64-bit rows.
 */
export type Rows = Uint8Array | Float32Array | Float64Array;

/**
 * The unit (2⁻ˢ, s from 0 to 8) that makes every number of x a whole number of units from 0 to 255, the coarsest that
 * does; 0 when none does. −0 does not fit (a byte would give it back as +0).
 */
export function byteUnit(x: Float64Array): number {
  for (let s = 0; s <= 8; s++) {
    const scale = 2 ** s;
    let i = 0;
    while (i < x.length && fitsByte((x[i] as number) * scale)) i++;
    if (i === x.length) return 1 / scale;
  }
  return 0;
}

/** Whether q is a whole number from 0 to 255 (+0, not −0; not NaN). */
export function fitsByte(q: number): boolean {
  return q >= 0 && q <= 255 && Math.floor(q) === q && (q > 0 || 1 / q > 0);
}

/**
 * Copies x into `to` from `at` on, as whole numbers of `unit` (a power of two: x·(1/unit) and the byte·unit are exact);
 * false, and the copy unfinished, at the first number that is not one from 0 to 255.
 */
export function copyBytes(x: Float64Array, to: Uint8Array, at: number, unit: number): boolean {
  const scale = 1 / unit;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const q = (x[i] as number) * scale;
    if (!fitsByte(q)) return false;
    to[at + i] = q;
  }
  return true;
}

/**
 * Every byte times `factor` (a power of two) if each product is still a byte, for rows counted in a unit `factor` times
 * finer; false, changing nothing, if one is not.
 */
export function finer(bytes: Uint8Array, factor: number): boolean {
  let largest = 0;
  for (let i = 0; i < bytes.length; i++) largest = Math.max(largest, bytes[i] as number);
  if (largest * factor > 255) return false;
  if (factor !== 1) for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] as number) * factor;
  return true;
}

/** Copies x into `to` from `at` on; false, and the copy unfinished, at the first number a float32 does not hold exactly. */
export function copySingle(x: Float64Array, to: Float32Array, at: number): boolean {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (Math.fround(v) !== v) return false;
    to[at + i] = v;
  }
  return true;
}

/** Byte rows as 32-bit ones, each number as it was (a byte times a power of two from 2⁻⁸ on is a float32). */
export function fromBytes(bytes: Uint8Array, unit: number): Float32Array {
  const rows = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) rows[i] = (bytes[i] as number) * unit;
  return rows;
}

/** Empty rows of the same format as `like`, room for `length` numbers. */
export function sameFormat(like: Rows, length: number): Rows {
  if (like instanceof Uint8Array) return new Uint8Array(length);
  return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** Where `prefetch` leaves its sum, read by nothing: loads whose value went nowhere could be left out by the compiler. */
let _touched = 0;

/**
 * Reads one number in every cache line of the rows of the first `m` slots in `order` before any is measured. A row
 * whose distance is measured is seldom in cache (200 clients' sets are megabytes; each search reads one client's):
 * measured one after another, each distance began with a wait for memory that the next one's could not overlap, as
 * a distance is more instructions than the processor looks ahead. These loads do not wait on each other, so the rows
 * arrive together, the same answers: 0.87× the CPU of extraction and membership probing together in one run (two trees
 * fed alternately in one process), no difference beyond the machine's swing in another (a load of 7–8 on 2 cores).
 */
export function prefetch(data: Rows, stride: number, order: Int32Array, m: number): void {
  // Numbers per 64-byte line.
  const line = 64 / data.BYTES_PER_ELEMENT;
  let t = 0;
  for (let c = 0; c < m; c++) {
    const o = (order[c] as number) * stride;
    for (let f = 0; f < stride; f += line) t += data[o + f] as number;
    t += data[o + stride - 1] as number;
  }
  _touched += t;
}
