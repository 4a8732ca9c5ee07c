import { open, readFile, stat } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { dataError } from './data-error.ts';
import { parseNpyHeader, readElement, type NpyHeader } from './npy-header.ts';
import { DEFAULT_BATCH_ROWS, type Cell, type Column, type DatasetReader, type ReadOptions, type RowBatch } from './types.ts';

/** One array of a .npy file or .npz member: its header and a way to read a range of its rows. */
interface ArraySource {
  name: string;
  header: NpyHeader;
  /** Elements per row (the product of the shape after the first axis). */
  width: number;
  rows(start: number, count: number): Promise<DataView>;
}

/**
 * NumPy .npy: a 1-D array is one column (`value`), a 2-D or higher array one column per element of a row
 * (`col1`, `col2`, …; images are flattened row-major). Read in batches straight from the file.
 */
export async function openNpy(file: string, options: ReadOptions = {}): Promise<DatasetReader> {
  const size = (await stat(file)).size;
  if (size === 0) throw dataError(file, 'the file is empty (0 bytes)', {}, 'check that the array was saved completely');
  const head = Buffer.alloc(Math.min(size, 65536 + 12));
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const header = parseNpyHeader(head, file);
  const source = arraySource(file, 'value', header, size, async (offset, length) => {
    const h = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(length);
      await h.read(buffer, 0, length, offset);
      return buffer;
    } finally {
      await h.close();
    }
  });
  const columns: Column[] = source.header.shape.length === 1 ? [{ name: 'value', type: 'number' }] : Array.from({ length: source.width }, (_, i) => ({ name: `col${i + 1}`, type: 'number' as const }));
  return arrayReader(file, 'npy', [source], [columns], options);
}

/**
 * NumPy .npz (a zip of .npy members, e.g. `x` and `y`): members that share the first axis are joined side
 * by side, a 1-D member as one column named after it, a wider one as `name[i]`. The archive is inflated in
 * memory, so an .npz must fit in RAM (save large data as .npy, Parquet or CSV to stream it).
 */
export async function openNpz(file: string, options: ReadOptions = {}): Promise<DatasetReader> {
  const bytes = await readFile(file);
  if (bytes.length === 0) throw dataError(file, 'the file is empty (0 bytes)', {}, 'check that the archive was saved completely');
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, { filter: (f) => f.name.endsWith('.npy') });
  } catch (error) {
    throw dataError(file, `not a readable .npz (zip) archive: ${(error as Error).message}`);
  }
  const names = Object.keys(members).sort();
  if (names.length === 0) throw dataError(file, 'the .npz archive holds no .npy arrays');
  const sources = names.map((member) => {
    const data = members[member] as Uint8Array;
    const name = member.replace(/\.npy$/, '');
    const header = parseNpyHeader(data, `${file}:${member}`);
    return arraySource(`${file}:${member}`, name, header, data.length, async (offset, length) => data.subarray(offset, offset + length));
  });
  const n = sources[0]?.header.shape[0];
  const odd = sources.find((s) => s.header.shape[0] !== n);
  if (odd) throw dataError(file, `member "${odd.name}" has ${odd.header.shape[0]} rows where "${sources[0]?.name}" has ${n}`, {}, 'an .npz dataset needs arrays of the same length (features and labels)');
  const columns = sources.map((s) => (s.header.shape.length === 1 ? [{ name: s.name, type: 'number' as const }] : Array.from({ length: s.width }, (_, i) => ({ name: `${s.name}[${i}]`, type: 'number' as const }))));
  return arrayReader(file, 'npz', sources, columns, options);
}

function arraySource(file: string, name: string, header: NpyHeader, size: number, read: (offset: number, length: number) => Promise<Uint8Array>): ArraySource {
  if (header.shape.length === 0) throw dataError(file, 'a 0-dimensional array holds no rows');
  const width = header.shape.slice(1).reduce((a, b) => a * b, 1);
  const rowBytes = width * header.dtype.bytes;
  const expected = header.dataOffset + (header.shape[0] as number) * rowBytes;
  if (size < expected) throw dataError(file, `truncated: the header promises ${expected} bytes, the file has ${size}`);
  if (header.fortranOrder && header.shape.length > 1) {
    // Column-major data: transpose once in memory (rare in practice; np.save writes C order by default).
    let whole: Promise<DataView> | undefined;
    const all = (): Promise<DataView> => (whole ??= read(header.dataOffset, expected - header.dataOffset).then((b) => transpose(b, header, width)));
    return { name, header, width, rows: async (start, count) => new DataView((await all()).buffer, (await all()).byteOffset + start * rowBytes, count * rowBytes) };
  }
  return { name, header, width, rows: async (start, count) => toView(await read(header.dataOffset + start * rowBytes, count * rowBytes)) };
}

function toView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function transpose(bytes: Uint8Array, header: NpyHeader, width: number): DataView {
  const n = header.shape[0] as number;
  const size = header.dtype.bytes;
  const out = new Uint8Array(bytes.length);
  for (let r = 0; r < n; r++) for (let c = 0; c < width; c++) out.set(bytes.subarray((c * n + r) * size, (c * n + r + 1) * size), (r * width + c) * size);
  return toView(out);
}

function arrayReader(file: string, format: 'npy' | 'npz', sources: ArraySource[], columns: Column[][], options: ReadOptions): DatasetReader {
  const n = sources[0]?.header.shape[0] ?? 0;
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  return {
    file,
    format,
    schema: { columns: columns.flat() },
    // Each batch opens and closes the file (.npy) or reads memory (.npz): nothing is held between batches.
    close: () => Promise.resolve(),
    async *batches(): AsyncGenerator<RowBatch> {
      for (let start = 0; start < n; start += batchRows) {
        const count = Math.min(batchRows, n - start);
        const views = await Promise.all(sources.map((s) => s.rows(start, count)));
        const rows: Cell[][] = [];
        for (let r = 0; r < count; r++) {
          const row: Cell[] = [];
          sources.forEach((s, k) => {
            const view = views[k] as DataView;
            const step = s.header.dtype.bytes;
            for (let c = 0; c < s.width; c++) {
              const value = readElement(view, (r * s.width + c) * step, s.header.dtype);
              row.push(Number.isNaN(value) ? null : value);
            }
          });
          rows.push(row);
        }
        yield { firstRow: start, rows };
      }
    },
  };
}
