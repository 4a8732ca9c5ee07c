import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { lz4, sevenZip, zstd } from './test-support/compressors.ts';
import { tar } from './test-support/zip-writer.ts';
import { dumps, py } from './test-support/pickle-writer.ts';
import { benignTorchZip, joblibDump, npy, float32 } from './test-support/shapes.ts';
import { gguf, onnxModel, safetensors } from './test-support/formats.ts';
import { defaultLimits } from './types.ts';

/**
 * Property-based fuzzing: whatever the bytes, the scanner returns a report (no throw, no hang) and never
 * calls a file clean when it could not read it. Runs are bounded to keep the suite fast.
 */
const limits = { ...defaultLimits, timeMs: 2_000 };
/** For verdicts that must not turn inconclusive because a loaded machine reached the 2 s deadline first. */
const roomy = { ...defaultLimits, timeMs: 120_000 };
const payload = dumps(py.reduce(py.global('os', 'system'), py.tuple('id')), 2);
const seeds: [string, Uint8Array][] = [
  ['pickle', dumps(py.dict({ a: [1, 2, py.float(3)], b: 'x', c: py.tuple(null, true) }), 4)],
  ['torch zip', benignTorchZip()],
  ['joblib', joblibDump([[1, 2, 3]])],
  ['npy', npy('<f4', [2], float32([1, 2]))],
  ['safetensors', safetensors([{ name: 'a', dtype: 'F32', shape: [1], begin: 0, end: 4 }], new Uint8Array(4))],
  ['onnx', onnxModel([{ opType: 'Relu' }])],
  ['gguf', gguf([['tokenizer.chat_template', '{{ x }}']])],
];
// Compressed containers, each around benign content, so a truncated one must never come out clean.
const fixture = (name: string): Uint8Array => readFileSync(new URL(`./test-support/fixtures/compressed/${name}`, import.meta.url));
const bundle = tar([{ name: 'model/state.pkl', data: seeds[0]![1] }, { name: 'model/notes.txt', data: new TextEncoder().encode('weights\n'.repeat(40)) }]);
const compressed: [string, Uint8Array][] = [
  ['7z', await sevenZip([{ name: 'state.pkl', data: seeds[0]![1] }, { name: 'model.pt', data: benignTorchZip() }])],
  ['xz', await sevenZip([{ name: 'model.tar', data: bundle }], {}, 'xz')],
  ['bzip2', await sevenZip([{ name: 'model.tar', data: bundle }], {}, 'bzip2')],
  ['lzma', fixture('benign.tar.lzma')],
  ['zstd (compressed blocks)', fixture('benign.tar.zst')],
  ['zstd (raw blocks)', zstd(bundle)],
  ['lz4', lz4(bundle)],
];
seeds.push(...compressed, ['zstd (evil tar, compressed blocks)', fixture('evil.tar.zst')]);
// ZIP members that 7-Zip or fzstd decode (zip.ts), as Python's zipfile wrote them.
const zipMethod = (name: string): Uint8Array => readFileSync(new URL(`./test-support/fixtures/zip-methods/${name}`, import.meta.url));
seeds.push(['zip (LZMA members)', zipMethod('benign-lzma.npz')], ['zip (bzip2 members)', zipMethod('benign-bzip2.zip')]);

async function scanOk(bytes: Uint8Array): Promise<void> {
  // CPU time, not wall time: a hang shows as work done, whereas a loaded machine only stretches the clock.
  const before = process.cpuUsage();
  const r = await scanBytes(bytes, 'fuzz.bin', limits);
  expect(['clean', 'suspicious', 'dangerous', 'inconclusive']).toContain(r.verdict);
  const used = process.cpuUsage(before);
  expect((used.user + used.system) / 1000).toBeLessThan(limits.timeMs * 2);
}

describe('fuzzing', () => {
  it('random bytes never crash the scanner', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), scanOk), { numRuns: 300 });
  });

  it('random opcode soup never crashes the pickle engine', async () => {
    const opcode = fc.constantFrom(...'()0123FIJKLMNPQRSTUVXabcdeghijlopqrstu}]GBC'.split('').map((c) => c.charCodeAt(0)), ...Array.from({ length: 25 }, (_, k) => 0x80 + k));
    const soup = fc.array(fc.oneof(opcode, fc.integer({ min: 0, max: 255 })), { maxLength: 300 }).map((a) => Uint8Array.from([0x80, 4, ...a]));
    await fc.assert(fc.asyncProperty(soup, scanOk), { numRuns: 300 });
  });

  it.each(seeds)('mutated %s files never crash a reader', async (_name, seed) => {
    const mutation = fc.record({ at: fc.nat({ max: seed.length - 1 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }), cut: fc.option(fc.nat({ max: seed.length }), { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ at, bytes, cut }) => {
        const copy = Uint8Array.from(seed);
        copy.set(bytes.subarray(0, Math.max(0, copy.length - at)), at);
        await scanOk(cut === undefined ? copy : copy.subarray(0, cut));
      }),
      { numRuns: 60 },
    );
  });

  it('a payload followed by any tail is still dangerous (broken or stacked tails)', async () => {
    const head = payload.subarray(0, payload.length - 1);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (tail) => {
        const r = await scanBytes(Buffer.concat([head, tail]), 'tail.pkl', roomy);
        expect(r.verdict).toBe('dangerous');
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['zstd', async (b: Uint8Array) => zstd(b, { contentSize: false }), 60],
    ['lz4', async (b: Uint8Array) => lz4(b), 60],
    ['xz', (b: Uint8Array) => sevenZip([{ name: 'm', data: b }], {}, 'xz'), 15],
    ['7z', (b: Uint8Array) => sevenZip([{ name: 'm.pkl', data: b }]), 15],
  ] as const)('a payload followed by any tail, %s-compressed, is still dangerous', async (_name, compress, numRuns) => {
    const head = payload.subarray(0, payload.length - 1);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300_000 }).map((t) => Buffer.concat([head, t])), async (content) => {
        const r = await scanBytes(await compress(content), 'tail.bin', roomy);
        expect(r.verdict, JSON.stringify(r.findings)).toBe('dangerous');
      }),
      { numRuns },
    );
  });

  it.each(compressed)('truncated %s streams are never reported clean', async (_name, whole) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 8, max: whole.length - 1 }), async (n) => {
        const r = await scanBytes(whole.subarray(0, n), 'cut.bin', limits);
        expect(r.verdict, JSON.stringify(r.findings)).not.toBe('clean');
      }),
      { numRuns: 25 },
    );
  });

  it('truncated benign pickles are never reported clean', async () => {
    const full = dumps(py.dict({ weights: [1, 2, 3], name: 'model', nested: py.dict({ a: py.tuple(1, 2) }) }), 4);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: full.length - 1 }), async (n) => {
        const r = await scanBytes(full.subarray(0, n), 'cut.pkl', limits);
        expect(r.verdict).not.toBe('clean');
      }),
      { numRuns: 80 },
    );
  });
});
