import { report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { tarNumber } from './tar-fields.ts';

export interface SparseMap {
  /** Where the stored chunks start (after any extended sparse header blocks). */
  dataAt: number;
  /** Bytes stored in the archive (the header's size field). */
  stored: number;
  /** Size of the file once extracted. */
  realSize: number;
  /** (offset in the extracted file, length) of each stored chunk, in storage order. */
  chunks: [number, number][];
}

const MAX_EXTENDED = 4096;

/**
 * Old GNU sparse member (type `S`): four (offset, numbytes) pairs at byte 386, an "extended" flag at
 * 482, the real size at 483; each extended block that follows holds 21 more pairs and its own flag at
 * 504. The data starts after the last extended block (tarfile `_proc_sparse`).
 */
export function readSparseMap(source: ByteSource, h: Uint8Array, dataAt: number): SparseMap {
  const chunks: [number, number][] = [];
  // The header's four pairs are kept as they are; extended blocks drop empty pairs (tarfile does the same).
  const take = (b: Uint8Array, at: number, count: number, all: boolean): void => {
    for (let k = 0; k < count; k++) {
      const offset = tarNumber(b, at + k * 24, 12);
      const numbytes = tarNumber(b, at + k * 24 + 12, 12);
      if (offset === undefined || numbytes === undefined) break;
      if (all || (offset && numbytes)) chunks.push([offset, numbytes]);
    }
  };
  take(h, 386, 4, true);
  let extended = h[482] !== 0;
  let at = dataAt;
  for (let n = 0; extended && n < MAX_EXTENDED && at + 512 <= source.size; n++) {
    const b = source.read(at, 512);
    take(b, 0, 21, false);
    extended = b[504] !== 0;
    at += 512;
  }
  return { dataAt: at, stored: tarNumber(h, 124, 12) ?? 0, realSize: tarNumber(h, 483, 12) ?? 0, chunks };
}

/** The extracted file: holes are zeros, chunks copied from the stored data in order. Undefined over the cap. */
export function sparseData(source: ByteSource, dataAt: number, map: SparseMap, ctx: ScanContext): Uint8Array | undefined {
  const cap = Math.min(ctx.limits.maxMemberBytes, ctx.limits.maxTotalInflated - ctx.sink.inflated);
  if (map.realSize > cap || map.realSize < 0) {
    report(ctx, 'archive/bomb', `sparse tar member expands to ${map.realSize} bytes, over the ${cap}-byte cap`, { offset: dataAt });
    return undefined;
  }
  ctx.sink.inflated += map.realSize;
  const out = new Uint8Array(map.realSize);
  let from = dataAt;
  for (const [offset, length] of map.chunks) {
    const n = Math.max(0, Math.min(length, map.realSize - offset));
    out.set(source.read(from, n), offset);
    from += length;
  }
  return out;
}
