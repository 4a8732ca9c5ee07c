import { noteFormat, report, type ScanContext } from '../context.ts';
import { sliceSource, bufferSource, type ByteSource } from '../source.ts';
import { CappedOutput, finishStream } from './capped-output.ts';
import { decodeStream, type StreamFormat } from './compressed.ts';
import { crcOf, inflateCapped } from './inflate.ts';
import { endOfCentralDirectories, escapesRoot, readZipDirectory, ZipError, type ZipEntry } from './zip-reader.ts';
import { jsonEncoding } from './hf-config.ts';
import { scanKerasConfig } from './keras.ts';
import { scanTorchScriptMember, torchScriptRoots } from './torchscript.ts';

/** Members read whole for a CRC check; larger stored members (tensor data) are scanned in place. */
const CRC_CHECK_MAX = 64 * 1024 * 1024;

/**
 * Methods beyond stored and deflated that Python's zipfile (bzip2, LZMA; zstd from 3.14) or 7-Zip and
 * libarchive (xz, zstd) write, decoded by the stream decoders of compressed.ts under the same caps.
 */
const STREAM_METHODS: ReadonlyMap<number, StreamFormat> = new Map([[12, 'bzip2'], [14, 'lzma'], [93, 'zstd'], [95, 'xz']]);

/**
 * Scans a ZIP archive: PyTorch checkpoints, TorchScript, .npz, .keras v3 and plain archives. Every member
 * is sniffed by content, whatever its name (renamed data.pkl), read the way lenient loaders read it
 * (central directory name, local header offset, flags and CRC ignored) and each disagreement is reported.
 */
export function scanZip(source: ByteSource, ctx: ScanContext): void {
  const ends = endOfCentralDirectories(source);
  if (ends.length > 1) {
    report(ctx, 'archive/header-mismatch', `two end-of-central-directory records: zipfile and torch read the one at byte ${ends[0]}, hidden in the comment of the one at byte ${ends[1]} that stricter tools read; both archives were scanned`, { offset: ends[0] });
  }
  if (!ends.length) scanDirectory(source, ctx, undefined);
  for (const at of ends) scanDirectory(source, ctx, at);
}

function scanDirectory(source: ByteSource, ctx: ScanContext, eocdAt: number | undefined): void {
  let dir;
  try {
    dir = readZipDirectory(source, ctx.limits.maxMembers, eocdAt);
  } catch (e) {
    report(ctx, 'archive/malformed', `ZIP archive unreadable: ${e instanceof ZipError ? e.message : String(e)}`);
    return;
  }
  noteFormat(ctx, kindOf(dir.entries));
  for (const problem of dir.problems) report(ctx, 'archive/header-mismatch', problem);
  if (dir.prefix > 0) report(ctx, 'format/polyglot', `${dir.prefix} bytes precede the ZIP archive`, { offset: 0 });
  const names = new Set<string>();
  const torchScript = torchScriptRoots(dir.entries.map((e) => e.name));
  const later: ZipEntry[] = [];
  for (const entry of dir.entries) {
    if (Date.now() > ctx.deadline) {
      report(ctx, 'pickle/limit', 'time limit reached while scanning archive members');
      return;
    }
    if (names.has(entry.name)) report(ctx, 'archive/header-mismatch', `member ${entry.name} appears twice; loaders disagree on which one wins`);
    names.add(entry.name);
    checkEntry(ctx, entry);
    if (entry.isDirectory || entry.isSymlink) {
      if (entry.compressedSize === 0) continue;
      // zipfile.open() and torch read a member by name whatever its mode says: the data is scanned.
      // (A symbolic link's data is its target, already reported as archive/symlink.)
      if (entry.isDirectory) report({ ...ctx, member: [...ctx.member, entry.name] }, 'archive/header-mismatch', `member ${entry.name} is marked as a directory but carries ${entry.compressedSize} bytes; they were scanned`, { offset: entry.localHeaderOffset });
    }
    if (STREAM_METHODS.has(entry.method)) {
      later.push(entry);
      continue;
    }
    const data = memberSource(source, entry, ctx);
    if (data) scanMember(data, entry, torchScript, ctx);
  }
  // 7-Zip and fzstd are asynchronous: these members are decoded after the others, one at a time so each
  // sees what the ones before it left of the total budget, and the file's scan awaits them (scan-file.ts
  // keeps the source open until then).
  if (later.length) ctx.sink.pending.push(decodeMembers(source, later, torchScript, ctx));
}

function scanMember(data: ByteSource, entry: ZipEntry, torchScript: Set<string>, ctx: ScanContext): void {
  const sub = { ...ctx, member: [...ctx.member, entry.name] };
  // UTF-8 JSON is judged by content wherever it is (source-text.ts); Keras v3 alone decodes config.json
  // with `json.loads(bytes)`, which also takes UTF-16 and UTF-32 — text no other reader sees as JSON.
  if (/(^|\/)config\.json$/.test(entry.name) && data.size < 64 * 1024 * 1024 && !jsonEncoding(data.read(0, 4)).startsWith('utf-8')) scanKerasConfig(data.read(0, data.size), sub);
  if (torchScript.size && scanTorchScriptMember(data, entry.name, torchScript, sub)) return;
  ctx.nested(data, entry.name);
}

function checkEntry(ctx: ScanContext, e: ZipEntry): void {
  const at = { offset: e.localHeaderOffset };
  if (escapesRoot(e.name) || escapesRoot(e.localName)) report(ctx, 'archive/path-traversal', `member ${JSON.stringify(e.name)} extracts outside the target folder`, at);
  if (e.isSymlink) report(ctx, 'archive/symlink', `member ${e.name} is a symbolic link`, at);
  if (e.localName !== e.name) report(ctx, 'archive/header-mismatch', `member named ${JSON.stringify(e.name)} in the central directory but ${JSON.stringify(e.localName)} in its local header`, at);
  if ((e.flags & 0x61) !== (e.localFlags & 0x61) || e.flags & 0x61) {
    report(ctx, 'archive/header-mismatch', `member ${e.name} has flags 0x${e.flags.toString(16)} (local 0x${e.localFlags.toString(16)}): encryption bits that strict readers refuse and torch ignores; read as plain`, at);
  }
}

function memberSource(source: ByteSource, e: ZipEntry, ctx: ScanContext): ByteSource | undefined {
  const sub = { ...ctx, member: [...ctx.member, e.name] };
  if (!readable(source, e, sub)) return undefined;
  if (e.method === 0) {
    if (e.compressedSize !== e.size) report(sub, 'archive/header-mismatch', `stored member ${e.name} has compressed size ${e.compressedSize} but size ${e.size}`, { offset: e.dataOffset });
    const data = sliceSource(source, e.dataOffset, e.compressedSize);
    if (data.size <= CRC_CHECK_MAX) checkCrc(sub, e, data.read(0, data.size));
    return data;
  }
  if (e.method === 8) {
    const out = inflateCapped(sub, 'raw', source.read(e.dataOffset, e.compressedSize), e.size, { offset: e.dataOffset, what: `member ${e.name}` });
    if (!out) return undefined;
    if (out.length !== e.size) report(sub, 'archive/header-mismatch', `member ${e.name} inflates to ${out.length} bytes, header says ${e.size}`, { offset: e.dataOffset });
    checkCrc(sub, e, out);
    return bufferSource(out);
  }
  report(sub, 'archive/unsupported', `member ${e.name} uses compression method ${e.method}; not scanned`, { offset: e.dataOffset });
  return undefined;
}

function checkCrc(ctx: ScanContext, e: ZipEntry, data: Uint8Array): void {
  const crc = crcOf(data);
  if (crc !== e.crc) report(ctx, 'archive/bad-crc', `member ${e.name} has CRC 0x${crc.toString(16)}, header says 0x${e.crc.toString(16)}`, { offset: e.dataOffset });
}

/** Whether the member lies inside the archive and, if it is to be decompressed, is under the member cap. */
function readable(source: ByteSource, e: ZipEntry, sub: ScanContext): boolean {
  if (e.dataOffset + e.compressedSize > source.size) {
    report(sub, 'archive/malformed', `member ${e.name} runs past the end of the archive`, { offset: e.dataOffset });
    return false;
  }
  if ((e.method === 8 || STREAM_METHODS.has(e.method)) && e.compressedSize > sub.limits.maxMemberBytes) {
    report(sub, 'archive/bomb', `member ${e.name} is ${e.compressedSize} bytes compressed, over the member cap`, { offset: e.dataOffset });
    return false;
  }
  return true;
}

async function decodeMembers(source: ByteSource, entries: ZipEntry[], torchScript: Set<string>, ctx: ScanContext): Promise<void> {
  for (const e of entries) {
    if (Date.now() > ctx.deadline) {
      report(ctx, 'pickle/limit', 'time limit reached while scanning archive members');
      return;
    }
    const sub = { ...ctx, member: [...ctx.member, e.name] };
    try {
      const data = await decodeMember(source, e, sub);
      if (data) scanMember(data, e, torchScript, ctx);
    } catch (err) {
      // As scan-file.ts does for a reader that throws: this member is unscanned, the others still are.
      report(sub, 'format/malformed', `scanner failed on this member: ${(err as Error).message}`, { level: 'inconclusive' });
    }
  }
}

/**
 * A bzip2, LZMA, zstd or xz member, decoded like a deflated one: refused when its header claims more than
 * the cap, checked against its size and CRC when it decodes whole. Like a compressed stream, what was
 * decoded before a cap or an error is still scanned (zipfile streams members into `pickle.load` too), and
 * the cap or error keeps the file inconclusive.
 */
async function decodeMember(source: ByteSource, e: ZipEntry, sub: ScanContext): Promise<ByteSource | undefined> {
  const format = STREAM_METHODS.get(e.method)!;
  const at = { offset: e.dataOffset };
  if (!readable(source, e, sub)) return undefined;
  const cap = Math.min(sub.limits.maxMemberBytes, sub.limits.maxTotalInflated - sub.sink.inflated);
  if (e.size > cap) {
    report(sub, 'archive/bomb', `member ${e.name} would inflate to ${e.size} bytes, over the ${cap}-byte cap`, at);
    return undefined;
  }
  let input = source.read(e.dataOffset, e.compressedSize);
  if (format === 'lzma') {
    const alone = lzmaAlone(input, e);
    if (typeof alone === 'string') {
      report(sub, 'archive/malformed', `member ${e.name} (LZMA): ${alone}`, at);
      return undefined;
    }
    input = alone;
  }
  const out = new CappedOutput(sub, e.compressedSize);
  const error = await decodeStream(sub, input, format, out);
  // finishStream reports a cap or an error as for a compressed file and counts the output against the
  // budget; the output then belongs to this member (scanMember), not to a `<unxz>` child of it.
  let data: ByteSource | undefined;
  const keep = (decoded: ByteSource): void => {
    data = decoded;
  };
  finishStream({ ...sub, nested: keep }, out, e.name, `member ${e.name} (${format}, method ${e.method})`, error);
  if (!out.stopped && error === undefined) {
    if (out.length !== e.size) report(sub, 'archive/header-mismatch', `member ${e.name} decompresses to ${out.length} bytes, header says ${e.size}`, at);
    checkCrc(sub, e, out.bytes());
  }
  return data;
}

/**
 * ZIP's LZMA member (APPNOTE 5.8.8) re-framed as a legacy .lzma file, which 7-Zip reads: the member holds
 * the LZMA SDK version (2 bytes), the size of the properties (2 bytes, always 5), the properties and the
 * raw stream; .lzma holds the properties, then the uncompressed size (8 bytes) — all ones, "unknown", when
 * flag bit 1 says an end-of-stream marker closes the stream (Python's zipfile and 7-Zip always set it).
 */
function lzmaAlone(member: Uint8Array, e: ZipEntry): Uint8Array | string {
  if (member.length < 9) return `${member.length} bytes, too short for the LZMA header`;
  const propsSize = member[2]! | (member[3]! << 8);
  if (propsSize !== 5) return `properties are ${propsSize} bytes, not 5`;
  const out = new Uint8Array(13 + member.length - 9);
  const view = new DataView(out.buffer);
  out.set(member.subarray(4, 9), 0);
  view.setBigUint64(5, e.flags & 2 ? 0xffffffffffffffffn : BigInt(e.size), true);
  out.set(member.subarray(9), 13);
  return out;
}

function kindOf(entries: ZipEntry[]): string {
  const names = entries.map((e) => e.name);
  if (names.some((n) => /(^|\/)code\/.*\.py$/.test(n)) || names.some((n) => /(^|\/)constants\.pkl$/.test(n))) return 'torchscript';
  if (names.some((n) => /(^|\/)data\.pkl$/.test(n))) return 'pytorch';
  if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) return 'npz';
  if (names.includes('config.json') && names.some((n) => n.endsWith('.h5') || n === 'metadata.json')) return 'keras';
  return 'zip';
}

