import type { ByteSource } from '../source.ts';

/** What a byte source is, by its magic bytes (never by its name). */
export type Format =
  | 'pickle' | 'zip' | 'gzip' | 'zlib' | 'tar' | '7z' | 'bzip2' | 'xz' | 'lzma' | 'lz4' | 'zstd' | 'npy' | 'hdf5' | 'gguf'
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
  if (head.length > 262 && ascii(head, 257, 'ustar')) return 'tar';
  if (ascii(head, 0, '7z\xbc\xaf\x27\x1c')) return '7z';
  if (ascii(head, 0, 'BZh') && head[3]! >= 0x31 && head[3]! <= 0x39 && (head.length < 10 || ascii(head, 4, '1AY&SY') || ascii(head, 4, '\x17rE8P\x90'))) return 'bzip2';
  if (ascii(head, 0, '\xfd7zXZ\x00')) return 'xz';
  if (isLzmaAlone(head)) return 'lzma';
  if (ascii(head, 0, '\x04\x22\x4d\x18') || ascii(head, 0, '\x02\x21\x4c\x18')) return 'lz4';
  if (ascii(head, 0, '\x28\xb5\x2f\xfd')) return 'zstd';
  if (b0 === 0x78 && head.length > 1 && [0x01, 0x5e, 0x9c, 0xda].includes(head[1]!) && (b0 * 256 + head[1]!) % 31 === 0) return 'zlib';
  if (isSafetensors(source, head)) return 'safetensors';
  if (isText(head)) return 'text';
  if (b0 === 0x08 || b0 === 0x0a || b0 === 0x12 || b0 === 0x1a || b0 === 0x3a) return 'protobuf';
  return 'unknown';
}

/**
 * Legacy .lzma has no magic, only a header: xz's own test (properties byte, a dictionary of 2^n or
 * 2^n + 2^(n-1) bytes, an unknown or plausible size), so an int tensor starting with 93 is not taken for one.
 */
function isLzmaAlone(head: Uint8Array): boolean {
  if (head.length < 13 || head[0]! >= 9 * 5 * 5) return false;
  const view = new DataView(head.buffer, head.byteOffset, 13);
  const dict = view.getUint32(1, true);
  const size = view.getBigUint64(5, true);
  const low = dict & -dict;
  return dict >= 4096 && (dict === low || dict === low * 3) && (size === 0xffffffffffffffffn || size < 1n << 38n);
}

function hdf5AtUserBlock(source: ByteSource): boolean {
  for (let at = 512; at < Math.min(source.size, 1 << 20); at *= 2) {
    if (ascii(source.read(at, 8), 0, '\x89HDF\r\n\x1a\n')) return true;
  }
  return false;
}

function isSafetensors(source: ByteSource, head: Uint8Array): boolean {
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
