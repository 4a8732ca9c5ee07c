import type { PyLiteral } from './py-literal.ts';

/**
 * NumPy dtypes as `numpy.lib.format.descr_to_dtype` and `numpy.dtype(str)` build them, reduced to what
 * decides where the next bytes are read: the item size, and whether the dtype holds Python objects
 * (`hasobject`: then `np.load(allow_pickle=True)` and joblib unpickle the data instead of copying it).
 * Checked against NumPy 2.4 (`npy-dtype.test.ts`). Undefined means NumPy would refuse the dtype.
 */
export interface DtypeInfo {
  itemsize: number;
  hasObject: boolean;
}

const CHAR_SIZE: Record<string, number> = {
  b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, p: 8, P: 8, n: 8, N: 8,
  e: 2, f: 4, d: 8, g: 16, F: 8, D: 16, G: 32, '?': 1, O: 8, M: 8, m: 8, S: 0, a: 0, U: 0, V: 0, T: 16,
};

/** Sizes a kind accepts after it (`f8`, `i2`); the flexible kinds take any count. */
const SIZED: Record<string, readonly number[]> = {
  b: [1], i: [1, 2, 4, 8], u: [1, 2, 4, 8], f: [2, 4, 8, 16], c: [8, 16, 32], O: [4, 8], M: [8], m: [8],
};

const NAMED: Record<string, number> = {
  bool: 1, bool_: 1, int8: 1, uint8: 1, byte: 1, ubyte: 1, int16: 2, uint16: 2, short: 2, ushort: 2,
  int32: 4, uint32: 4, intc: 4, uintc: 4, int64: 8, uint64: 8, int: 8, long: 8, ulong: 8, longlong: 8,
  ulonglong: 8, intp: 8, uintp: 8, float16: 2, half: 2, float32: 4, single: 4, float64: 8, float: 8,
  double: 8, float128: 16, longdouble: 16, complex64: 8, csingle: 8, complex128: 16, complex: 16,
  cdouble: 16, complex256: 32, clongdouble: 32, str: 0, str_: 0, unicode: 0, bytes: 0, bytes_: 0, void: 0,
  datetime64: 8, timedelta64: 8,
};

/** The dtype of an `.npy` header's `descr` (string, list of fields, or (descr, shape) tuple). */
export function descrToDtype(descr: PyLiteral, depth = 0): DtypeInfo | undefined {
  if (depth > 64) return undefined;
  if (descr.k === 'str') return dtypeFromString(descr.v);
  if (descr.k === 'tuple') {
    const [base, shape] = descr.items;
    const dt = base && descrToDtype(base, depth + 1);
    const n = shape && shapeCount(shape);
    return dt && n !== undefined && descr.items.length === 2 ? { itemsize: dt.itemsize * n, hasObject: dt.hasObject } : undefined;
  }
  if (descr.k !== 'list') return undefined;
  let itemsize = 0;
  let hasObject = false;
  for (const field of descr.items) {
    if ((field.k !== 'tuple' && field.k !== 'list') || (field.items.length !== 2 && field.items.length !== 3)) return undefined;
    let dt = descrToDtype(field.items[1]!, depth + 1);
    if (dt && field.items.length === 3) {
      const n = shapeCount(field.items[2]!);
      dt = n === undefined ? undefined : { itemsize: dt.itemsize * n, hasObject: dt.hasObject };
    }
    if (!dt) return undefined;
    itemsize += dt.itemsize;
    hasObject ||= dt.hasObject;
  }
  return { itemsize, hasObject };
}

/** Element count of a shape: an int or a tuple of non-negative ints (numpy accepts both for subarrays). */
export function shapeCount(shape: PyLiteral): number | undefined {
  if (shape.k === 'int') return shape.v >= 0n ? Number(shape.v) : undefined;
  if (shape.k !== 'tuple') return undefined;
  let n = 1;
  for (const d of shape.items) {
    if (d.k !== 'int' || d.v < 0n) return undefined;
    n *= Number(d.v);
  }
  return n;
}

/** `numpy.dtype(text)`: one type, or comma-separated fields (`'i4,O'`, `'(2,3)f8, O'`). */
export function dtypeFromString(text: string): DtypeInfo | undefined {
  if (text.includes(',')) {
    let itemsize = 0;
    let hasObject = false;
    for (const part of splitFields(text)) {
      const dt = fieldFromString(part.trim());
      if (!dt) return undefined;
      itemsize += dt.itemsize;
      hasObject ||= dt.hasObject;
    }
    return { itemsize, hasObject };
  }
  return /^[(\d]/.test(text) ? fieldFromString(text) : single(text);
}

/** Splits on commas outside parentheses (`(2,3)f8,i4`). */
function splitFields(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, k));
      start = k + 1;
    }
  }
  const last = text.slice(start);
  if (last.trim()) parts.push(last);
  return parts;
}

/** A comma-string field: an optional repeat `(2,3)` or `3` before the type. */
function fieldFromString(part: string): DtypeInfo | undefined {
  let count = 1;
  let rest = part;
  if (rest.startsWith('(')) {
    const close = rest.indexOf(')');
    if (close < 0) return undefined;
    for (const d of rest.slice(1, close).split(',')) {
      if (!d.trim()) continue;
      if (!/^\s*\d+\s*$/.test(d)) return undefined;
      count *= Number(d);
    }
    rest = rest.slice(close + 1);
  } else {
    let k = 0;
    while (k < rest.length && rest[k]! >= '0' && rest[k]! <= '9') k++;
    if (k > 0 && k < rest.length) {
      count = Number(rest.slice(0, k));
      rest = rest.slice(k);
    }
  }
  const dt = single(rest.trim());
  return dt && { itemsize: dt.itemsize * count, hasObject: dt.hasObject };
}

function single(text: string): DtypeInfo | undefined {
  if (text === 'object' || text === 'object_') return { itemsize: 8, hasObject: true };
  if (text in NAMED) return { itemsize: NAMED[text]!, hasObject: false };
  const unit = /^(datetime64|timedelta64)\[\w+\]$/.exec(text);
  if (unit) return { itemsize: 8, hasObject: false };
  let body = text;
  if ('<>=|'.includes(body[0] ?? 'x')) body = body.slice(1);
  if (/^[Mm]8?\[\w+\]$/.test(body)) return { itemsize: 8, hasObject: false };
  const kind = body[0];
  const digits = body.slice(1);
  if (kind === undefined || (digits && !/^\d+$/.test(digits))) return undefined;
  if (!digits) {
    if (!(kind in CHAR_SIZE)) return undefined;
    return { itemsize: CHAR_SIZE[kind]!, hasObject: kind === 'O' || kind === 'T' };
  }
  const n = Number(digits);
  if (kind === 'S' || kind === 'a' || kind === 'V') return { itemsize: n, hasObject: false };
  if (kind === 'U') return { itemsize: 4 * n, hasObject: false };
  if (kind === 'O' && SIZED.O!.includes(n)) return { itemsize: 8, hasObject: true };
  const sizes = SIZED[kind];
  if (!sizes || !sizes.includes(n)) return undefined;
  return { itemsize: n, hasObject: false };
}
