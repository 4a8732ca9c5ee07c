import { noteFormat, report, type ScanContext } from '../context.ts';
import { sliceSource, type ByteSource } from '../source.ts';

/**
 * NumPy .npy: magic, version, a Python-literal header with `descr`, `fortran_order` and `shape`. Object
 * dtypes (anywhere in a structured descr) store the array as a pickle after the header, which
 * `np.load(allow_pickle=True)` runs; other dtypes must have exactly shape × itemsize bytes of data.
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
  if (headerStart + headerLen > source.size || headerLen > 1 << 20) {
    report(ctx, 'format/malformed', `.npy header of ${headerLen} bytes runs past the file`, { offset: 8 });
    return;
  }
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(source.read(headerStart, headerLen));
  const dataStart = headerStart + headerLen;
  const descr = /'descr'\s*:\s*('[^']*'|\[.*\])\s*,\s*'fortran_order'/s.exec(header)?.[1] ?? /'descr'\s*:\s*('[^']*')/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || shapeText === undefined) {
    report(ctx, 'format/malformed', `.npy header is not a NumPy header: ${header.slice(0, 120)}`, { offset: headerStart });
    return;
  }
  if (/'[<>|=]?O\d*'/.test(descr)) {
    report(ctx, 'numpy/object-array', `array with object dtype ${descr}: np.load(allow_pickle=True) unpickles it`, { offset: dataStart });
    ctx.nested(sliceSource(source, dataStart, source.size - dataStart), `@${dataStart}:object-array`, 'pickle');
    return;
  }
  const dims = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const itemsize = descr.startsWith("'") ? itemSize(descr.slice(1, -1)) : undefined;
  if (itemsize === undefined || dims.some((d) => !Number.isInteger(d) || d < 0)) return;
  const expected = dims.reduce((a, d) => a * d, 1) * itemsize;
  const actual = source.size - dataStart;
  if (expected !== actual) {
    report(ctx, actual < expected ? 'format/malformed' : 'format/trailing-data', `.npy data is ${actual} bytes, shape and dtype say ${expected}`, { offset: dataStart });
  }
}

function itemSize(d: string): number | undefined {
  const m = /^[<>|=]?([a-zA-Z?])(\d*)$/.exec(d);
  if (!m) return undefined;
  if (m[1] === '?') return 1;
  if (m[1] === 'U') return 4 * Number(m[2] || 0);
  return m[2] ? Number(m[2]) : undefined;
}
