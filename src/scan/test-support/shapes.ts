import { deflateSync } from 'node:zlib';
import { dumps, py, type Py, type PyReduce } from './pickle-writer.ts';
import { zip, type ZipMember } from './zip-writer.ts';

/**
 * Real-world model file shapes, written the way torch.save, joblib, NumPy and scikit-learn write them,
 * so tests can check the scanner is not trigger-happy — and so payloads can be planted inside them.
 */
const OrderedDict = py.global('collections', 'OrderedDict');

export function float32(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)`. */
export function torchTensor(key: string, shape: number[]): PyReduce {
  const numel = shape.reduce((a, b) => a * b, 1);
  const stride = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const storage = py.persid(py.tuple('storage', py.global('torch', 'FloatStorage'), key, 'cpu', numel));
  return py.reduce(py.global('torch._utils', '_rebuild_tensor_v2'), py.tuple(storage, 0, py.tuple(...shape), py.tuple(...stride), false, py.reduce(OrderedDict, py.tuple())));
}

export function stateDict(layers: [string, number[]][]): PyReduce {
  return py.reduce(OrderedDict, py.tuple(), { dictitems: layers.map(([name, shape], k) => [name, torchTensor(String(k), shape)]) });
}

/** A `torch.save` zip: `<root>/data.pkl`, `<root>/data/<key>` storages, version and byteorder records. */
export function torchZip(pickle: Uint8Array, storages: Uint8Array[], options: { root?: string; pickleName?: string; extra?: ZipMember[]; mutate?: (m: ZipMember) => ZipMember } = {}): Uint8Array {
  const root = options.root ?? 'archive';
  const members: ZipMember[] = [
    { name: `${root}/${options.pickleName ?? 'data.pkl'}`, data: pickle },
    { name: `${root}/byteorder`, data: Buffer.from('little') },
    ...storages.map((data, k) => ({ name: `${root}/data/${k}`, data })),
    { name: `${root}/version`, data: Buffer.from('3\n') },
    { name: `${root}/.data/serialization_id`, data: Buffer.from('1234567890') },
    ...(options.extra ?? []),
  ];
  return zip(options.mutate ? members.map(options.mutate) : members);
}

export function benignTorchZip(): Uint8Array {
  const sd = stateDict([['fc.weight', [2, 2]], ['fc.bias', [2]]]);
  return torchZip(dumps(sd, 2), [float32([1, 2, 3, 4]), float32([0.5, -0.5])]);
}

/** Legacy (pre-1.6) torch.save: magic, protocol, sys info, object, storage keys, then raw storages. */
export function torchLegacy(object: Py): Uint8Array {
  const parts = [
    dumps(0x1950a86a20f9469cfc6cn, 2),
    dumps(1001, 2),
    dumps(py.dict({ protocol_version: 1001, little_endian: true, type_sizes: py.dict({ short: 2, int: 4, long: 4 }) }), 2),
    dumps(object, 2),
    dumps(['0', '1'], 2),
    new Uint8Array(Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from(float32([1, 2, 3, 4]))])),
  ];
  return Buffer.concat(parts);
}

/** `numpy.core.multiarray._reconstruct(ndarray, (0,), b'b')` + BUILD, as ndarray.__reduce__ writes it. */
export function numpyArray(values: number[]): PyReduce {
  const dtype = py.reduce(py.global('numpy', 'dtype'), py.tuple('f4', false, true), { state: py.tuple(3, '<', null, null, null, -1, -1, 0) });
  return py.reduce(py.global('numpy.core.multiarray', '_reconstruct'), py.tuple(py.global('numpy', 'ndarray'), py.tuple(0), new Uint8Array([98])), {
    state: py.tuple(1, py.tuple(values.length), dtype, false, float32(values)),
  });
}

/** A fitted scikit-learn LogisticRegression as pickle.dumps writes it (NEWOBJ + BUILD state). */
export function sklearnModel(): Py {
  return py.reduce(py.global('sklearn.linear_model._logistic', 'LogisticRegression'), py.tuple(), {
    newobj: true,
    state: py.dict({ C: py.float(1), penalty: 'l2', coef_: numpyArray([0.1, -0.2, 0.3]), intercept_: numpyArray([0.05]), classes_: numpyArray([0, 1]), _sklearn_version: '1.5.0' }),
  });
}

export function npy(descr: string, shape: number[], data: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const h = Buffer.alloc(10);
  Buffer.from('\x93NUMPY', 'latin1').copy(h);
  h[6] = 1;
  h.writeUInt16LE(header.length, 8);
  return Buffer.concat([h, Buffer.from(header, 'latin1'), data]);
}

/**
 * joblib.dump: the pickle holds a NumpyArrayWrapper per array; its raw bytes follow the wrapper's BUILD
 * in the same file (one alignment-length byte, padding, then the data), with framing committed first.
 */
export function joblibDump(arrays: number[][], extra: Py = null): Uint8Array {
  // dict {'model': extra, 'arrays': [wrapper, …]}; each wrapper's data follows its BUILD.
  const chunks: Uint8Array[] = [];
  let pos = 0;
  const emit = (b: Uint8Array): void => {
    chunks.push(b);
    pos += b.length;
  };
  // Pieces are dumped separately without PROTO and STOP; each restarts memo indices, which is harmless
  // because no piece reads another's memo.
  const body = (v: Py): Uint8Array => {
    const d = dumps(v, 2);
    return d.subarray(2, d.length - 1);
  };
  emit(Uint8Array.from([0x80, 0x02, 0x7d, 0x28])); // PROTO 2, EMPTY_DICT, MARK
  emit(body('model'));
  emit(body(extra));
  emit(body('arrays'));
  emit(Uint8Array.from([0x5d, 0x28])); // EMPTY_LIST, MARK
  for (const values of arrays) {
    emit(body(py.reduce(py.global('joblib.numpy_pickle', 'NumpyArrayWrapper'), py.tuple(), {
      newobj: true,
      state: py.dict({
        subclass: py.global('numpy', 'ndarray'), shape: py.tuple(values.length), order: 'C',
        dtype: py.reduce(py.global('numpy', 'dtype'), py.tuple('f4', false, true), { state: py.tuple(3, '<', null, null, null, -1, -1, 0) }),
        allow_mmap: false, numpy_array_alignment_bytes: 16,
      }),
    })));
    const padding = 16 - ((pos + 1) % 16);
    emit(Uint8Array.from([padding, ...new Array<number>(padding).fill(0xff)]));
    emit(float32(values));
  }
  emit(Uint8Array.from([0x65, 0x75, 0x2e])); // APPENDS, SETITEMS, STOP
  return Buffer.concat(chunks);
}

export function zlibCompress(b: Uint8Array): Uint8Array {
  return new Uint8Array(deflateSync(b));
}
