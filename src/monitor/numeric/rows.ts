// Helpers of PointSet (nearest.ts) over its rows, kept apart so that nearest.ts stays under 400 lines.

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
export function prefetch(data: Uint8Array | Float32Array | Float64Array, stride: number, order: Int32Array, m: number): void {
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

/** Squared distance from x to the row of `b` at `o`, summed in feature order. */
export function ordered(x: Float64Array, b: Float32Array | Float64Array, o: number): number {
  let s = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (b[o + i] as number);
    s += d * d;
  }
  return s;
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
