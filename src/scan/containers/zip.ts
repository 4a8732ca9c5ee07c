import { noteFormat, report, type ScanContext } from '../context.ts';
import { sliceSource, bufferSource, type ByteSource } from '../source.ts';
import { crcOf, inflateCapped } from './inflate.ts';
import { escapesRoot, readZipDirectory, ZipError, type ZipEntry } from './zip-reader.ts';
import { scanKerasConfig } from './keras.ts';
import { scanTorchScriptMember, torchScriptRoots } from './torchscript.ts';

/** Members read whole for a CRC check; larger stored members (tensor data) are scanned in place. */
const CRC_CHECK_MAX = 64 * 1024 * 1024;

/**
 * Scans a ZIP archive: PyTorch checkpoints, TorchScript, .npz, .keras v3 and plain archives. Every member
 * is sniffed by content, whatever its name (renamed data.pkl), read the way lenient loaders read it
 * (central directory name, local header offset, flags and CRC ignored) and each disagreement is reported.
 */
export function scanZip(source: ByteSource, ctx: ScanContext): void {
  let dir;
  try {
    dir = readZipDirectory(source, ctx.limits.maxMembers);
  } catch (e) {
    report(ctx, 'archive/malformed', `ZIP archive unreadable: ${e instanceof ZipError ? e.message : String(e)}`);
    return;
  }
  noteFormat(ctx, kindOf(dir.entries));
  for (const problem of dir.problems) report(ctx, 'archive/header-mismatch', problem);
  if (dir.prefix > 0) report(ctx, 'format/polyglot', `${dir.prefix} bytes precede the ZIP archive`, { offset: 0 });
  const names = new Set<string>();
  const torchScript = torchScriptRoots(dir.entries.map((e) => e.name));
  for (const entry of dir.entries) {
    if (Date.now() > ctx.deadline) {
      report(ctx, 'pickle/limit', 'time limit reached while scanning archive members');
      return;
    }
    if (names.has(entry.name)) report(ctx, 'archive/header-mismatch', `member ${entry.name} appears twice; loaders disagree on which one wins`);
    names.add(entry.name);
    checkEntry(ctx, entry);
    if (entry.isDirectory || entry.isSymlink) continue;
    const data = memberSource(source, entry, ctx);
    if (!data) continue;
    if (/(^|\/)config\.json$/.test(entry.name) && data.size < 64 * 1024 * 1024) {
      scanKerasConfig(data.read(0, data.size), { ...ctx, member: [...ctx.member, entry.name] });
    }
    if (torchScript.size && scanTorchScriptMember(data, entry.name, torchScript, { ...ctx, member: [...ctx.member, entry.name] })) continue;
    ctx.nested(data, entry.name);
  }
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
  if (e.dataOffset + e.compressedSize > source.size) {
    report(sub, 'archive/malformed', `member ${e.name} runs past the end of the archive`, { offset: e.dataOffset });
    return undefined;
  }
  if (e.method === 0) {
    if (e.compressedSize !== e.size) report(sub, 'archive/header-mismatch', `stored member ${e.name} has compressed size ${e.compressedSize} but size ${e.size}`, { offset: e.dataOffset });
    const data = sliceSource(source, e.dataOffset, e.compressedSize);
    if (data.size <= CRC_CHECK_MAX) checkCrc(sub, e, data.read(0, data.size));
    return data;
  }
  if (e.method === 8) {
    if (e.compressedSize > ctx.limits.maxMemberBytes) {
      report(sub, 'archive/bomb', `member ${e.name} is ${e.compressedSize} bytes compressed, over the member cap`, { offset: e.dataOffset });
      return undefined;
    }
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

function kindOf(entries: ZipEntry[]): string {
  const names = entries.map((e) => e.name);
  if (names.some((n) => /(^|\/)code\/.*\.py$/.test(n)) || names.some((n) => /(^|\/)constants\.pkl$/.test(n))) return 'torchscript';
  if (names.some((n) => /(^|\/)data\.pkl$/.test(n))) return 'pytorch';
  if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) return 'npz';
  if (names.includes('config.json') && names.some((n) => n.endsWith('.h5') || n === 'metadata.json')) return 'keras';
  return 'zip';
}

