import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scanInWorkers } from '../pool.ts';
import { scanBytes, scanFile } from '../scan-file.ts';
import { bufferSource } from '../source.ts';
import { lzmaMemberWithoutMarker, sevenZip, zstd } from '../test-support/compressors.ts';
import { dumps, py } from '../test-support/pickle-writer.ts';
import { zip } from '../test-support/zip-writer.ts';
import { defaultLimits } from '../types.ts';
import { readZipDirectory } from './zip-reader.ts';

const evil = dumps(py.reduce(py.global('os', 'system'), py.tuple('id')), 2);
const benign = dumps(py.dict({ w: [1, 2, 3] }), 4);
const fixture = (name: string): Uint8Array => readFileSync(new URL(`../test-support/fixtures/zip-methods/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rampart-zip-methods-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Compressible content: 7-Zip stores a member that does not shrink. */
const padded = (pickle: Uint8Array): Uint8Array => Buffer.concat([pickle, new TextEncoder().encode('weights\n'.repeat(200))]);

/** The first member of a ZIP as its writer compressed it, with its method and flags. */
function firstMember(archive: Uint8Array): { body: Uint8Array; method: number; flags: number } {
  const e = readZipDirectory(bufferSource(archive), 10).entries[0]!;
  return { body: archive.subarray(e.dataOffset, e.dataOffset + e.compressedSize), method: e.method, flags: e.flags };
}

/** An LZMA member body as 7-Zip's ZIP writer compresses it: with an end marker, flag bit 1 set. */
async function lzmaMemberWithMarker(data: Uint8Array): Promise<Uint8Array> {
  const m = firstMember(await sevenZip([{ name: 'x', data }], { method: 'LZMA' }, 'zip'));
  expect([m.method, m.flags]).toEqual([14, 2]);
  return m.body;
}

/** Member bodies of `data` for each method, as the stream compressors write them, with the flags to set. */
const bodies = async (data: Uint8Array): Promise<[string, number, Uint8Array, number][]> => [
  ['bzip2', 12, await sevenZip([{ name: 'x', data }], {}, 'bzip2'), 0],
  ['LZMA with end marker', 14, await lzmaMemberWithMarker(data), 2],
  ['LZMA without end marker', 14, await lzmaMemberWithoutMarker(data), 0],
  ['zstd', 93, zstd(data, { contentSize: false }), 0],
  ['xz', 95, await sevenZip([{ name: 'x', data }], {}, 'xz'), 0],
];

describe('ZIP members compressed with bzip2, LZMA, zstd and xz', () => {
  it('Python zipfile writes LZMA members with flag bit 1 (end marker) and bzip2 members as whole streams', () => {
    expect(firstMember(fixture('evil-lzma.zip')).flags & 2).toBe(2);
    expect(Buffer.from(firstMember(fixture('evil-bzip2.zip')).body.subarray(0, 3)).toString()).toBe('BZh');
  });

  it.each([
    ['a stored and a deflated member beside an LZMA one are all scanned', fixture('evil-mixed.zip'), ['model/evil.pkl']],
    ['an .npz with an object array in an LZMA member (np.load reads it through zipfile)', fixture('evil-lzma.npz'), ['objects.npy!/@128:object-array']],
  ])('%s', async (_name, bytes, members) => {
    const r = await scanBytes(bytes, 'archive.zip');
    expect(r.verdict).toBe('dangerous');
    expect(r.findings.filter((f) => f.rule === 'pickle/dangerous-call').map((f) => f.member)).toEqual(members);
  });

  it('the LZMA header follows flag bit 1: an end marker the flag does not announce is read, a missing one is not', async () => {
    const content = padded(benign);
    const member = async (body: Uint8Array, flags: number, data = content): Promise<string> => (await scanBytes(zip([{ name: 'a.pkl', data, compressed: { method: 14, body }, flags }]))).verdict;
    expect(await member(await lzmaMemberWithMarker(content), 2)).toBe('clean');
    expect(await member(await lzmaMemberWithoutMarker(content), 0)).toBe('clean');
    // Known size and a marker after it: 7-Zip stops at the size.
    expect(await member(await lzmaMemberWithMarker(content), 0)).toBe('clean');
    // Bit 1 set but no marker: 7-Zip cannot tell the end from a cut, so the member is inconclusive —
    // and what it decoded is still scanned.
    expect(await member(await lzmaMemberWithoutMarker(content), 2)).toBe('inconclusive');
    expect(await member(await lzmaMemberWithoutMarker(padded(evil)), 2, padded(evil))).toBe('dangerous');
  });

  it('a member whose header claims more than the member cap is not decoded (as for deflate)', async () => {
    for (const [name, method, body, flags] of await bodies(new Uint8Array(300_000))) {
      const r = await scanBytes(zip([{ name: 'big.bin', data: new Uint8Array(300_000), compressed: { method, body }, flags }]), name, { ...defaultLimits, maxMemberBytes: 100_000 });
      expect(r.verdict, name).toBe('inconclusive');
      expect(r.findings.find((f) => f.rule === 'archive/bomb')?.message, name).toMatch(/would inflate to 300000 bytes|bytes compressed, over the member cap/);
    }
  });

  it('members share the 2 GB total: what the first decodes is taken from the second', async () => {
    const body = await sevenZip([{ name: 'x', data: new Uint8Array(150_000) }], {}, 'xz');
    const bytes = zip(['a.bin', 'b.bin'].map((name) => ({ name, data: new Uint8Array(150_000), compressed: { method: 95, body } })));
    const r = await scanBytes(bytes, 'two.zip', { ...defaultLimits, maxTotalInflated: 200_000 });
    const bombs = r.findings.filter((f) => f.rule === 'archive/bomb');
    expect(bombs.map((f) => f.member)).toEqual(['b.bin']);
    expect(bombs[0]!.message).toMatch(/over the 50000-byte cap/);
  });

  it('past the deadline nothing is decoded and the file is not clean', async () => {
    const bytes = zip([{ name: 'a.pkl', data: evil, compressed: { method: 93, body: zstd(evil) } }]);
    const r = await scanBytes(bytes, 'late.zip', { ...defaultLimits, timeMs: -1 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.findings.map((f) => f.rule)).toContain('pickle/limit');
  });

  it('a cut member body is never clean, whatever the method', async () => {
    const content = padded(benign);
    for (const [name, method, body, flags] of await bodies(content)) {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: body.length - 1 }), async (n) => {
          const r = await scanBytes(zip([{ name: 'm.bin', data: content, compressed: { method, body: body.subarray(0, n) }, flags }]), name, { ...defaultLimits, timeMs: 2_000 });
          expect(r.verdict, `${name} cut at ${n}: ${JSON.stringify(r.findings)}`).not.toBe('clean');
        }),
        { numRuns: 12 },
      );
    }
  });

  it('reads the members after the archive was listed, from disk and in worker threads alike', async () => {
    const paths = ['evil-lzma.zip', 'evil-bzip2.npz'].map((name) => {
      const path = join(dir, name);
      writeFileSync(path, fixture(name));
      return path;
    });
    expect((await scanFile(paths[0]!)).verdict).toBe('dangerous');
    const inWorkers = await scanInWorkers(paths, defaultLimits, 1);
    expect(inWorkers.map((r) => r.verdict)).toEqual(['dangerous', 'dangerous']);
  });
});
