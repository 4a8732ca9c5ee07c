import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanBytes } from './scan-file.ts';
import { dumps, py } from './test-support/pickle-writer.ts';
import { benignTorchZip, joblibDump, npy, float32 } from './test-support/shapes.ts';
import { gguf, onnxModel, safetensors } from './test-support/formats.ts';
import { defaultLimits } from './types.ts';

/**
 * Property-based fuzzing: whatever the bytes, the scanner returns a report (no throw, no hang) and never
 * calls a file clean when it could not read it. Runs are bounded to keep the suite fast.
 */
const limits = { ...defaultLimits, timeMs: 2_000 };
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

async function scanOk(bytes: Uint8Array): Promise<void> {
  const r = await scanBytes(bytes, 'fuzz.bin', limits);
  expect(['clean', 'suspicious', 'dangerous', 'inconclusive']).toContain(r.verdict);
  expect(r.durationMs).toBeLessThan(limits.timeMs * 2);
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
        const r = await scanBytes(Buffer.concat([head, tail]), 'tail.pkl', limits);
        expect(r.verdict).toBe('dangerous');
      }),
      { numRuns: 150 },
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
