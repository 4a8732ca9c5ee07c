import { deflateSync } from 'node:zlib';
import { dumps, Ops, py } from '../pickle-writer.ts';
import { MARKER, type RedTeamCase } from '../red-team/types.ts';

/**
 * What `joblib.load` still reads from joblib < 0.10: the `ZF` compressed dump (`load_compatibility`: a
 * 21-byte header, then a zlib stream it unpickles), and `NDArrayWrapper`, whose BUILD makes
 * `NumpyUnpickler.load_build` call `np.load(os.path.join(folder, filename), allow_pickle=True)` — an
 * unpickling of whatever file the state names.
 */
export function joblibZfile(pickle: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(`ZF${`0x${pickle.length.toString(16)}`.padEnd(19)}`, 'latin1'), deflateSync(pickle)]);
}

/** `NDArrayWrapper.__new__` then BUILD with the state joblib 0.9 pickled: filename, subclass, allow_mmap. */
function ndArrayWrapper(filename: string, module = 'joblib.numpy_pickle'): Uint8Array {
  return new Ops().proto(2).global(module, 'NDArrayWrapper').emptyTuple().newobj()
    .emptyDict().mark().str('filename').str(filename).str('subclass').global('numpy', 'ndarray').str('allow_mmap').op(0x88).setitems()
    .build().stop().bytes();
}

const evil = dumps(py.reduce(py.global('os', 'system'), py.tuple(MARKER)), 2);
const model = dumps(py.dict({ coef_: [0.5, -1.25], intercept_: py.float(0.1), n_features_in_: 2 }), 2);

export function joblibCases(): RedTeamCase[] {
  return [
    { name: 'zfile-payload', kind: 'joblib', file: 'model.dat', bytes: joblibZfile(evil), expect: 'dangerous', how: 'joblib.load → load_compatibility → zlib → pickle' },
    { name: 'zfile-honest', kind: 'joblib', file: 'model.dat', bytes: joblibZfile(model), expect: 'clean', how: 'an honest joblib 0.9 compressed dump' },
    { name: 'ndarraywrapper-absolute', kind: 'joblib', file: 'model.pkl', bytes: ndArrayWrapper('/srv/uploads/evil.npy'), expect: 'dangerous', how: 'np.load(allow_pickle=True) of a file anywhere on disk' },
    { name: 'ndarraywrapper-parent', kind: 'joblib', file: 'model.pkl', bytes: ndArrayWrapper('../other-model/evil.npy'), expect: 'dangerous', how: 'np.load(allow_pickle=True) of a file outside the model folder' },
    { name: 'ndarraywrapper-beside', kind: 'joblib', file: 'model.pkl', bytes: ndArrayWrapper('model.pkl_01.npy'), expect: 'clean', how: 'joblib 0.9 wrote each array to a file beside the pickle (scanned as a file of its own)' },
  ];
}
