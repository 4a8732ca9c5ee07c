import { dumps, py, type Py } from '../pickle-writer.ts';
import { joblibDump } from '../shapes.ts';
import { MARKER, type RedTeamCase } from '../red-team/types.ts';

/**
 * joblib files read two ways. `joblib.load` steps over each NumpyArrayWrapper's raw bytes; `pickle.load`
 * (and `pd.read_pickle`, and anyone who takes a `.pkl` for a plain pickle) reads the same bytes as opcodes,
 * so array data can be a payload that only the plain reading runs. And joblib recognises its wrappers by
 * `isinstance` after BUILD, however the instance was made: `copyreg._reconstructor(cls, object, None)`
 * makes one without naming the class as the callee.
 */
const enc = new TextEncoder();
const evilP0 = (tail: string) => enc.encode(`cos\nsystem\n(S'${MARKER}'\ntR${tail}`);

/** The wrapper state joblib pickles for a float64 array of `n` items (no alignment key: joblib < 0.12). */
const wrapperState = (n: number, extra: Record<string, Py> = {}): Py => py.dict({
  subclass: py.global('numpy', 'ndarray'), shape: py.tuple(n), order: 'C',
  dtype: py.reduce(py.global('numpy', 'dtype'), py.tuple('f8', false, true), { state: py.tuple(3, '<', null, null, null, -1, -1, 0) }),
  allow_mmap: false, ...extra,
});

/** A protocol-2 pickle of `wrapper` without its STOP, so raw array bytes can follow its BUILD. */
function open(wrapper: Py): Uint8Array {
  const d = dumps(wrapper, 2);
  return d.subarray(0, d.length - 1);
}

const newobjWrapper = (cls: string, state: Py): Py => py.reduce(py.global('joblib.numpy_pickle', cls), py.tuple(), { newobj: true, state });
/** `copy_reg._reconstructor(cls, object, None)` then BUILD: what protocol 0–1 pickles write for an instance. */
const reconstructed = (cls: string, state: Py): Py => py.reduce(py.global('copy_reg', '_reconstructor'), py.tuple(py.global('joblib.numpy_pickle', cls), py.global('__builtin__', 'object'), null), { state });

/** The payload as the array's data: whole float64s to joblib, `os.system(…)` then POP (and NONE, POP) to pickle.load. */
function arrayDataPayload(): Uint8Array {
  let payload: Uint8Array = Buffer.from(`cos\nsystem\nS'${MARKER}'\n\x85R0`, 'latin1');
  while (payload.length % 8) payload = Buffer.concat([payload, enc.encode('N0')]);
  return Buffer.concat([open(newobjWrapper('NumpyArrayWrapper', wrapperState(payload.length / 8))), payload, enc.encode('.')]);
}

/** Honest float64 data after the same wrapper (what joblib < 0.12 wrote). */
function arrayDataHonest(): Uint8Array {
  const data = Buffer.alloc(40);
  [0.5, -1.25, 3, 1e-3, 42].forEach((v, k) => data.writeDoubleLE(v, k * 8));
  return Buffer.concat([open(newobjWrapper('NumpyArrayWrapper', wrapperState(5))), data, enc.encode('.')]);
}

/**
 * A wrapper made by `_reconstructor`: joblib skips its one float64 (8 bytes) and then runs `os.system`; a
 * reader that does not know it is a wrapper reads the 8 bytes as BINBYTES swallowing that call.
 */
function reconstructedArrayWrapper(): Uint8Array {
  const hidden = evilP0('0');
  const data = Buffer.concat([Buffer.from([0x42]), Buffer.from(Uint32Array.of(3 + hidden.length).buffer), Buffer.from('NNN')]);
  return Buffer.concat([open(reconstructed('NumpyArrayWrapper', wrapperState(1))), data, hidden, enc.encode('.')]);
}

function reconstructedNdArrayWrapper(filename: string): Uint8Array {
  return dumps(reconstructed('NDArrayWrapper', py.dict({ filename, subclass: py.global('numpy', 'ndarray'), allow_mmap: false })), 2);
}

export function joblibCases(): RedTeamCase[] {
  const hostile = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'joblib', file: `${name}.pkl`, bytes, expect: 'dangerous', how });
  const honest = (name: string, bytes: Uint8Array, how: string): RedTeamCase => ({ name, kind: 'joblib', file: `${name}.pkl`, bytes, expect: 'clean', how });
  return [
    hostile('array-data-runs-under-pickle-load', arrayDataPayload(), 'joblib.load reads 5 float64s; pickle.load reads the same 40 bytes as os.system(…) (ran under CPython 3.11 with a stub joblib.numpy_pickle)'),
    hostile('array-wrapper-made-by-reconstructor', reconstructedArrayWrapper(), 'joblib steps over the array of a wrapper made by copyreg._reconstructor, then runs the os.system a BINBYTES hid'),
    hostile('ndarraywrapper-made-by-reconstructor', reconstructedNdArrayWrapper('/srv/uploads/evil.npy'), 'np.load(allow_pickle=True) of a file anywhere, the wrapper made by copyreg._reconstructor'),
    honest('array-data-honest', arrayDataHonest(), 'float64 data after a wrapper without the alignment key (joblib < 0.12)'),
    honest('joblib-dump-honest', joblibDump([[0.5, -1.25, 3], [7, 8]], py.dict({ n_features_in_: 3 })), 'joblib 1.x: alignment byte, padding, float32 data'),
    honest('ndarraywrapper-made-by-reconstructor-beside', reconstructedNdArrayWrapper('model.pkl_01.npy'), 'joblib 0.9 as protocol 0–1 wrote it: the array file beside the pickle'),
  ];
}
