import { readdirSync, readFileSync } from 'node:fs';
import type { Fixture } from './corpus.ts';
import { lzmaMemberWithoutMarker, sevenZip, zstd } from './compressors.ts';
import { dumps, py } from './pickle-writer.ts';
import { float32, stateDict, torchZip } from './shapes.ts';
import { tar, zip, type ZipMember } from './zip-writer.ts';

/**
 * ZIP members compressed with bzip2 (12), LZMA (14), zstd (93) and xz (95): archives 7-Zip writes itself,
 * members built from the stream compressors (`compressed` in zip-writer.ts), and the files Python's
 * zipfile wrote in fixtures/zip-methods/ (see its README). Benign, malicious, bombs stopped at the cap, and
 * corrupt members that must come out inconclusive, never clean.
 */
const FIXTURES = new URL('./fixtures/zip-methods/', import.meta.url);
const evil = dumps(py.reduce(py.global('os', 'system'), py.tuple('echo pwned')), 2);
const benign = dumps(stateDict([['layer.weight', [2, 2]]]), 2);
const readme = new TextEncoder().encode('# tiny model\n');
const zeros = new Uint8Array(20_000_000);
const os = { global: 'os.system' };

/** A ZIP of one member whose body another compressor wrote (`data` gives the header's size and CRC). */
const member = (name: string, data: Uint8Array, method: number, body: Uint8Array, extra: Partial<ZipMember> = {}): Uint8Array => zip([{ name, data, compressed: { method, body }, ...extra }]);
const flip = (b: Uint8Array, at: number): Uint8Array => {
  const c = Uint8Array.from(b);
  c[at < 0 ? c.length + at : at]! ^= 0x55;
  return c;
};
/** An LZMA member body with another dictionary size in its properties (bytes 5–8). */
const withDictionary = (body: Uint8Array, size: number): Uint8Array => {
  const c = Buffer.from(body);
  c.writeUInt32LE(size, 5);
  return c;
};

/** The files Python's zipfile wrote: benign-* clean, evil-* dangerous (posix.system), bomb-* stopped at the cap. */
function pythonFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((n) => /^(benign|evil|bomb)-.*\.(zip|npz)$/.test(n))
    .map((n): Fixture => {
      const bytes = readFileSync(new URL(n, FIXTURES));
      if (n.startsWith('benign')) return { name: `python zipfile ${n}`, bytes, expect: 'clean' };
      if (n.startsWith('bomb')) return { name: `python zipfile ${n}`, bytes, expect: 'inconclusive', rule: 'archive/bomb' };
      return { name: `python zipfile ${n}`, bytes, expect: 'dangerous', global: 'posix.system', member: n.endsWith('.npz') ? 'objects.npy!/@128:object-array' : 'model/evil.pkl' };
    });
}

export async function zipMethodBenignFixtures(): Promise<Fixture[]> {
  const files = [{ name: 'model/state.pkl', data: benign }, { name: 'README.md', data: readme }];
  return [
    ...(await Promise.all((['LZMA', 'BZip2', 'XZ'] as const).map(async (method): Promise<Fixture> => ({ name: `ZIP by 7-Zip, ${method} members`, bytes: await sevenZip(files, { method }, 'zip'), expect: 'clean' })))),
    { name: 'ZIP, LZMA member without an end marker (flag bit 1 clear)', bytes: member('state.pkl', benign, 14, await lzmaMemberWithoutMarker(benign)), expect: 'clean' },
    { name: 'ZIP, zstd member (method 93)', bytes: member('state.pkl', benign, 93, zstd(benign)), expect: 'clean' },
    { name: 'torch checkpoint with zstd members', bytes: torchZip(benign, [float32([1, 2, 3, 4])], { mutate: (m) => ({ ...m, compressed: { method: 93, body: zstd(m.data) } }) }), expect: 'clean' },
    ...pythonFixtures().filter((f) => f.expect === 'clean'),
  ];
}

export async function zipMethodMaliciousFixtures(): Promise<Fixture[]> {
  const evilFiles = [{ name: 'README.md', data: readme }, { name: 'evil.pkl', data: evil }];
  const lzmaEvil = await lzmaMemberWithoutMarker(evil);
  const bz2Benign = await sevenZip([{ name: 'x', data: tar([{ name: 'model.pt', data: benign }]) }], {}, 'bzip2');
  const xzBenign = await sevenZip([{ name: 'x', data: tar([{ name: 'model.pt', data: benign }]) }], {}, 'xz');
  const lzmaBenign = await lzmaMemberWithoutMarker(tar([{ name: 'model.pt', data: benign }]));
  const benignTar = tar([{ name: 'model.pt', data: benign }]);
  return [
    // The payload in each method, with the member chain the evidence must carry.
    ...(await Promise.all((['LZMA', 'BZip2', 'XZ'] as const).map(async (method): Promise<Fixture> => ({ name: `ZIP by 7-Zip, evil pickle in a ${method} member`, bytes: await sevenZip(evilFiles, { method }, 'zip'), expect: 'dangerous', ...os, member: 'evil.pkl' })))),
    { name: 'ZIP, evil pickle in an LZMA member without an end marker', bytes: member('evil.pkl', evil, 14, lzmaEvil), expect: 'dangerous', ...os, member: 'evil.pkl' },
    { name: 'ZIP, evil pickle in a zstd member', bytes: member('evil.pkl', evil, 93, zstd(evil)), expect: 'dangerous', ...os, member: 'evil.pkl' },
    { name: 'ZIP, evil pickle in a bzip2 member', bytes: member('evil.pkl', evil, 12, await sevenZip([{ name: 'x', data: evil }], {}, 'bzip2')), expect: 'dangerous', ...os, member: 'evil.pkl' },
    { name: 'ZIP, evil pickle in an xz member', bytes: member('evil.pkl', evil, 95, await sevenZip([{ name: 'x', data: evil }], {}, 'xz')), expect: 'dangerous', ...os, member: 'evil.pkl' },
    { name: 'torch checkpoint, data.pkl in a zstd member', bytes: torchZip(evil, [], { mutate: (m) => ({ ...m, compressed: { method: 93, body: zstd(m.data) } }) }), expect: 'dangerous', ...os, member: 'archive/data.pkl' },
    { name: 'tar of a ZIP whose LZMA member holds a torch checkpoint', bytes: tar([{ name: 'bundle.zip', data: member('model.pt', torchZip(evil, []), 14, await lzmaMemberWithoutMarker(torchZip(evil, []))) }]), expect: 'dangerous', ...os, member: 'bundle.zip!/model.pt!/archive/data.pkl' },
    // liblzma (Python's zipfile) takes any dictionary size; 7-Zip opens .lzma only with 2ⁿ or 3·2ⁿ.
    { name: 'ZIP, LZMA member with an odd dictionary size', bytes: member('evil.pkl', evil, 14, withDictionary(lzmaEvil, 0x10001)), expect: 'dangerous', ...os },
    // Header and content disagree, as for deflated members.
    { name: 'ZIP, bzip2 member with a bad CRC', bytes: member('evil.pkl', evil, 12, await sevenZip([{ name: 'x', data: evil }], {}, 'bzip2'), { crc: 0xdeadbeef }), expect: 'dangerous', rule: 'archive/bad-crc', ...os },
    { name: 'ZIP, zstd member holding other bytes than its header says', bytes: member('state.pkl', benign, 93, zstd(evil)), expect: 'dangerous', rule: 'archive/header-mismatch', ...os },
    // Bombs: stopped at the ratio cap; a payload before the cap still counts.
    { name: 'ZIP by 7-Zip, BZip2 bomb (20 MB of zeros)', bytes: await sevenZip([{ name: 'zeros.bin', data: zeros }], { method: 'BZip2' }, 'zip'), expect: 'inconclusive', rule: 'archive/bomb' },
    { name: 'ZIP, xz bomb member', bytes: member('zeros.bin', zeros, 95, await sevenZip([{ name: 'x', data: zeros }], {}, 'xz')), expect: 'inconclusive', rule: 'archive/bomb' },
    { name: 'ZIP, zstd RLE bomb whose header claims 4 KB', bytes: member('zeros.bin', new Uint8Array(4096), 93, zstd(new Uint8Array(0), { rle: { byte: 0, blocks: 2000 } })), expect: 'inconclusive', rule: 'archive/bomb' },
    { name: 'ZIP, zstd bomb after an evil pickle', bytes: member('evil.pkl', evil, 93, zstd(evil, { rle: { byte: 0, blocks: 2000 } })), expect: 'dangerous', rule: 'archive/bomb', ...os },
    // Corrupt members: inconclusive, and a payload decoded before the break still counts.
    { name: 'ZIP, bzip2 member with a corrupt byte', bytes: member('model.tar', benignTar, 12, flip(bz2Benign, 30)), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'ZIP, xz member with a corrupt byte', bytes: member('model.tar', benignTar, 95, flip(xzBenign, 30)), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'ZIP, LZMA member truncated', bytes: member('model.tar', benignTar, 14, lzmaBenign.subarray(0, lzmaBenign.length - 40)), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'ZIP, LZMA member with 4 property bytes', bytes: member('evil.pkl', evil, 14, Buffer.concat([Uint8Array.of(9, 20, 4, 0), lzmaEvil.subarray(4)])), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'ZIP, zstd member truncated after an evil block', bytes: member('evil.pkl', evil, 93, zstd(evil, { rle: { byte: 0, blocks: 4 } }).subarray(0, -6)), expect: 'dangerous', rule: 'archive/malformed', ...os },
    // Methods still not decoded stay inconclusive.
    // (7-Zip stores what does not shrink, so the member is padded with zeros.)
    { name: 'ZIP by 7-Zip, PPMd member (method 98)', bytes: await sevenZip([{ name: 'model.tar', data: tar([{ name: 'evil.pkl', data: evil }, { name: 'pad', data: new Uint8Array(10_000) }]) }], { method: 'PPMd' }, 'zip'), expect: 'inconclusive', rule: 'archive/unsupported' },
    ...pythonFixtures().filter((f) => f.expect !== 'clean'),
  ];
}
