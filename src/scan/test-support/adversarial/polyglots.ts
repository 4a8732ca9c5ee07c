import { readFileSync } from 'node:fs';
import { zstd, lz4 } from '../compressors.ts';
import { gguf, safetensors } from '../formats.ts';
import { zip } from '../zip-writer.ts';
import { benignTorchZip } from '../shapes.ts';
import { benignP0, benignPickle, bytes, evilP0, evilPickle, u32, type AdversarialCase } from './types.ts';
import { tarOf } from './tar-writer.ts';

const COMPRESSED = new URL('../fixtures/compressed/', import.meta.url);

/** A zstd/LZ4 skippable frame whose magic byte 0x55 is SHORT_BINSTRING: its 42-byte string hides the rest of the header. */
function skippableU(payload: Uint8Array, frame: Uint8Array): Uint8Array {
  const filler = new Uint8Array(36).fill(0x41);
  const body = bytes(filler, payload);
  return bytes([0x55, 0x2a, 0x4d, 0x18], u32(body.length), body, frame);
}

/**
 * Files whose header, read from byte 0 by `pickle.load`, is also a pickle: the main format's magic bytes
 * are opcodes (`G` BINFLOAT swallows GGUF's version or a safetensors length, `]` starts a .lzma header,
 * `U` a skippable frame), or another format hides in front of or inside it.
 */
export function polyglotCases(): AdversarialCase[] {
  const benignGguf = gguf([['general.architecture', 'llama'], ['general.name', 'tiny']]);
  const benignSafetensors = safetensors([{ name: 'w', dtype: 'F32', shape: [2], begin: 0, end: 8 }], new Uint8Array(8));
  const safetensorsHeader = (payload: Uint8Array): Uint8Array => {
    const n = 0x147; // 'G', 0x01, then zeros: a small header length whose first byte is BINFLOAT
    const json = bytes('{', payload);
    return bytes([0x47, 0x01, 0, 0, 0, 0, 0, 0], json, ' '.repeat(n - json.length), new Uint8Array(16));
  };
  const lzmaHeader = (payload: Uint8Array): Uint8Array => bytes([0x5d], 'N0NG', new Uint8Array(8).fill(0xff), payload);
  const benignLzma = new Uint8Array(readFileSync(new URL('benign.pkl.lzma', COMPRESSED)));
  const hdf5 = (userBlock: Uint8Array): Uint8Array => {
    const block = new Uint8Array(512);
    block.set(userBlock);
    return bytes(block, [0x89], 'HDF\r\n\x1a\n', new Uint8Array(1024));
  };
  return [
    { name: 'tar whose first name field is a pickle', kind: 'polyglot', loader: { how: 'pickle.load' },
      hostile: tarOf([{ name: Buffer.from(evilP0()).toString('latin1'), data: benignPickle() }]),
      benign: tarOf([{ name: Buffer.from(benignP0()).toString('latin1'), data: benignPickle() }]) },
    { name: 'GGUF magic as BINFLOAT, then a pickle', kind: 'polyglot', loader: { how: 'pickle.load' },
      hostile: bytes('GGUF', u32(3), [0], evilP0()), benign: benignGguf },
    { name: 'safetensors length as BINFLOAT, then a pickle in the JSON', kind: 'polyglot', loader: { how: 'pickle.load' },
      hostile: safetensorsHeader(evilP0()), benign: benignSafetensors },
    { name: '.lzma header as opcodes, then a pickle', kind: 'polyglot', loader: { how: 'pickle.load' },
      hostile: lzmaHeader(evilP0()), benign: benignLzma },
    { name: 'zstd skippable frame as SHORT_BINSTRING, then a pickle, then a benign frame', kind: 'polyglot', loader: { how: 'pickle.load' },
      hostile: skippableU(evilP0(), zstd(benignPickle())), benign: skippableU(benignP0(), zstd(benignPickle())) },
    { name: 'LZ4 skippable frame as SHORT_BINSTRING, then a pickle, then a benign frame', kind: 'polyglot', loader: { how: 'pickle.load' },
      hostile: skippableU(evilP0(), lz4(benignPickle())), benign: skippableU(benignP0(), lz4(benignPickle())) },
    { name: 'pickle inside a zstd skippable frame', kind: 'polyglot', loader: { how: 'pickle.load at', offset: 8 },
      hostile: bytes([0x50, 0x2a, 0x4d, 0x18], u32(evilPickle().length), evilPickle(), zstd(benignPickle())),
      benign: bytes([0x50, 0x2a, 0x4d, 0x18], u32(benignPickle().length), benignPickle(), zstd(benignPickle())) },
    { name: 'pickle after the last zstd frame', kind: 'polyglot', loader: { how: 'pickle.load at', offset: zstd(benignPickle()).length },
      hostile: bytes(zstd(benignPickle()), evilPickle()), benign: bytes(zstd(benignPickle()), benignPickle()) },
    { name: 'HDF5 user block holding a pickle', kind: 'polyglot', loader: { how: 'pickle.load' },
      hostile: hdf5(evilPickle()), benign: hdf5(new Uint8Array(0)) },
    { name: 'pickle in front of a PyTorch ZIP', kind: 'polyglot', loader: { how: 'pickle.load' },
      hostile: bytes(evilPickle(2), benignTorchZip()), benign: bytes(benignPickle(2), benignTorchZip()) },
    { name: 'ZIP read by its central directory behind a tar', kind: 'polyglot', loader: { how: 'zipfile member', member: 'model.pkl' },
      hostile: bytes(tarOf([{ name: 'readme.txt', data: bytes('hello') }]), zip([{ name: 'model.pkl', data: evilPickle() }])),
      benign: bytes(tarOf([{ name: 'readme.txt', data: bytes('hello') }]), zip([{ name: 'model.pkl', data: benignPickle() }])) },
  ];
}
