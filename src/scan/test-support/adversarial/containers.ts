import { zip, type ZipMember } from '../zip-writer.ts';
import { torchZip } from '../shapes.ts';
import { sevenZip } from '../compressors.ts';
import { benignPickle, bytes, evilPickle, gzip, type AdversarialCase } from './types.ts';
import { paxEntry, tarHeader, tarOf } from './tar-writer.ts';

/** Protocol 0 with 64 zero bytes inside a SHORT_BINBYTES; a sparse map makes those zeros a hole. */
function sparseCase(payload: Uint8Array): AdversarialCase['hostile'] {
  const full = bytes('C', [64], new Uint8Array(64), '0', payload);
  const head = full.subarray(0, 2);
  const tail = full.subarray(66);
  return tarOf([{ name: 'model.pkl', type: 'S', data: bytes(head, tail), sparse: { chunks: [[0, 2], [66, tail.length]], realSize: full.length } }]);
}

/** A directory header that carries data: tarfile reads the next header inside it, GNU tar skips it. */
function dirWithHiddenMember(payload: Uint8Array): Uint8Array {
  const hidden = bytes(tarHeader({ name: 'hidden.pkl', data: payload }), payload, new Uint8Array((512 - (payload.length % 512)) % 512));
  return tarOf([{ name: 'weights/', type: '5', data: hidden }, { name: 'readme.txt', data: bytes('hello') }]);
}

/** Patches every central-directory entry to "made by Unix" with the given mode. */
function withUnixMode(archive: Uint8Array, mode: number): Uint8Array {
  const b = Buffer.from(archive);
  for (let k = 0; k + 46 <= b.length; k++) {
    if (b.readUInt32LE(k) !== 0x02014b50) continue;
    b[k + 5] = 3;
    b.writeUInt32LE(((mode << 16) >>> 0), k + 38);
  }
  return b;
}

/** gzip members concatenated: each holds half of the stream; only the whole is a pickle. */
function gzipHalves(p: Uint8Array): Uint8Array {
  const mid = p.length >> 1;
  return bytes(gzip(p.subarray(0, mid)), gzip(p.subarray(mid)));
}

async function bz2Halves(p: Uint8Array): Promise<Uint8Array> {
  const mid = p.length >> 1;
  const one = await sevenZip([{ name: 'a', data: p.subarray(0, mid) }], {}, 'bzip2');
  const two = await sevenZip([{ name: 'a', data: p.subarray(mid) }], {}, 'bzip2');
  return bytes(one, two);
}

export async function containerCases(): Promise<AdversarialCase[]> {
  const member = (p: Uint8Array, extra: Partial<ZipMember> = {}): ZipMember[] => [{ name: 'payload.pkl', data: p, ...extra }];
  const pair = (name: string, loader: AdversarialCase['loader'], make: (p: Uint8Array) => Uint8Array, kind = 'container'): AdversarialCase =>
    ({ name, kind, loader, hostile: make(evilPickle()), benign: make(benignPickle()) });
  const tarMember = (m: string): AdversarialCase['loader'] => ({ how: 'tarfile member', member: m });
  return [
    pair('tar: PAX size record on a zero-size header', tarMember('model.pkl'), (p) => tarOf([paxEntry({ size: String(p.length) }), { name: 'model.pkl', headerSize: 0, data: p }])),
    pair('tar: PAX path record renames the member', tarMember('model.pkl'), (p) => tarOf([paxEntry({ path: 'model.pkl' }), { name: 'README.txt', data: p }])),
    pair('tar: global PAX record', tarMember('model.pkl'), (p) => tarOf([paxEntry({ comment: 'x' }, 'g'), { name: 'model.pkl', data: p }])),
    pair('tar: GNU long name', tarMember(`${'d/'.repeat(60)}model.pkl`), (p) => tarOf([{ name: '././@LongLink', type: 'L', data: bytes(`${'d/'.repeat(60)}model.pkl\0`) }, { name: 'short', data: p }])),
    pair('tar: unknown type byte (extracted as a regular file)', tarMember('model.pkl'), (p) => tarOf([{ name: 'model.pkl', type: 'Z', data: p }])),
    pair('tar: contiguous-file type 7', tarMember('model.pkl'), (p) => tarOf([{ name: 'model.pkl', type: '7', data: p }])),
    pair('tar: directory header carrying a hidden member', tarMember('hidden.pkl'), dirWithHiddenMember),
    pair('tar: base-256 size', tarMember('model.pkl'), (p) => tarOf([{ name: 'model.pkl', base256: true, data: p }])),
    pair('tar: v7 header without ustar magic', tarMember('model.pkl'), (p) => tarOf([{ name: 'model.pkl', v7: true, data: p }])),
    pair('tar: old GNU sparse member with a hole', tarMember('model.pkl'), sparseCase),
    pair('tar: member after the end-of-archive blocks', { how: 'tarfile member', member: 'late.pkl', ignoreZeros: true }, (p) => bytes(tarOf([{ name: 'readme.txt', data: bytes('hi') }]), tarOf([{ name: 'late.pkl', data: p }]))),
    pair('tar: legacy torch tar layout', tarMember('pickle'), (p) => tarOf([{ name: 'sys_info', data: benignPickle(2) }, { name: 'pickle', data: p }, { name: 'storages', data: benignPickle(2) }, { name: 'tensors', data: benignPickle(2) }])),
    pair('zip: member whose Unix mode says directory', { how: 'zipfile member', member: 'payload.pkl' }, (p) => withUnixMode(zip(member(p)), 0o040755)),
    pair('zip: member whose Unix mode says symlink', { how: 'zipfile member', member: 'payload.pkl' }, (p) => withUnixMode(zip(member(p)), 0o120777)),
    pair('zip: duplicate names, the last one wins', { how: 'zipfile member', member: 'payload.pkl' }, (p) => zip([...member(benignPickle()), ...member(p)])),
    // zipfile checks the CRC before pickle sees the data; torch.load (not installed here) does not check it.
    pair('zip: wrong CRC', { how: 'not loadable' }, (p) => zip(member(p, { crc: 0x12345678 }))),
    pair('zip: prepended junk', { how: 'zipfile member', member: 'payload.pkl' }, (p) => bytes(new Uint8Array(777).fill(0x20), zip(member(p)))),
    pair('zip: encrypted flag that is a lie (torch ignores it)', { how: 'not loadable' }, (p) => zip(member(p, { flags: 1, localFlags: 1 }))),
    pair('zip: .pt with data.pkl renamed', { how: 'zipfile member', member: 'archive/weights' }, (p) => torchZip(p, [], { pickleName: 'weights' })),
    pair('nested: zip holding a tar.gz holding the pickle', { how: 'not loadable' }, (p) => zip([{ name: 'bundle.tar.gz', data: gzip(tarOf([{ name: 'model.pkl', data: p }])) }])),
    pair('gzip: stream split across two members', { how: 'decompress then pickle.load', codec: 'gzip' }, gzipHalves, 'compressed'),
    { ...pair('bz2: stream split across two streams', { how: 'decompress then pickle.load', codec: 'bz2' }, (p) => p, 'compressed'), hostile: await bz2Halves(evilPickle()), benign: await bz2Halves(benignPickle()) },
  ];
}
