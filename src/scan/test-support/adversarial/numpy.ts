import { dumps, py } from '../pickle-writer.ts';
import { zip } from '../zip-writer.ts';
import { benignPickle, bytes, evilPickle, MARKER, type AdversarialCase } from './types.ts';

/** An .npy file with a header written verbatim (any quoting, dtype spelling or padding). */
export function npyRaw(header: string, data: Uint8Array, version = 1): Uint8Array {
  const lenBytes = version === 1 ? 2 : 4;
  const total = 8 + lenBytes + header.length + 1;
  const text = header + ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const len = Buffer.alloc(lenBytes);
  if (version === 1) len.writeUInt16LE(text.length);
  else len.writeUInt32LE(text.length);
  return bytes('\x93NUMPY', [version, 0], len, Buffer.from(text, version === 3 ? 'utf8' : 'latin1'), data);
}

/**
 * joblib.dump of one float64 array as joblib 1.x writes it, with `descr` spelled as the attacker likes.
 * NumPy reads shape × 8 bytes after the wrapper's BUILD; a reader that takes `'float64'` for 4-byte items
 * stops in the middle, where a BINBYTES swallows the payload that NumPy's reader then runs.
 */
export function joblibFloat64(payload: Uint8Array | undefined, descr = 'float64'): Uint8Array {
  const head = Buffer.from(dumps(py.reduce(py.global('joblib.numpy_pickle', 'NumpyArrayWrapper'), py.tuple(), {
    newobj: true,
    state: py.dict({
      subclass: py.global('numpy', 'ndarray'), shape: py.tuple(2), order: 'C',
      dtype: py.reduce(py.global('numpy', 'dtype'), py.tuple(descr, false, true), { state: py.tuple(3, '<', null, null, null, -1, -1, 0) }),
      allow_mmap: false, numpy_array_alignment_bytes: 16,
    }),
  }), 2));
  const body = head.subarray(0, head.length - 1); // without STOP
  const padding = 16 - ((body.length + 1) % 16);
  const tail = payload ? bytes('0', payload) : bytes('.');
  // Bytes 8..15 of the array: to a 4-byte reader, BINBYTES over the payload, then POP and STOP.
  const data = bytes(new Uint8Array(8), 'B', [3 + tail.length, 0, 0, 0], [0, 0, 0]);
  return bytes(body, [padding], new Uint8Array(padding).fill(0xff), data, tail, '0.');
}

export function numpyCases(): AdversarialCase[] {
  const obj = (header: string, version = 1) => (p: Uint8Array): Uint8Array => npyRaw(header, p, version);
  const pair = (name: string, make: (p: Uint8Array) => Uint8Array, loader: AdversarialCase['loader'] = { how: 'np.load' }): AdversarialCase =>
    ({ name, kind: 'numpy', loader, hostile: make(evilPickle(2)), benign: make(benignPickle(2)) });
  const evilTail = dumps(py.reduce(py.global('os', 'system'), py.tuple(MARKER)), 2);
  return [
    pair('npy: descr "object", double-quoted keys', obj('{"descr": "object", "fortran_order": False, "shape": (1,)}')),
    pair('npy: structured dtype with an object field', obj("{'descr': [('a', '<i4'), ('b', '|O')], 'fortran_order': False, 'shape': (1,)}")),
    pair('npy: comma-string dtype with an object field', obj("{'descr': 'i4,O', 'fortran_order': False, 'shape': (1,)}")),
    pair('npy: subarray of objects', obj("{'descr': ('O', (2,)), 'fortran_order': False, 'shape': (1,)}")),
    pair('npy: descr spelled with escapes and implicit concatenation', obj("{'descr': '\\x4f' '', 'fortran_order': False, 'shape': (1,)}")),
    pair('npy: version 3 header, object dtype after a comment', obj("{'descr': # dtype\n '|O', 'fortran_order': False, 'shape': (1,)}", 3)),
    pair('npy: 1 MB header (allow_pickle lifts the header cap)', obj(`{'descr': '|O', 'fortran_order': False, 'shape': (${'1,'.repeat(500_000)})}`, 2)),
    pair('npy: bytes after the array, read by a second pickle.load', (p) => npyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", bytes(new Uint8Array(8), p)), { how: 'np.load then pickle.load' }),
    pair('npz: object member', (p) => zip([{ name: 'arr.npy', data: npyRaw("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", p) }]), { how: 'np.load', key: 'arr' }),
    { name: "joblib: 'float64' dtype string (8-byte items)", kind: 'numpy', loader: { how: 'joblib.load' }, hostile: joblibFloat64(evilTail), benign: joblibFloat64(undefined) },
  ];
}
