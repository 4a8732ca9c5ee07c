import { dataError } from './data-error.ts';

/** The parsed header of a NumPy .npy array. */
export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset of the data. */
  dataOffset: number;
}

export interface NpyDtype {
  kind: 'f' | 'i' | 'u' | 'b';
  bytes: number;
  littleEndian: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Parse the header of a .npy file (format versions 1–3): a Python dict literal with `descr`, `fortran_order`
 * and `shape`. Only numeric and boolean dtypes are accepted; object arrays are refused, never unpickled.
 */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) throw dataError(file, 'not a NumPy .npy file (no \\x93NUMPY magic)');
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [lengthBytes, headerLength] = major === 1 ? [2, view.getUint16(8, true)] : [4, bytes.length >= 12 ? view.getUint32(8, true) : Number.NaN];
  const start = 8 + lengthBytes;
  if (!Number.isFinite(headerLength) || start + headerLength > bytes.length) throw dataError(file, 'the .npy header is truncated');
  const text = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw dataError(file, `unreadable .npy header: ${text.trim().slice(0, 80)}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) throw dataError(file, `bad .npy shape (${shapeText})`);
  return { dtype: dtypeOf(descr, file), shape, fortranOrder: fortran === 'True', dataOffset: start + headerLength };
}

function dtypeOf(descr: string, file: string): NpyDtype {
  const match = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  const bytes = Number(match?.[3]);
  const kind = match?.[2] as NpyDtype['kind'] | undefined;
  const ok = kind === 'f' ? bytes === 4 || bytes === 8 : kind === 'b' ? bytes === 1 : [1, 2, 4, 8].includes(bytes);
  if (!match || !kind || !ok) throw dataError(file, `unsupported .npy dtype '${descr}'`, {}, 'save numeric features as float32/float64 or integers (object arrays are never loaded)');
  return { kind, bytes, littleEndian: match[1] !== '>' };
}

/** Element `i` of a raw array in `dtype`, as a number. */
export function readElement(view: DataView, offset: number, dtype: NpyDtype): number {
  const le = dtype.littleEndian;
  switch (dtype.kind) {
    case 'f':
      return dtype.bytes === 4 ? view.getFloat32(offset, le) : view.getFloat64(offset, le);
    case 'b':
      return view.getUint8(offset) === 0 ? 0 : 1;
    case 'i':
      return dtype.bytes === 1 ? view.getInt8(offset) : dtype.bytes === 2 ? view.getInt16(offset, le) : dtype.bytes === 4 ? view.getInt32(offset, le) : Number(view.getBigInt64(offset, le));
    case 'u':
      return dtype.bytes === 1 ? view.getUint8(offset) : dtype.bytes === 2 ? view.getUint16(offset, le) : dtype.bytes === 4 ? view.getUint32(offset, le) : Number(view.getBigUint64(offset, le));
  }
}
