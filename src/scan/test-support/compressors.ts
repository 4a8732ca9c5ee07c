import { crc32 } from 'node:zlib';
import type { SevenZipModule } from '7z-wasm';
import { compressFrameSync } from 'lz4-napi';
import { le as leBytes } from './pickle-writer.ts';

const le = (n: number, width: number): Uint8Array => Uint8Array.from(leBytes(n, width));

/**
 * Writers for the compressed fixtures, in JavaScript so tests build their own inputs: 7z, xz and bzip2 by
 * 7-Zip itself (7z-wasm, a runtime dependency), LZ4 frames by lz4-napi, and zstd frames by hand — raw and
 * RLE blocks are part of the format and every decoder must accept them (fzstd cannot compress). Streams
 * with real compressed zstd blocks come from Python, in `fixtures/` (see its README).
 */
export interface ArchiveFile {
  name: string;
  data?: Uint8Array;
  /** A symbolic link to this target instead of a file. */
  link?: string;
}

export interface SevenZipOptions {
  /** 7-Zip `-m0=` coder, e.g. `LZMA2`, `PPMd`, `BZip2`, `Copy`. */
  method?: string;
  password?: string;
  encryptHeaders?: boolean;
  /** Leave the header uncompressed so names can be patched (see `rename7z`). */
  plainHeaders?: boolean;
}

async function sevenZipModule(): Promise<SevenZipModule> {
  const factory = (await import('7z-wasm')).default.default;
  return factory({ print: () => undefined, printErr: () => undefined });
}

/**
 * A 7z archive (or, with `type`, an xz/bzip2 stream of the single file, or a ZIP archive whose members
 * `method` compresses: `LZMA`, `BZip2`, `XZ`, `PPMd`, `Deflate`) written by 7-Zip.
 */
export async function sevenZip(files: ArchiveFile[], options: SevenZipOptions = {}, type: '7z' | 'xz' | 'bzip2' | 'zip' = '7z'): Promise<Uint8Array> {
  const mod = await sevenZipModule();
  mod.FS.mkdir('/src');
  mod.FS.chdir('/src');
  for (const f of files) {
    const parts = f.name.split('/');
    for (let k = 1; k < parts.length; k++) {
      const dir = parts.slice(0, k).join('/');
      if (!mod.FS.readdir(k > 1 ? parts.slice(0, k - 1).join('/') : '.').includes(parts[k - 1]!)) mod.FS.mkdir(dir);
    }
    if (f.link !== undefined) mod.FS.symlink(f.link, f.name);
    else mod.FS.writeFile(f.name, f.data ?? new Uint8Array(0));
  }
  const args = ['a', `-t${type}`, '/out.bin', '-bd', '-snl', ...files.map((f) => f.name)];
  if (options.method) args.push(`-m0=${options.method}`);
  if (options.password) args.push(`-p${options.password}`);
  if (options.encryptHeaders) args.push('-mhe=on');
  if (options.plainHeaders) args.push('-mhc=off');
  const saved = process.exitCode;
  const code = mod.callMain(args) as unknown as number;
  process.exitCode = saved;
  if (code !== 0) throw new Error(`7-Zip could not write the fixture (exit ${code})`);
  return mod.FS.readFile('/out.bin');
}

/**
 * Renames a member in a 7z archive written with `plainHeaders`, to names 7-Zip refuses to store (`../x`,
 * `/etc/x`): the UTF-16 name is patched in place (same length) and both header CRCs are recomputed.
 */
export function rename7z(archive: Uint8Array, from: string, to: string): Uint8Array {
  if (from.length !== to.length) throw new Error('rename7z keeps the length');
  const b = Buffer.from(archive);
  const at = b.indexOf(Buffer.from(from, 'utf16le'));
  if (at < 0) throw new Error(`${from} is not in the (uncompressed) header`);
  Buffer.from(to, 'utf16le').copy(b, at);
  const next = 32 + Number(b.readBigUInt64LE(12));
  b.writeUInt32LE(crc32(b.subarray(next, next + Number(b.readBigUInt64LE(20)))) >>> 0, 28);
  b.writeUInt32LE(crc32(b.subarray(12, 32)) >>> 0, 8);
  return new Uint8Array(b);
}

/**
 * A ZIP LZMA member body (APPNOTE 5.8.8) without an end-of-stream marker, as writers that leave flag bit 1
 * clear store it: LZMA SDK version 9.20, properties size 5, the properties, the raw stream. Python's zipfile
 * and 7-Zip's ZIP writer always write the marker; 7-Zip's 7z LZMA coder never does, so the raw stream and
 * its properties are taken from a 7z archive with a plain header (the packed stream starts at byte 32 and
 * the header follows it; the coder record is `23 030101 05` and the 5 property bytes).
 */
export async function lzmaMemberWithoutMarker(data: Uint8Array): Promise<Uint8Array> {
  const archive = Buffer.from(await sevenZip([{ name: 'x', data }], { method: 'LZMA', plainHeaders: true }));
  const header = 32 + Number(archive.readBigUInt64LE(12));
  const coder = archive.indexOf(Buffer.from('2303010105', 'hex'), header);
  if (coder < 0) throw new Error('no LZMA coder record in the 7z header');
  return Buffer.concat([Uint8Array.of(9, 20, 5, 0), archive.subarray(coder + 5, coder + 10), archive.subarray(32, header)]);
}

/** An LZ4 frame (lz4_flex's encoder, 4 MB blocks). */
export function lz4(data: Uint8Array): Uint8Array {
  return new Uint8Array(compressFrameSync(Buffer.from(data)));
}

/**
 * A zstd frame of raw blocks (the data as is) and, for `rle`, RLE blocks of one repeated byte: each RLE
 * block is 4 bytes and inflates to 128 KB — the cheapest honest bomb. The content size is written unless
 * `contentSize` is false (as streaming compressors write frames); `windowLog` sets the window descriptor.
 */
export function zstd(data: Uint8Array, options: { rle?: { byte: number; blocks: number }; contentSize?: boolean; windowLog?: number } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const block = (last: boolean, type: 0 | 1, size: number): Uint8Array => le((size << 3) | (type << 1) | (last ? 1 : 0), 3);
  const rleBlocks = options.rle?.blocks ?? 0;
  const total = data.length + rleBlocks * (1 << 17);
  const withSize = options.contentSize !== false;
  // Frame header: no single segment, a window descriptor, 8-byte content size when asked.
  parts.push(le(0xfd2fb528, 4), Uint8Array.of(withSize ? 0xc0 : 0x00), Uint8Array.of(((options.windowLog ?? 20) - 10) << 3));
  if (withSize) parts.push(le(total, 8));
  for (let at = 0; at < data.length || (at === 0 && !rleBlocks); at += 1 << 17) {
    const chunk = data.subarray(at, at + (1 << 17));
    parts.push(block(!rleBlocks && at + (1 << 17) >= data.length, 0, chunk.length), chunk);
  }
  for (let k = 0; k < rleBlocks; k++) parts.push(block(k === rleBlocks - 1, 1, 1 << 17), Uint8Array.of(options.rle!.byte));
  return Buffer.concat(parts);
}
