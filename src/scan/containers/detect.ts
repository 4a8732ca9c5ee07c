import type { ByteSource } from '../source.ts';

/** What a byte source is, by its magic bytes (never by its name). */
export type Format =
  | 'pickle' | 'zip' | 'gzip' | 'zlib' | 'joblib-zfile' | 'tar' | '7z' | 'bzip2' | 'xz' | 'lzma' | 'lz4' | 'zstd' | 'npy' | 'hdf5' | 'gguf'
  | 'safetensors' | 'protobuf' | 'text' | 'unknown';

const ascii = (b: Uint8Array, at: number, s: string): boolean => {
  for (let k = 0; k < s.length; k++) if (b[at + k] !== s.charCodeAt(k)) return false;
  return true;
};

export function detect(source: ByteSource): Format {
  const head = source.read(0, 1024);
  const b0 = head[0];
  if (head.length === 0) return 'unknown';
  if (b0 === 0x80 && head.length > 1 && head[1]! <= 5) return 'pickle';
  if (ascii(head, 0, 'PK\x03\x04') || ascii(head, 0, 'PK\x05\x06') || ascii(head, 0, 'PK\x07\x08')) return 'zip';
  if (b0 === 0x1f && head[1] === 0x8b) return 'gzip';
  if (ascii(head, 0, '\x93NUMPY')) return 'npy';
  if (ascii(head, 0, '\x89HDF\r\n\x1a\n') || hdf5AtUserBlock(source)) return 'hdf5';
  if (ascii(head, 0, 'GGUF')) return 'gguf';
  if ((head.length > 262 && ascii(head, 257, 'ustar')) || isTarHeader(head)) return 'tar';
  if (ascii(head, 0, '7z\xbc\xaf\x27\x1c')) return '7z';
  // Every bzip2 decoder checks the block magic after `BZh1`…`BZh9` and fails without it: such a near miss
  // is still handed to the decoder, so it is reported as malformed, never skipped as opaque data.
  if (ascii(head, 0, 'BZh') && head[3]! >= 0x31 && head[3]! <= 0x39) return 'bzip2';
  if (ascii(head, 0, '\xfd7zXZ\x00')) return 'xz';
  if (isLzmaAlone(head)) return 'lzma';
  if (ascii(head, 0, '\x04\x22\x4d\x18') || ascii(head, 0, '\x02\x21\x4c\x18')) return 'lz4';
  if (ascii(head, 0, '\x28\xb5\x2f\xfd')) return 'zstd';
  if (head.length >= 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) >>> 4 === 0x184d2a5) return afterSkippable(source);
  if (b0 === 0x78 && head.length > 1 && [0x01, 0x5e, 0x9c, 0xda].includes(head[1]!) && (b0 * 256 + head[1]!) % 31 === 0) return 'zlib';
  if (isJoblibZfile(head)) return 'joblib-zfile';
  if (isSafetensors(source, head)) return 'safetensors';
  if (isText(head)) return 'text';
  if (b0 === 0x08 || b0 === 0x0a || b0 === 0x12 || b0 === 0x1a || b0 === 0x3a) return 'protobuf';
  return 'unknown';
}

/**
 * Legacy .lzma has no magic, only a header: a properties byte, a dictionary size, then the uncompressed
 * size (8 bytes, all ones when unknown). liblzma's own test (`lzma.open`, joblib: a dictionary of 2ⁿ or
 * 2ⁿ + 2ⁿ⁻¹ bytes or 2³²−1, a size under 2³⁸ or unknown; from 4 KB here), so an int tensor starting with 93 is
 * not taken for one. A header with an unknown size — what streaming encoders write — is a .lzma file
 * whatever its dictionary: liblzma's `.lzma` decoder (`format=FORMAT_ALONE`) takes any size, and a near miss
 * must be decoded (or reported as malformed), never left opaque inside an archive.
 */
export function isLzmaAlone(head: Uint8Array): boolean {
  if (head.length < 13 || head[0]! >= 9 * 5 * 5) return false;
  const view = new DataView(head.buffer, head.byteOffset, 13);
  const dict = view.getUint32(1, true);
  const size = view.getBigUint64(5, true);
  if (size === 0xffffffffffffffffn) return true;
  // Unsigned: `dict & -dict` alone is a signed 32-bit result, which misses 2³¹.
  const low = (dict & -dict) >>> 0;
  return (dict === 0xffffffff || (dict >= 4096 && (dict === low || dict === low * 3))) && size < 1n << 38n;
}

/**
 * zstd and LZ4 frames may be preceded by skippable frames (magic 0x184D2A5?), which both tools step over:
 * the first other frame decides. Nothing recognisable after them is still a compressed stream, and its
 * walk reports why it cannot be read.
 */
function afterSkippable(source: ByteSource): Format {
  let at = 0;
  for (let k = 0; k < 64 && at + 8 <= source.size; k++) {
    const b = source.read(at, 8);
    const view = new DataView(b.buffer, b.byteOffset, 8);
    const magic = view.getUint32(0, true);
    if (magic === 0xfd2fb528) return 'zstd';
    if (magic === 0x184d2204 || magic === 0x184c2102) return 'lz4';
    if (magic >>> 4 !== 0x184d2a5) break;
    at += 8 + view.getUint32(4, true);
  }
  return 'zstd';
}

function hdf5AtUserBlock(source: ByteSource): boolean {
  for (let at = 512; at < Math.min(source.size, 1 << 20); at *= 2) {
    if (ascii(source.read(at, 8), 0, '\x89HDF\r\n\x1a\n')) return true;
  }
  return false;
}

export function isSafetensors(source: ByteSource, head: Uint8Array): boolean {
  if (head.length < 10) return false;
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  return n > 1n && n + 8n <= BigInt(source.size) && head[8] === 0x7b;
}

/** Printable UTF-8 without NUL bytes: configs, tokenizers, READMEs — and protocol-0 pickles. */
export function isText(head: Uint8Array): boolean {
  let bad = 0;
  for (const c of head) {
    if (c === 0) return false;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) bad++;
  }
  return bad <= head.length / 100;
}

/**
 * Python's `tarfile` takes any first block whose checksum field (octal, up to the first NUL) equals the
 * sum of the block's bytes with that field read as spaces, unsigned or signed: pre-POSIX tars have no
 * `ustar` magic. An all-zero block is an empty archive, not a header.
 */
export function isTarHeader(head: Uint8Array): boolean {
  if (head.length < 512) return false;
  let unsigned = 0;
  let signed = 0;
  let zero = true;
  for (let k = 0; k < 512; k++) {
    const c = k >= 148 && k < 156 ? 32 : head[k]!;
    if (head[k] !== 0) zero = false;
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  if (zero) return false;
  let text = '';
  for (let k = 148; k < 156 && head[k] !== 0; k++) text += String.fromCharCode(head[k]!);
  text = text.trim();
  if (!/^[0-7]*$/.test(text)) return false;
  const stored = parseInt(text || '0', 8);
  return stored === unsigned || stored === signed;
}

/**
 * joblib < 0.10's compressed dump, still read by `joblib.load` (`load_compatibility`): `ZF`, the pickle's
 * length as Python `hex()` padded to 19 characters (read back with `int(…, 16)`), then a zlib stream.
 */
export const JOBLIB_ZFILE_HEADER = 21;
export function isJoblibZfile(head: Uint8Array): boolean {
  if (head.length < JOBLIB_ZFILE_HEADER + 2 || head[0] !== 0x5a || head[1] !== 0x46) return false;
  const length = String.fromCharCode(...head.subarray(2, JOBLIB_ZFILE_HEADER));
  return /^\s*[+-]?(0[xX])?_?[0-9a-fA-F](_?[0-9a-fA-F])*\s*$/.test(length) && head[JOBLIB_ZFILE_HEADER] === 0x78;
}
