import { readdirSync, readFileSync } from 'node:fs';
import type { Fixture } from './corpus.ts';
import { lz4, rename7z, sevenZip, zstd } from './compressors.ts';
import { dumps, py } from './pickle-writer.ts';
import { benignTorchZip, stateDict, torchZip } from './shapes.ts';
import { tar } from './zip-writer.ts';
import { zipMethodBenignFixtures, zipMethodMaliciousFixtures } from './zip-methods.ts';

/**
 * The compressed part of the corpus: 7z, xz, legacy lzma, bzip2, zstd and LZ4 — benign, malicious
 * (os.system pickle inside, also nested in tar and torch zips), a bomb per format stopped at the ratio
 * cap, and truncated, corrupt or unreadable streams that must come out inconclusive, never clean — and
 * ZIP members compressed with these methods (zip-methods.ts). Asynchronous because 7-Zip (7z-wasm) writes the 7z/xz/bzip2 fixtures.
 */
const FIXTURES = new URL('./fixtures/compressed/', import.meta.url);
const evil = dumps(py.reduce(py.global('os', 'system'), py.tuple('echo pwned')), 2);
const benign = dumps(stateDict([['layer.weight', [2, 2]]]), 2);
const zeros = new Uint8Array(20_000_000);
const cut = (b: Uint8Array, drop: number): Uint8Array => b.subarray(0, b.length - drop);
const flip = (b: Uint8Array, at: number): Uint8Array => {
  const c = Uint8Array.from(b);
  c[at < 0 ? c.length + at : at]! ^= 0x55;
  return c;
};

/** The files Python wrote (fixtures/compressed/): benign.* clean, evil.* dangerous, bomb.* stopped at the cap. */
function pythonFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((n) => /^(benign|evil|bomb)/.test(n))
    .map((n): Fixture => {
      const bytes = readFileSync(new URL(n, FIXTURES));
      if (n.startsWith('benign')) return { name: `python ${n}`, bytes, expect: 'clean' };
      if (n.startsWith('bomb')) return { name: `python ${n}`, bytes, expect: 'inconclusive', rule: 'archive/bomb' };
      return { name: `python ${n}`, bytes, expect: 'dangerous', global: 'posix.system', ...(n.includes('.tar.') ? { member: '!/model/evil.pkl' } : {}) };
    });
}

export async function compressedBenignFixtures(): Promise<Fixture[]> {
  const model = benignTorchZip();
  const bundle = tar([{ name: 'model/pytorch_model.bin', data: model }, { name: 'model/config.txt', data: new TextEncoder().encode('hidden=2\n') }]);
  const fixtures: (Fixture | Promise<Fixture>)[] = [
    { name: '7z of a torch checkpoint (LZMA2)', bytes: await sevenZip([{ name: 'model/pytorch_model.bin', data: model }, { name: 'README.md', data: new TextEncoder().encode('# model\n') }]), expect: 'clean' },
    ...(['PPMd', 'BZip2', 'Deflate', 'Copy', 'LZMA'] as const).map(async (method): Promise<Fixture> => ({ name: `7z, ${method} coder`, bytes: await sevenZip([{ name: 'state.pkl', data: benign }], { method }), expect: 'clean' })),
    { name: 'xz of a tar bundle', bytes: await sevenZip([{ name: 'model.tar', data: bundle }], {}, 'xz'), expect: 'clean' },
    { name: 'bzip2 of a tar bundle', bytes: await sevenZip([{ name: 'model.tar', data: bundle }], {}, 'bzip2'), expect: 'clean' },
    { name: 'zstd of a tar bundle (raw blocks, content size)', bytes: zstd(bundle), expect: 'clean' },
    { name: 'zstd of a pickle (streamed, no content size)', bytes: zstd(benign, { contentSize: false }), expect: 'clean' },
    { name: 'LZ4 frame of a torch checkpoint', bytes: lz4(model), expect: 'clean' },
    ...pythonFixtures().filter((f) => f.expect === 'clean'),
    ...(await zipMethodBenignFixtures()),
  ];
  return Promise.all(fixtures);
}

export async function compressedMaliciousFixtures(): Promise<Fixture[]> {
  const os = { global: 'os.system' };
  const good7z = await sevenZip([{ name: 'a.pkl', data: benign }, { name: 'b.pkl', data: benign }]);
  const goodXz = await sevenZip([{ name: 'model.tar', data: tar([{ name: 'model.pt', data: benign }]) }], {}, 'xz');
  const goodBz2 = await sevenZip([{ name: 'model.tar', data: tar([{ name: 'model.pt', data: benign }]) }], {}, 'bzip2');
  const goodLz4 = lz4(tar([{ name: 'model.pt', data: benign }]));
  const fixtures: (Fixture | Promise<Fixture>)[] = [
    // Payloads inside each container, with the member chain the evidence must carry.
    { name: '7z with an evil torch checkpoint', bytes: await sevenZip([{ name: 'model.pt', data: torchZip(evil, []) }]), expect: 'dangerous', ...os, member: 'model.pt!/archive/data.pkl' },
    ...(['PPMd', 'BZip2', 'Deflate', 'Copy', 'LZMA'] as const).map(async (method): Promise<Fixture> => ({ name: `7z evil pickle, ${method} coder`, bytes: await sevenZip([{ name: 'evil.pkl', data: evil }], { method }), expect: 'dangerous', ...os, member: 'evil.pkl' })),
    { name: '7z inside 7z', bytes: await sevenZip([{ name: 'inner.7z', data: await sevenZip([{ name: 'data.pkl', data: evil }]) }]), expect: 'dangerous', ...os, member: 'inner.7z!/data.pkl' },
    { name: '7z member named ../', bytes: rename7z(await sevenZip([{ name: 'xx_evil.pkl', data: evil }], { plainHeaders: true, method: 'Copy' }), 'xx_evil.pkl', '../evil.pkl'), expect: 'dangerous', rule: 'archive/path-traversal', ...os },
    { name: '7z absolute member name', bytes: rename7z(await sevenZip([{ name: 'xxxxetc_cron', data: benign }], { plainHeaders: true, method: 'Copy' }), 'xxxxetc_cron', '/etc/cron.d/'), expect: 'dangerous', rule: 'archive/path-traversal' },
    { name: '7z symlink to /etc/passwd', bytes: await sevenZip([{ name: 'model.bin', link: '/etc/passwd' }]), expect: 'dangerous', rule: 'archive/symlink' },
    { name: '7z duplicate names: benign then evil', bytes: rename7z(await sevenZip([{ name: 'b.pkl', data: benign }, { name: 'a.pkl', data: evil }], { plainHeaders: true, method: 'Copy' }), 'b.pkl', 'a.pkl'), expect: 'dangerous', rule: 'archive/header-mismatch', ...os },
    { name: '7z with trailing bytes', bytes: Buffer.concat([await sevenZip([{ name: 'evil.pkl', data: evil }]), Buffer.from('tail')]), expect: 'dangerous', rule: 'format/trailing-data' },
    { name: 'xz of an evil pickle', bytes: await sevenZip([{ name: 'evil.pkl', data: evil }], {}, 'xz'), expect: 'dangerous', ...os, member: '<unxz>' },
    { name: 'tar.xz with an evil model', bytes: await sevenZip([{ name: 'model.tar', data: tar([{ name: 'model.pt', data: torchZip(evil, []) }]) }], {}, 'xz'), expect: 'dangerous', ...os, member: '<unxz>!/model.pt!/archive/data.pkl' },
    { name: 'xz: benign stream then evil stream (concatenated)', bytes: Buffer.concat([await sevenZip([{ name: 'a', data: benign }], {}, 'xz'), await sevenZip([{ name: 'b', data: evil }], {}, 'xz')]), expect: 'dangerous', ...os },
    { name: 'tar.bz2 with an evil pickle', bytes: await sevenZip([{ name: 'model.tar', data: tar([{ name: 'model.pkl', data: evil }]) }], {}, 'bzip2'), expect: 'dangerous', ...os, member: '<bunzip2>!/model.pkl' },
    { name: 'bzip2: benign stream then evil stream (concatenated)', bytes: Buffer.concat([await sevenZip([{ name: 'a', data: benign }], {}, 'bzip2'), await sevenZip([{ name: 'b', data: evil }], {}, 'bzip2')]), expect: 'dangerous', ...os },
    { name: 'zstd raw blocks, evil pickle', bytes: zstd(evil), expect: 'dangerous', ...os, member: '<unzstd>' },
    { name: 'zstd streamed, evil tar', bytes: zstd(tar([{ name: 'model.pkl', data: evil }]), { contentSize: false }), expect: 'dangerous', ...os, member: '<unzstd>!/model.pkl' },
    { name: 'zstd: benign frame then evil frame', bytes: Buffer.concat([zstd(benign), zstd(evil)]), expect: 'dangerous', ...os },
    { name: 'LZ4 frame of an evil checkpoint', bytes: lz4(torchZip(evil, [])), expect: 'dangerous', ...os, member: '<unlz4>!/archive/data.pkl' },
    { name: 'LZ4: benign frame then evil frame (lz4-napi alone reads only the first)', bytes: Buffer.concat([lz4(benign), lz4(evil)]), expect: 'dangerous', ...os },
    // Bombs: each stops at the ratio cap; a payload before the cap is still found.
    ...(['7z', 'xz', 'bzip2'] as const).map(async (type): Promise<Fixture> => ({ name: `${type} bomb (20 MB of zeros)`, bytes: await sevenZip([{ name: 'zeros.bin', data: zeros }], {}, type), expect: 'inconclusive', rule: 'archive/bomb' })),
    { name: 'zstd bomb (RLE blocks, content size)', bytes: zstd(new Uint8Array(0), { rle: { byte: 0, blocks: 2000 } }), expect: 'inconclusive', rule: 'archive/bomb' },
    { name: 'zstd bomb (RLE blocks, streamed)', bytes: zstd(new Uint8Array(0), { rle: { byte: 0, blocks: 2000 }, contentSize: false }), expect: 'inconclusive', rule: 'archive/bomb' },
    { name: 'LZ4 bomb (20 MB of zeros)', bytes: lz4(zeros), expect: 'inconclusive', rule: 'archive/bomb' },
    { name: '7z bomb after an evil member', bytes: await sevenZip([{ name: 'a.pkl', data: evil }, { name: 'zeros.bin', data: zeros }]), expect: 'dangerous', rule: 'archive/bomb', ...os },
    { name: 'zstd bomb after an evil pickle', bytes: zstd(evil, { rle: { byte: 0, blocks: 2000 } }), expect: 'dangerous', rule: 'archive/bomb', ...os },
    // Broken streams: inconclusive, and a payload decoded before the break still counts.
    { name: '7z truncated', bytes: cut(good7z, 30), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: '7z with a corrupt packed stream', bytes: flip(good7z, 40), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'xz truncated', bytes: cut(goodXz, 20), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'xz with a corrupt byte', bytes: flip(goodXz, 30), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'bzip2 truncated', bytes: cut(goodBz2, 10), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'bzip2 with a corrupt byte', bytes: flip(goodBz2, 30), expect: 'inconclusive', rule: 'archive/malformed' },
    // The tar member cut short still holds the payload's first opcodes: pickle.load(tar.extractfile(m)) runs them.
    { name: 'lzma truncated', bytes: cut(readFileSync(new URL('evil.tar.lzma', FIXTURES)), 60), expect: 'dangerous', rule: 'archive/malformed' },
    { name: 'zstd truncated', bytes: cut(zstd(tar([{ name: 'model.pt', data: benign }])), 100), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'zstd truncated after an evil block', bytes: cut(zstd(evil, { rle: { byte: 0, blocks: 4 } }), 6), expect: 'dangerous', rule: 'archive/malformed', ...os },
    { name: 'LZ4 truncated', bytes: cut(goodLz4, 6), expect: 'inconclusive', rule: 'archive/malformed' },
    { name: 'LZ4 with a corrupt block size', bytes: flip(goodLz4, 10), expect: 'inconclusive', rule: 'archive/malformed' },
    // What cannot be read stays inconclusive.
    { name: '7z encrypted member', bytes: await sevenZip([{ name: 'evil.pkl', data: evil }], { password: 's3cret' }), expect: 'inconclusive', rule: 'archive/unsupported' },
    { name: '7z encrypted headers', bytes: await sevenZip([{ name: 'evil.pkl', data: evil }], { password: 's3cret', encryptHeaders: true }), expect: 'inconclusive', rule: 'archive/unsupported' },
    { name: 'zstd frame with a 2 GB window', bytes: zstd(evil, { windowLog: 31, contentSize: false }), expect: 'inconclusive', rule: 'archive/unsupported' },
    { name: 'zstd with trailing junk', bytes: Buffer.concat([zstd(benign), Buffer.from('junkjunk')]), expect: 'suspicious', rule: 'format/trailing-data' },
    { name: 'xz with trailing junk', bytes: Buffer.concat([goodXz, Buffer.from('junk')]), expect: 'suspicious', rule: 'format/trailing-data' },
    ...pythonFixtures().filter((f) => f.expect !== 'clean'),
    ...(await zipMethodMaliciousFixtures()),
  ];
  return Promise.all(fixtures);
}
