import type { ByteSource } from '../source.ts';

/**
 * A ZIP reader that keeps both views of each member — the central directory (what Python's zipfile and
 * torch's miniz look up) and the local header (where the bytes actually start) — so disagreements can be
 * reported instead of crashing, as picklescan did on flipped flags and bad CRCs.
 */
export interface ZipEntry {
  name: string;
  localName: string;
  flags: number;
  localFlags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's data (after the local header). */
  dataOffset: number;
  localHeaderOffset: number;
  isSymlink: boolean;
  isDirectory: boolean;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Bytes before the archive (a polyglot prefix), as Python's zipfile computes them. */
  prefix: number;
  /** Problems found while reading the structure. */
  problems: string[];
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const LOCATOR64 = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipError extends Error {}

function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function u64(v: DataView, at: number): number {
  const n = v.getBigUint64(at, true);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(n);
}

/**
 * Where readers find the end-of-central-directory record, searching the last 64 KB + 22 bytes backwards.
 * `loader`: Python's `zipfile` (`rfind` of the signature) and torch's miniz take the last signature with a
 * whole record after it, whatever its comment length says — so a record hidden in another record's comment
 * wins. `consistent`: the last one whose comment ends inside the file, as stricter tools check. `exact`: the
 * record with its comment must end the file, as in a deliberate polyglot.
 */
export function findEndOfCentralDirectory(source: ByteSource, rule: 'loader' | 'consistent' | 'exact' = 'loader'): number | undefined {
  const tailLen = Math.min(source.size, 22 + 0xffff);
  const tail = source.read(source.size - tailLen, tailLen);
  const v = dv(tail);
  for (let k = tail.length - 22; k >= 0; k--) {
    if (v.getUint32(k, true) === EOCD) {
      const end = k + 22 + v.getUint16(k + 20, true);
      if (rule === 'loader' || (rule === 'exact' ? end === tail.length : end <= tail.length)) return source.size - tailLen + k;
    }
  }
  return undefined;
}

/**
 * Whether `zipfile.ZipFile` would open the file as a ZIP whatever comes first: an end record that ends the
 * file, or the one `zipfile` picks when it claims a comment running past the end (no honest writer does
 * that; a ZIP stored inside a tar, whose record is followed by the tar's padding, is not read this way) and
 * its directory lists members with local headers.
 */
export function hasZipBehind(source: ByteSource): boolean {
  if (findEndOfCentralDirectory(source, 'exact') !== undefined) return true;
  const at = findEndOfCentralDirectory(source, 'loader');
  if (at === undefined || at + 22 + dv(source.read(at, 22)).getUint16(20, true) <= source.size) return false;
  try {
    const dir = readZipDirectory(source, 1000, at);
    return dir.entries.length > 0 && !dir.problems.some((p) => p.includes('no local header'));
  } catch {
    return false;
  }
}

/**
 * The end records loaders and stricter tools read, when they differ: a ZIP whose real record's comment
 * hides a second record is two archives, and each is scanned.
 */
export function endOfCentralDirectories(source: ByteSource): number[] {
  const loader = findEndOfCentralDirectory(source, 'loader');
  const consistent = findEndOfCentralDirectory(source, 'consistent');
  return [...new Set([loader, consistent].filter((at): at is number => at !== undefined))];
}

export function readZipDirectory(source: ByteSource, maxEntries: number, eocdAt = findEndOfCentralDirectory(source)): ZipDirectory {
  if (eocdAt === undefined) throw new ZipError('no end-of-central-directory record');
  const e = dv(source.read(eocdAt, 22));
  let count = e.getUint16(10, true);
  let cdSize = e.getUint32(12, true);
  let cdOffset = e.getUint32(16, true);
  let cdEnd = eocdAt;
  const problems: string[] = [];
  if (eocdAt >= 20) {
    const loc = dv(source.read(eocdAt - 20, 20));
    if (loc.getUint32(0, true) === LOCATOR64) {
      const at64 = u64(loc, 8);
      const z = dv(source.read(at64, 56));
      if (z.byteLength === 56 && z.getUint32(0, true) === EOCD64) {
        count = u64(z, 32);
        cdSize = u64(z, 40);
        cdOffset = u64(z, 48);
        cdEnd = at64;
      } else problems.push('zip64 locator points at no zip64 record');
    }
  }
  const prefix = Math.max(0, cdEnd - cdSize - cdOffset);
  const start = cdOffset + prefix;
  if (!Number.isFinite(cdSize) || start + cdSize > source.size) throw new ZipError('central directory lies outside the file');
  if (count > maxEntries) throw new ZipError(`more than ${maxEntries} members`);
  const cd = source.read(start, cdSize);
  const v = dv(cd);
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 46 <= cd.length && v.getUint32(p, true) === CENTRAL) {
    if (entries.length >= maxEntries) throw new ZipError(`more than ${maxEntries} members`);
    const made = v.getUint16(p + 4, true);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    let compressedSize = v.getUint32(p + 20, true);
    let size = v.getUint32(p + 24, true);
    const nlen = v.getUint16(p + 28, true);
    const elen = v.getUint16(p + 30, true);
    const clen = v.getUint16(p + 32, true);
    const external = v.getUint32(p + 38, true);
    let lho = v.getUint32(p + 42, true);
    const nameBytes = cd.subarray(p + 46, p + 46 + nlen);
    const name = decodeName(nameBytes, flags);
    // zip64 extra field: the 0xFFFFFFFF fields, in order.
    let x = p + 46 + nlen;
    const xEnd = Math.min(x + elen, cd.length);
    while (x + 4 <= xEnd) {
      const id = v.getUint16(x, true);
      const len = v.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff && q + 8 <= xEnd) {
          size = u64(v, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= xEnd) {
          compressedSize = u64(v, q);
          q += 8;
        }
        if (lho === 0xffffffff && q + 8 <= xEnd) lho = u64(v, q);
      }
      x += 4 + len;
    }
    p += 46 + nlen + elen + clen;
    const localAt = lho + prefix;
    const local = source.read(localAt, 30);
    let localName = name;
    let localFlags = flags;
    let dataOffset = localAt + 30 + nlen;
    if (local.length === 30 && dv(local).getUint32(0, true) === LOCAL) {
      const lv = dv(local);
      localFlags = lv.getUint16(6, true);
      const lnlen = lv.getUint16(26, true);
      const lelen = lv.getUint16(28, true);
      localName = decodeName(source.read(localAt + 30, lnlen), localFlags);
      dataOffset = localAt + 30 + lnlen + lelen;
    } else problems.push(`member ${name}: no local header at ${localAt}`);
    const unix = made >> 8 === 3;
    const mode = external >>> 16;
    entries.push({
      name, localName, flags, localFlags, method, crc, compressedSize, size, dataOffset, localHeaderOffset: localAt,
      isSymlink: unix && (mode & 0o170000) === 0o120000,
      isDirectory: name.endsWith('/') || (unix && (mode & 0o170000) === 0o040000),
    });
  }
  if (entries.length !== count && count !== 0xffff) problems.push(`central directory lists ${entries.length} members, end record says ${count}`);
  return { entries, prefix, problems };
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
function decodeName(b: Uint8Array, flags: number): string {
  if (flags & 0x800) return utf8.decode(b);
  // CP437 for the printable ASCII range is identical; other bytes are rare in model archives.
  return utf8.decode(b);
}

/** Whether extracting `name` would leave the extraction folder (zip-slip). */
export function escapesRoot(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return true;
  let depth = 0;
  for (const part of n.split('/')) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return true;
  }
  return false;
}
