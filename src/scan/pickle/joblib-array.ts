import type { Cursor } from './cursor.ts';
import { Machine } from './machine.ts';
import type { At } from './machine-types.ts';
import type { PickleHost } from './host.ts';
import type { Value } from './values.ts';

/**
 * joblib writes each NumPy array's bytes straight into the pickle file right after the BUILD of its
 * NumpyArrayWrapper (joblib/numpy_pickle.py: an alignment byte + padding, then the raw data; object
 * arrays as a nested pickle stream). The unpickler reads them from the same file, so the scanner must
 * step over exactly those bytes, or scan the nested stream, to keep reading opcodes where joblib does.
 */
export function skipJoblibArray(state: Value, cur: Cursor, outer: Machine, host: PickleHost, at: At): void {
  outer.resetFrame();
  const fields = dictFields(state);
  const shape = fields.get('shape');
  const dtype = fields.get('dtype');
  const descr = dtypeString(dtype);
  if (descr === undefined) {
    host.anomaly('pickle/broken-stream', 'joblib array wrapper without a readable dtype; the data after it cannot be located', at);
    cur.seek(cur.size);
    return;
  }
  if (/^[<>|=]?O/.test(descr)) {
    // Object arrays are pickled in place with their own stream (and run their own globals).
    const inner = new Machine(host, outer.limits);
    const result = inner.run(cur);
    if (result.end !== 'stop') host.anomaly('pickle/broken-stream', `nested object-array pickle ended: ${result.message ?? result.end}`, { offset: result.offset, opcode: 'BUILD' });
    return;
  }
  const count = shapeCount(shape);
  const itemsize = itemSize(descr, dtype);
  if (count === undefined || itemsize === undefined) {
    host.anomaly('pickle/broken-stream', `joblib array of dtype ${descr} has no readable shape`, at);
    cur.seek(cur.size);
    return;
  }
  if (fields.has('numpy_array_alignment_bytes') && fields.get('numpy_array_alignment_bytes') !== null) {
    const padding = cur.u8();
    cur.skip(padding);
  }
  const bytes = count * itemsize;
  if (!Number.isFinite(bytes) || bytes > cur.remaining) {
    host.anomaly('pickle/broken-stream', `joblib array claims ${bytes} bytes but only ${cur.remaining} remain`, at);
    cur.seek(cur.size);
    return;
  }
  cur.skip(bytes);
}

function dictFields(v: Value): Map<string, Value> {
  const out = new Map<string, Value>();
  if (v !== null && typeof v === 'object' && v.t === 'dict') {
    for (let k = 0; k + 1 < v.items.length; k += 2) {
      const key = v.items[k];
      if (typeof key === 'string') out.set(key, v.items[k + 1]!);
    }
  }
  return out;
}

function dtypeString(v: Value | undefined): string | undefined {
  if (v !== null && typeof v === 'object' && v.t === 'call' && typeof v.args[0] === 'string') return v.args[0];
  return undefined;
}

function shapeCount(v: Value | undefined): number | undefined {
  if (v === null || typeof v !== 'object' || v.t !== 'tuple' || v.items.length !== v.n) return undefined;
  let n = 1;
  for (const d of v.items) {
    if (typeof d !== 'number' || d < 0) return undefined;
    n *= d;
  }
  return n;
}

function itemSize(descr: string, dtype: Value | undefined): number | undefined {
  const m = /^[<>|=]?([a-zA-Z?])(\d*)/.exec(descr);
  if (!m) return undefined;
  const kind = m[1]!;
  const digits = m[2] ? Number(m[2]) : undefined;
  if (kind === '?') return 1;
  if (kind === 'U') return 4 * (digits ?? 0);
  if (/[bBhHiIlLqQefdgFDGp]/.test(kind) && !digits) return { b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, e: 2, f: 4, d: 8, g: 16, F: 8, D: 16, G: 32, p: 8 }[kind];
  if (digits !== undefined) return digits;
  // Flexible types (`V`, `S`) carry their size in the BUILD state of the dtype: not tracked, so fail closed.
  void dtype;
  return undefined;
}
