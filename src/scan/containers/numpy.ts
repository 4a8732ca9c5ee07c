import { noteFormat, report, type ScanContext } from '../context.ts';
import { sliceSource, type ByteSource } from '../source.ts';
import { descrToDtype } from './npy-dtype.ts';
import { LiteralError, parsePyLiteral, type PyLiteral } from './py-literal.ts';

/**
 * Largest header read. `np.load(allow_pickle=True)` lifts NumPy's own 10 KB cap, so a hostile header can
 * be long: the parser is linear, and past this size the file is inconclusive rather than unread.
 */
const MAX_HEADER = 64 * 1024 * 1024;

/**
 * NumPy .npy: magic, version, a header that NumPy reads with `ast.literal_eval` — a dict with exactly
 * `descr`, `fortran_order` and `shape` — parsed here the same way (py-literal.ts), and the dtype built as
 * `descr_to_dtype` builds it. A dtype holding objects anywhere (`'O'`, `'object'`, `'T'`, a structured
 * field) stores the array as a pickle after the header, which `np.load(allow_pickle=True)` runs; other
 * dtypes have exactly shape × itemsize bytes, and what follows them is scanned as trailing data.
 */
export function scanNpy(source: ByteSource, ctx: ScanContext): void {
  noteFormat(ctx, 'npy');
  const head = source.read(0, 12);
  const major = head[6];
  if (head.length < 10 || major === undefined || major < 1 || major > 3) {
    report(ctx, 'format/malformed', `.npy version ${major ?? '?'} is not 1, 2 or 3`, { offset: 6 });
    return;
  }
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  const headerLen = major === 1 ? view.getUint16(8, true) : head.length >= 12 ? view.getUint32(8, true) : Infinity;
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLen > source.size) {
    report(ctx, 'format/malformed', `.npy header of ${headerLen} bytes runs past the file`, { offset: 8 });
    return;
  }
  if (headerLen > MAX_HEADER) {
    report(ctx, 'archive/bomb', `.npy header of ${headerLen} bytes is over the ${MAX_HEADER}-byte cap; not parsed`, { offset: 8 });
    return;
  }
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(source.read(headerStart, headerLen));
  const dataStart = headerStart + headerLen;
  const parsed = parseHeader(header, major, ctx.deadline);
  if (typeof parsed === 'string') {
    report(ctx, 'format/malformed', `.npy header is not one NumPy reads (${parsed}): ${header.slice(0, 120)}`, { offset: headerStart });
    return;
  }
  const { dtype, count } = parsed;
  if (dtype.hasObject) {
    report(ctx, 'numpy/object-array', `array whose dtype holds Python objects (${header.slice(0, 80).trim()}): np.load(allow_pickle=True) unpickles it`, { offset: dataStart });
    ctx.nested(sliceSource(source, dataStart, source.size - dataStart), `@${dataStart}:object-array`, 'pickle');
    return;
  }
  const expected = count * dtype.itemsize;
  const actual = source.size - dataStart;
  if (expected > actual) {
    report(ctx, 'format/malformed', `.npy data is ${actual} bytes, shape and dtype say ${expected}`, { offset: dataStart });
  } else if (expected < actual) {
    // np.load stops after the array; a reader that goes on from there (`pickle.load` on the same file
    // object) starts at the first byte after it, so that tail is scanned as a file of its own.
    const end = dataStart + expected;
    report(ctx, 'format/trailing-data', `.npy data is ${actual} bytes, shape and dtype say ${expected}; the ${actual - expected} bytes after the array were scanned`, { offset: end });
    ctx.nested(sliceSource(source, end, actual - expected), `@${end}:trailing`);
  }
}

type Header = { dtype: { itemsize: number; hasObject: boolean }; count: number };

/** NumPy's checks, in its order: a dict literal, exactly the three keys, a tuple of ints, a bool, a dtype. */
export function parseHeader(header: string, major: number, deadline?: number): Header | string {
  let d: PyLiteral;
  try {
    d = parsePyLiteral(header, { longSuffix: major <= 2, ...(deadline !== undefined ? { deadline } : {}) });
  } catch (e) {
    if (e instanceof LiteralError) return e.message;
    throw e;
  }
  if (d.k !== 'dict') return 'not a dict';
  const fields = new Map<string, PyLiteral>();
  for (const [key, value] of d.entries) {
    if (key.k !== 'str') return 'a key is not a string';
    fields.set(key.v, value); // a repeated key: the last one wins, as in Python
  }
  if (fields.size !== 3 || !fields.has('descr') || !fields.has('shape') || !fields.has('fortran_order')) return `keys ${[...fields.keys()].join(', ')}`;
  const shape = fields.get('shape')!;
  if (shape.k !== 'tuple' || shape.items.some((x) => x.k !== 'int' && x.k !== 'bool')) return 'shape is not a tuple of ints';
  if (fields.get('fortran_order')!.k !== 'bool') return 'fortran_order is not a bool';
  const dtype = descrToDtype(fields.get('descr')!);
  if (!dtype) return 'descr is not a dtype NumPy builds';
  let count = 1;
  for (const x of shape.items) count *= x.k === 'int' ? Number(x.v) : x.k === 'bool' && x.v ? 1 : 0;
  return { dtype, count };
}
