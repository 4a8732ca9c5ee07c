import { report, type ScanContext } from '../context.ts';
import type { ByteSource } from '../source.ts';
import { tarNumber, type Pax } from './tar-fields.ts';

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
/** Chunks read from a PAX sparse map (GNU tar writes one per data region; 4096 extended GNU blocks hold ~86,000). */
const MAX_PAX_CHUNKS = 100_000;

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

/**
 * GNU sparse members in PAX form, as tarfile's `_proc_pax` reads them: a `GNU.sparse.map` record is
 * version 0.1 ("offset,size,…"); else a `GNU.sparse.size` record is 0.0, whose pairs are every
 * `GNU.sparse.offset`/`GNU.sparse.numbytes` record of the local header (`raw`, repeated keys kept); else
 * `GNU.sparse.major=1`/`minor=0` is 1.0, whose map is decimal lines at the start of the member's data, read
 * 512 bytes at a time, the chunks starting after the last block read. The real size is
 * `GNU.sparse.realsize` or `GNU.sparse.size`. Undefined when the header is not sparse; a map tarfile could
 * not parse is reported and left out (the stored bytes are still scanned).
 */
export function paxSparseMap(source: ByteSource, pax: Pax, raw: Uint8Array | undefined, dataAt: number, stored: number, ctx: ScanContext): SparseMap | undefined {
  let numbers: number[] | undefined;
  let at = dataAt;
  const text = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);
  if (pax.has('GNU.sparse.map')) numbers = pax.get('GNU.sparse.map')!.split(',').map(decimal);
  else if (pax.has('GNU.sparse.size')) {
    const body = raw ? text(raw) : '';
    const offsets = [...body.matchAll(/\d+ GNU\.sparse\.offset=(\d+)\n/g)].map((m) => decimal(m[1]!));
    const sizes = [...body.matchAll(/\d+ GNU\.sparse\.numbytes=(\d+)\n/g)].map((m) => decimal(m[1]!));
    numbers = offsets.slice(0, sizes.length).flatMap((o, k) => [o, sizes[k]!]);
  } else if (pax.get('GNU.sparse.major') === '1' && pax.get('GNU.sparse.minor') === '0') {
    const lines: string[] = [];
    let buffer = '';
    let want = 1;
    while (lines.length < want && at + 512 <= dataAt + stored && lines.length <= 2 * MAX_PAX_CHUNKS) {
      buffer += text(source.read(at, 512));
      at += 512;
      let nl;
      while (lines.length < want && (nl = buffer.indexOf('\n')) >= 0) {
        lines.push(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (lines.length === 1) want = 1 + 2 * Math.min(decimal(lines[0]!), MAX_PAX_CHUNKS);
      }
    }
    numbers = lines.length === want ? lines.slice(1).map(decimal) : [NaN];
  }
  if (numbers === undefined) return undefined;
  const realSize = decimal(pax.get('GNU.sparse.realsize') ?? pax.get('GNU.sparse.size') ?? `${stored}`);
  if (numbers.some((n) => !Number.isSafeInteger(n) || n < 0) || numbers.length % 2 || numbers.length > 2 * MAX_PAX_CHUNKS || !Number.isSafeInteger(realSize) || realSize < 0) {
    report(ctx, 'archive/malformed', 'GNU sparse map in a PAX header that tarfile cannot read', { offset: dataAt });
    return undefined;
  }
  const chunks: [number, number][] = [];
  for (let k = 0; k < numbers.length; k += 2) chunks.push([numbers[k]!, numbers[k + 1]!]);
  return { dataAt: at, stored: stored - (at - dataAt), realSize, chunks };
}

/** Python's `int()` of a decimal field (surrounding whitespace allowed); NaN otherwise. */
function decimal(s: string): number {
  const t = s.trim();
  return /^\+?\d+$/.test(t) ? Number(t) : NaN;
}
