import { describe, expect, it } from 'vitest';
import { bufferSource } from '../source.ts';
import { detect } from './detect.ts';

/** A legacy .lzma header (properties 0x5D, dictionary, uncompressed size) followed by some stream bytes. */
function lzmaHeader(dict: number, size: bigint): Uint8Array {
  const b = new Uint8Array(64).fill(0x11);
  const view = new DataView(b.buffer);
  b[0] = 0x5d;
  view.setUint32(1, dict, true);
  view.setBigUint64(5, size, true);
  return b;
}
const ints = (values: number[], width: 4 | 8): Uint8Array => {
  const b = new Uint8Array(values.length * width);
  const view = new DataView(b.buffer);
  values.forEach((v, k) => (width === 4 ? view.setInt32(k * width, v, true) : view.setBigInt64(k * width, BigInt(v), true)));
  return b;
};
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const UNKNOWN = 0xffffffffffffffffn;

describe('detect: legacy .lzma headers', () => {
  it.each([
    ['8 MB dictionary, unknown size', lzmaHeader(1 << 23, UNKNOWN), 'lzma'],
    ['2 GB dictionary (2³¹: signed maths missed it)', lzmaHeader(2 ** 31, 1000n), 'lzma'],
    ['3 GB dictionary (3·2³⁰)', lzmaHeader(3 * 2 ** 30, 1000n), 'lzma'],
    ['2³²−1 dictionary, which liblzma accepts', lzmaHeader(0xffffffff, 1000n), 'lzma'],
    ['near miss: 5000-byte dictionary with an unknown size (liblzma FORMAT_ALONE reads it)', lzmaHeader(5000, UNKNOWN), 'lzma'],
    ['near miss: empty dictionary with an unknown size', lzmaHeader(0, UNKNOWN), 'lzma'],
    ['a dictionary 7-Zip and liblzma refuse, with a known size', lzmaHeader(5000, 1000n), 'unknown'],
    ['a size over 2³⁸', lzmaHeader(1 << 23, 1n << 40n), 'unknown'],
    ['int32 tensor starting with 93', ints([93, 1000, 7, 8, 9], 4), 'unknown'],
    ['int32 tensor starting with 93, 0', ints([93, 0, 0, 5, 9], 4), 'unknown'],
    ['int64 tensor starting with 93', ints([93, 5, 7], 8), 'unknown'],
    ['int64 tensor starting with 93, -1', ints([93, -1, -1], 8), 'unknown'],
  ])('%s', (_name, bytes, format) => {
    expect(detect(bufferSource(bytes))).toBe(format);
  });
});

describe('detect: other compression magics', () => {
  it.each([
    ['bzip2 stream', hex('425a6839 314159265359 00000000'), 'bzip2'],
    ['near miss: BZh9 without a block magic is still bzip2 (decoders fail; never opaque)', hex('425a6839 0102030405060708'), 'bzip2'],
    ['skippable frame, then a zstd frame', hex('502a4d18 02000000 abcd 28b52ffd 2000 0100 00'), 'zstd'],
    ['skippable frame, then an LZ4 frame', hex('5a2a4d18 00000000 04224d18 6040 82 00000000'), 'lz4'],
    ['skippable frame, then junk: a stream the walk reports as broken', hex('502a4d18 00000000 deadbeef'), 'zstd'],
  ])('%s', (_name, bytes, format) => {
    expect(detect(bufferSource(bytes))).toBe(format);
  });
});
