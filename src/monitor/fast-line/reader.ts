import { keptRow, transientRow } from '../extract.ts';
import { longNumber, POW10, releaseOpen, scanned, scanNumber, scanString, skipSpace, skipValue, type Bytes } from './json-scan.ts';
import type { PathNode } from './wanted.ts';

/**
 * One pass over the line `b[start..end)`, which must be a JSON object (and `b[end]` a 0): where the plan's paths go,
 * keys are matched and values noted on their nodes (positions in `b`); input rows (and the answer's score rows) are
 * converted as they are read; everything else is only validated. False sends the line to JSON.parse: not JSON, not
 * an object, not ASCII, an escaped or repeated key on a path (JSON.parse keeps the last), or a top-level `attributes`.
 */
export function readLine(b: Bytes, start: number, end: number, root: PathNode, stamp: number): boolean {
  let i = skipSpace(b, start);
  if (b[i] !== 123) return false;
  i = object(b, i, root, stamp);
  return i >= 0 && skipSpace(b, i) === end;
}

const encoder = new TextEncoder();
let bytes: Bytes = Buffer.alloc(4096);

/**
 * Back to the usual sizes after an outsized line: the buffers grow to fit the longest line read (8 MB of bytes, 16 MB of
 * numbers and a deep line's stack for one line near the 4 MB limit), which a long-running `--follow` would otherwise
 * hold for good. Called once the line's events are made (nothing reads these buffers after).
 */
export function releaseBuffers(): void {
  if (bytes.length > 4096) bytes = Buffer.alloc(4096);
  if (row.numbers.length > 256) row.numbers = new Float64Array(256);
  releaseOpen();
}

/**
 * A line given as text as bytes (from 0, a 0 after them), or undefined if it is not all ASCII (its bytes would not be
 * its characters one for one). A byte is read ~2× faster than charCodeAt reads a character of a line sliced from a
 * larger string; the copy costs ~0.1 µs. Valid until the next line given as text.
 */
export function bytesOf(s: string): Bytes | undefined {
  if (s.length + 2 > bytes.length) bytes = Buffer.alloc(2 ** Math.ceil(Math.log2(s.length + 2)));
  const { read, written } = encoder.encodeInto(s, bytes);
  if (read !== s.length || written !== s.length) return undefined;
  bytes[written] = 0;
  return bytes;
}

/** The scratch buffer of lines given as text (tests see it shrink back). */
export function scratchBytes(): Bytes {
  return bytes;
}

function object(b: Bytes, i: number, node: PathNode, stamp: number): number {
  i = skipSpace(b, i + 1);
  if (b[i] === 125) return i + 1;
  for (;;) {
    if (b[i] !== 34) return -1;
    const from = i + 1;
    i = scanString(b, i);
    // "\u0072equest" is "request": a key with an escape may be any wanted key.
    if (i < 0 || scanned.escaped) return -1;
    const candidates = node.byLength[i - 1 - from];
    let child: PathNode | undefined;
    if (candidates !== undefined) for (const c of candidates) if (sameKey(b, from, c.codes)) child = c;
    i = skipSpace(b, i);
    if (b[i] !== 58) return -1;
    i = skipSpace(b, i + 1);
    if (child === undefined) i = skipValue(b, i);
    else {
      if (child.bail || child.seen === stamp) return -1;
      child.seen = stamp;
      i = value(b, i, child, stamp);
    }
    if (i < 0) return -1;
    i = skipSpace(b, i);
    const c = b[i] as number;
    if (c === 125) return i + 1;
    if (c !== 44) return -1;
    i = skipSpace(b, i + 1);
  }
}

/** Whether the key at `from` is `codes`: startsWith cost ~0.1 µs a key on a line sliced from a larger string. */
function sameKey(b: Bytes, from: number, codes: readonly number[]): boolean {
  for (let k = 0; k < codes.length; k++) if (b[from + k] !== codes[k]) return false;
  return true;
}

function array(b: Bytes, i: number, node: PathNode, stamp: number): number {
  i = skipSpace(b, i + 1);
  if (b[i] === 93) return i + 1;
  for (let k = 0; ; k++) {
    let child: PathNode | undefined;
    for (const c of node.children) if (c.index === k) child = c;
    if (child === undefined) i = skipValue(b, i);
    else {
      child.seen = stamp;
      i = value(b, i, child, stamp);
    }
    if (i < 0) return -1;
    i = skipSpace(b, i);
    const c = b[i] as number;
    if (c === 93) return i + 1;
    if (c !== 44) return -1;
    i = skipSpace(b, i + 1);
  }
}

/** The value at `i` of a wanted path: noted on its node, walked further where paths go on. */
function value(b: Bytes, i: number, node: PathNode, stamp: number): number {
  const c = b[i] as number;
  const start = i;
  node.rows = undefined;
  if (c === 34) i = scanString(b, i);
  else if (c === 45 || (c >= 48 && c <= 57)) i = scanNumber(b, i);
  else if (node.children.length > 0 && c === 123) i = object(b, i, node, stamp);
  else if (node.children.length > 0 && c === 91) i = array(b, i, node, stamp);
  else if (c === 91 && node.direct !== undefined && (node.direct === 'answer' || firstInput(node, stamp))) {
    const rows: (Float64Array | undefined)[] = [];
    i = readRows(b, i, rows, node.direct === 'input' ? undefined : node.scoreRows);
    if (i === SHAPE) i = skipValue(b, start);
    else node.rows = rows;
  } else if (c === 123 && node.direct !== undefined && (node.direct === 'answer' || firstInput(node, stamp))) {
    const rows: (Float64Array | undefined)[] = [];
    i = readTensor(b, i, rows, node.direct === 'input' ? undefined : node.scoreRows);
    if (i === SHAPE) i = skipValue(b, start);
    else node.rows = rows;
  } else i = skipValue(b, i);
  if (i < 0) return -1;
  node.stamp = stamp;
  node.kind = c;
  node.start = start;
  node.end = i;
  node.number = scanned.number;
  node.escaped = scanned.escaped;
  return i;
}

/** Whether no earlier alternative of the input was found on this line: only the first found is read into the buffers. */
function firstInput(node: PathNode, stamp: number): boolean {
  for (const earlier of node.earlierInputs) if (earlier.stamp === stamp && earlier.kind !== 110) return false;
  return true;
}

/** Not an error: a value of a shape readRows leaves to extract.ts (strings for numbers, tensors, ragged nesting). */
const SHAPE = -2;

/**
 * A matrix (`[[…], …]`, one row per inner array) or a vector (`[…]`, one row) of JSON numbers, as extract.ts's
 * `rowsOf` reads it: a row with a non-finite number or none is undefined, a vector with one gives no row. Input rows
 * go to extract.ts's reused buffers (`scores` undefined), score rows to the node's own. SHAPE for anything but numbers
 * in this form.
 */
function readRows(b: Bytes, i: number, rows: (Float64Array | undefined)[], scores: Float64Array[] | undefined): number {
  i = skipSpace(b, i + 1);
  if (b[i] === 93) return i + 1;
  const matrix = b[i] === 91;
  if (!matrix) {
    if (scores) return SHAPE;
    i = readRow(b, i, keptRow(0) ?? row.numbers);
    if (i >= 0 && row.length > 0 && row.finite) rows.push(reused(0, scores));
    return i;
  }
  for (let r = 0; ; r++) {
    if (b[i] !== 91) return SHAPE;
    i = readRow(b, skipSpace(b, i + 1), (scores ? scores[r] : keptRow(r)) ?? row.numbers);
    if (i < 0) return i;
    rows.push(row.length > 0 && row.finite ? reused(r, scores) : undefined);
    i = skipSpace(b, i);
    const c = b[i] as number;
    if (c === 93) return i + 1;
    if (c !== 44) return -1;
    i = skipSpace(b, i + 1);
  }
}

/**
 * A KServe v2 (Open Inference Protocol) tensor, `{"name": …, "shape": [rows, …], "datatype": …, "data": [flat]}`, as
 * extract.ts's `rowsOf` reads it: `shape[0]` rows when the shape has two dimensions or more, else one, each a slice of
 * `data`; for an answer (`scores` given) only a tensor of two dimensions or more with more than one score a row (a
 * one-score row's label is its score there). SHAPE for anything else — nested or non-number data, a shape that does not
 * divide the data, a repeated key (JSON.parse keeps the last) — which extract.ts reads or reports. Through JSON.parse a
 * 28×28 image's line took ~0.8 ms (mostly `data.flat(3)`); here its numbers are converted as it is scanned.
 */
function readTensor(b: Bytes, i: number, rows: (Float64Array | undefined)[], scores: Float64Array[] | undefined): number {
  let data = -1;
  let dims = -1;
  let first = 0;
  i = skipSpace(b, i + 1);
  if (b[i] === 125) return SHAPE;
  for (;;) {
    if (b[i] !== 34) return -1;
    const from = i + 1;
    i = scanString(b, i);
    if (i < 0 || scanned.escaped) return i < 0 ? -1 : SHAPE;
    const key = i - 1 - from === 4 ? (sameKey(b, from, DATA) ? 1 : sameKey(b, from, SHAPE_KEY) ? 2 : 0) : i - 1 - from === 5 && sameKey(b, from, SHAPE_KEY) ? 2 : 0;
    i = skipSpace(b, i);
    if (b[i] !== 58) return -1;
    i = skipSpace(b, i + 1);
    if (key === 1) {
      if (data >= 0 || b[i] !== 91) return SHAPE;
      i = readRow(b, skipSpace(b, i + 1), row.numbers);
      data = row.length;
    } else if (key === 2) {
      if (dims >= 0 || b[i] !== 91) return SHAPE;
      i = shapeOf(b, i);
      if (i >= 0) ({ dims, first } = shape);
    } else i = skipValue(b, i);
    if (i < 0) return i;
    i = skipSpace(b, i);
    const c = b[i] as number;
    if (c === 125) break;
    if (c !== 44) return -1;
    i = skipSpace(b, i + 1);
  }
  if (data <= 0 || !row.finite || (scores && dims < 2)) return SHAPE;
  const count = dims > 1 ? first : 1;
  if (!(count > 0) || !Number.isInteger(count) || data % count !== 0) return SHAPE;
  const width = data / count;
  if (scores && width < 2) return SHAPE;
  const flat = row.out;
  for (let r = 0; r < count; r++) {
    const to = rowBuffer(r, width, scores);
    for (let k = 0; k < width; k++) to[k] = flat[r * width + k] as number;
    rows.push(to);
  }
  return i + 1;
}

const DATA = [100, 97, 116, 97];
const SHAPE_KEY = [115, 104, 97, 112, 101];
/** What shapeOf read: the number of dimensions and the first (NaN when it is not a JSON number). */
const shape = { dims: 0, first: 0 };

/** A tensor's `shape` from its `[`: how many values it lists, and the first as a number; the position after its `]`. */
function shapeOf(b: Bytes, i: number): number {
  shape.dims = 0;
  shape.first = Number.NaN;
  i = skipSpace(b, i + 1);
  if (b[i] === 93) return i + 1;
  for (;;) {
    const c = b[i] as number;
    if (shape.dims === 0 && (c === 45 || (c >= 48 && c <= 57))) {
      i = scanNumber(b, i);
      shape.first = scanned.number;
    } else i = skipValue(b, i);
    if (i < 0) return -1;
    shape.dims++;
    i = skipSpace(b, i);
    if (b[i] === 93) return i + 1;
    if (b[i] !== 44) return -1;
    i = skipSpace(b, i + 1);
  }
}

/** The buffer tensor row `r` of `width` numbers goes to: the input's reused one, or the answer's (kept while small). */
function rowBuffer(r: number, width: number, scores: Float64Array[] | undefined): Float64Array {
  if (!scores) return transientRow(r, width);
  const kept = scores[r];
  if (kept?.length === width) return kept;
  return r < 64 && width <= 256 ? (scores[r] = new Float64Array(width)) : new Float64Array(width);
}

/**
 * The numbers of the row readRow read last (`out`: the last line's buffer for the row, or the scratch `numbers` when
 * there was none or the row outgrew it), grown as rows need.
 */
const row: { numbers: Float64Array; out: Float64Array; length: number; finite: boolean } = { numbers: new Float64Array(256), out: new Float64Array(0), length: 0, finite: true };

/**
 * The row just read as the reused buffer of row `r`: where readRow wrote it in place (the usual line, as long as the
 * last), as it is; else copied into a buffer of its length. Copying every row from the scratch was ~5% of the
 * flooding run's CPU.
 */
function reused(r: number, scores: Float64Array[] | undefined): Float64Array {
  const from = row.out;
  const n = row.length;
  if (from !== row.numbers && from.length === n) return from;
  let to: Float64Array;
  if (!scores) to = transientRow(r, n);
  // Kept for the next line only while small: an outsized answer's rows (a 60 × 16,000 matrix) are not held for good.
  else if (r < 64 && n <= 256) to = scores[r] = new Float64Array(n);
  else to = new Float64Array(n);
  for (let k = 0; k < n; k++) to[k] = from[k] as number;
  return to;
}

/**
 * The numbers of a row from `i` (past its `[`) to its `]`, into `row`; the position after the `]`. The usual number
 * (-?int.frac, nine digits at most) is converted here without a call, as fast as a bare scan of its characters;
 * exponents and longer numbers (a score's 17 digits) go to scanNumber, which also checks their grammar.
 */
function readRow(b: Bytes, i: number, into: Float64Array): number {
  let out = into;
  let n = 0;
  let finite = true;
  let c = b[i] as number;
  if (c !== 93) {
    for (;;) {
      const start = i;
      const negative = c === 45;
      if (negative) c = b[++i] as number;
      // Nine digits at most in int32 arithmetic (a multiply-add per digit in doubles was a chain of ~8 cycles).
      let mantissa = 0;
      const first = i;
      if (c === 48) c = b[++i] as number;
      else if (c >= 49 && c <= 57) {
        do {
          mantissa = (mantissa * 10 + c - 48) | 0;
          c = b[++i] as number;
        } while (c >= 48 && c <= 57);
        // skipValue then tells a string or a nested array from what is not JSON at all.
      } else return negative ? -1 : SHAPE;
      let scale = 0;
      if (c === 46) {
        const dot = i;
        c = b[++i] as number;
        while (c >= 48 && c <= 57) {
          mantissa = (mantissa * 10 + c - 48) | 0;
          c = b[++i] as number;
        }
        scale = i - dot - 1;
        if (scale === 0) return -1;
      }
      // NaN: not decided here (no JSON number is NaN); scanNumber reads it from its start.
      let v = Number.NaN;
      if (c !== 101 && c !== 69) {
        if (i - first - (scale > 0 ? 1 : 0) <= 9) v = scale > 0 ? mantissa / (POW10[scale] as number) : mantissa;
        else v = longNumber(b, first, i, scale);
        if (negative) v = -v;
      }
      if (v !== v) {
        i = scanNumber(b, start);
        if (i < 0) return -1;
        v = scanned.number;
        if (!Number.isFinite(v)) finite = false;
        c = b[i] as number;
      }
      if (n === out.length) {
        const grown = new Float64Array(Math.max(n * 2, 256));
        grown.set(out);
        row.numbers = out = grown;
      }
      out[n++] = v;
      if (c === 44) {
        c = b[++i] as number;
        if (c <= 32) c = b[(i = skipSpace(b, i))] as number;
        continue;
      }
      if (c !== 93) {
        i = skipSpace(b, i);
        c = b[i] as number;
        if (c === 44) {
          c = b[(i = skipSpace(b, i + 1))] as number;
          continue;
        }
        if (c !== 93) return -1;
      }
      break;
    }
  }
  row.out = out;
  row.length = n;
  row.finite = finite;
  return i + 1;
}
