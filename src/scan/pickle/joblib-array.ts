import type { Cursor } from './cursor.ts';
import { Machine } from './machine.ts';
import type { At } from './machine-types.ts';
import type { PickleHost } from './host.ts';
import type { Value } from './values.ts';
import { dtypeFromString, type DtypeInfo } from '../containers/npy-dtype.ts';

/**
 * joblib writes each NumPy array's bytes straight into the pickle file right after the BUILD of its
 * NumpyArrayWrapper (joblib/numpy_pickle.py: an alignment byte + padding, then the raw data; object
 * arrays as a nested pickle stream). The unpickler reads them from the same file, so the scanner must
 * step over exactly those bytes, or scan the nested stream, to keep reading opcodes where joblib does.
 */
/** Returns whether raw (non-object) array bytes were stepped over. */
export function skipJoblibArray(state: Value, cur: Cursor, outer: Machine, host: PickleHost, at: At): boolean {
  outer.resetFrame();
  const fields = dictFields(state);
  const shape = fields.get('shape');
  const dtype = fields.get('dtype');
  const info = joblibDtype(dtype);
  if (info === undefined) {
    host.anomaly('pickle/broken-stream', 'joblib array wrapper without a dtype NumPy would build; the data after it cannot be located', at);
    cur.seek(cur.size);
    return false;
  }
  if (info.hasObject) {
    // Object arrays are pickled in place with their own stream (and run their own globals).
    const inner = new Machine(host, outer.limits);
    const result = inner.run(cur);
    if (result.end !== 'stop') host.anomaly('pickle/broken-stream', `nested object-array pickle ended: ${result.message ?? result.end}`, { offset: result.offset, opcode: 'BUILD' });
    return false;
  }
  const count = shapeCount(shape);
  const itemsize = info.itemsize;
  if (count === undefined) {
    host.anomaly('pickle/broken-stream', `joblib array of dtype ${dtypeString(dtype)} has no readable shape`, at);
    cur.seek(cur.size);
    return false;
  }
  if (fields.has('numpy_array_alignment_bytes') && fields.get('numpy_array_alignment_bytes') !== null) {
    const padding = cur.u8();
    cur.skip(padding);
  }
  const bytes = count * itemsize;
  if (!Number.isFinite(bytes) || bytes > cur.remaining) {
    host.anomaly('pickle/broken-stream', `joblib array claims ${bytes} bytes but only ${cur.remaining} remain`, at);
    cur.seek(cur.size);
    return false;
  }
  cur.skip(bytes);
  return true;
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

/** The BUILD state numpy pickles after each `numpy.dtype(...)` call: flags and item size live there. */
const dtypeStates = new WeakMap<object, Value>();

export function noteDtypeState(target: Value, state: Value): void {
  if (target !== null && typeof target === 'object') dtypeStates.set(target, state);
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

/**
 * `numpy.dtype(descr, align, copy)` then BUILD `(version, byteorder, subarray, names, fields, elsize,
 * alignment, flags[, metadata])`. NumPy 2.4 trusts the state: `hasobject` is exactly bit 0 of `flags`
 * (a structured dtype with an object field and flags 0 has none; `V16` with flags 63 has one), and a
 * flexible kind (V, S, U) takes its item size from `elsize`. Undefined (fail closed) when the state is
 * not one NumPy reads.
 */
export function joblibDtype(dtype: Value | undefined): DtypeInfo | undefined {
  const descr = dtypeString(dtype);
  const base = descr === undefined ? undefined : dtypeFromString(descr);
  if (!base || descr === undefined) return undefined;
  const state = dtypeStates.get(dtype as object);
  if (state === undefined) return base;
  if (state === null || typeof state !== 'object' || state.t !== 'tuple' || state.items.length !== state.n || state.n < 8) return undefined;
  const elsize = state.items[5];
  const flags = state.items[7];
  if (typeof flags !== 'number' || typeof elsize !== 'number') return undefined;
  const flexible = /^[<>|=]?[VSUa]/.test(descr);
  return { itemsize: flexible && elsize > 0 ? elsize : base.itemsize, hasObject: (flags & 1) === 1 };
}
