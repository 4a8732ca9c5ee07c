import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { lz4, zstd } from './test-support/compressors.ts';
import { zip } from './test-support/zip-writer.ts';
import { npyRaw } from './test-support/adversarial/numpy.ts';
import { tarOf, paxEntry } from './test-support/adversarial/tar-writer.ts';
import { benignPickle, bytes, gzip, u32 } from './test-support/adversarial/types.ts';
import { evilOps, type Noop } from './test-support/adversarial/mutations.ts';

/**
 * Mutation fuzzing of the adversarial suite: a malicious pickle is rewritten in ways that keep it
 * loadable — another protocol, GLOBAL or STACK_GLOBAL, FRAME, memo writes and push/pop no-ops between
 * its opcodes — and packed into a container a loader reads (tar member types and PAX sizes, ZIP modes,
 * split gzip members, object-dtype .npy, polyglot headers read from byte 0). Every result must stay
 * dangerous. Bounded runs with a fixed seed, so a failure reproduces.
 */
type Wrap = (p: Uint8Array, n: number) => Uint8Array;
const wrappers: [string, Wrap][] = [
  ['raw', (p) => p],
  ['tar member, random type', (p, n) => tarOf([{ name: 'm.pkl', type: ['0', '\0', '7', 'Z', 'A'][n % 5]!, data: p }])],
  ['tar with PAX size', (p) => tarOf([paxEntry({ size: String(p.length) }), { name: 'm.pkl', headerSize: 0, data: p }])],
  ['tar v7', (p) => tarOf([{ name: 'm.pkl', v7: true, data: p }])],
  ['zip stored', (p) => zip([{ name: 'data.pkl', data: p }])],
  ['zip deflated, renamed', (p, n) => zip([{ name: `archive/x${n}`, data: p, method: 'deflate' }])],
  ['gzip split', (p, n) => bytes(gzip(p.subarray(0, n % p.length)), gzip(p.subarray(n % p.length)))],
  ['npy object array', (p) => npyRaw("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", p)],
  ['npy trailing', (p) => npyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", bytes(new Uint8Array(8), p))],
  ['zstd skippable U prefix', (p) => bytes([0x55, 0x2a, 0x4d, 0x18], u32(36 + p.length), new Uint8Array(36).fill(0x41), p, zstd(benignPickle()))],
  ['lz4 skippable U prefix', (p) => bytes([0x55, 0x2a, 0x4d, 0x18], u32(36 + p.length), new Uint8Array(36).fill(0x41), p, lz4(benignPickle()))],
  ['after a pickle in front of a zip', (p) => bytes(p, zip([{ name: 'w', data: new Uint8Array(16) }]))],
];

describe('mutated malicious files stay dangerous', () => {
  it('across protocols, no-op insertions, FRAME and containers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        fc.array(fc.constantFrom<Noop>('none-pop', 'mark-popmark', 'list-pop', 'memo'), { maxLength: 6 }),
        fc.boolean(),
        fc.integer({ min: 0, max: wrappers.length - 1 }),
        fc.integer({ min: 1, max: 1000 }),
        async (protocol, stackGlobal, noops, frame, w, n) => {
          const [name, wrap] = wrappers[w]!;
          const file = wrap(evilOps(protocol, stackGlobal, noops, frame), n);
          const r = await scanBytes(file, `fuzz-${name}`);
          expect(r.verdict, `${name} p${protocol} ${noops.join(',')} frame=${frame}: ${JSON.stringify(r.findings.map((f) => [f.level, f.rule, f.message]))}`).toBe('dangerous');
        },
      ),
      { seed: 20261204, numRuns: 150 },
    );
  });
});
