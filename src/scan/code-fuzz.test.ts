import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysePython } from './containers/python-source.ts';
import { scanBytes } from './scan-file.ts';
import { benignModeling, evilModeling, hfFolder, remoteCodeConfig } from './test-support/hf.ts';
import { benignTorchScriptCode, torchScriptZip } from './test-support/torchscript.ts';
import { zip } from './test-support/zip-writer.ts';
import { defaultLimits } from './types.ts';

/**
 * Property tests for the code checks: the Python analyser never throws or stalls on any text, a payload
 * planted on any line of a real-looking modeling file is found, and mutated model folders and TorchScript
 * archives never crash a reader.
 */
const limits = { ...defaultLimits, timeMs: 2_000 };
const lines = benignModeling.split('\n');
const soup = fc.array(fc.constantFrom('f"{', '}"', "'", '"""', '(', ')', '[', ']', '{', '}', '\\', '\n', ' ', '#', 'import ', 'from ', ' as ', '.', ',', '=', 'os', 'system', 'getattr', '__import__', 'exec', "r'", "b'", '\\x', '+', 'def ', 'lambda ', ':', 'ｅ'), { maxLength: 200 }).map((a) => a.join(''));

describe('code checks under fuzzing', () => {
  it('the analyser accepts any text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), soup), (src) => {
      // CPU time, not wall time: a stall shows as work done, whereas a loaded machine only stretches the clock.
      const before = process.cpuUsage();
      const a = analysePython(src);
      expect(Array.isArray(a.issues)).toBe(true);
      const used = process.cpuUsage(before);
      expect((used.user + used.system) / 1000).toBeLessThan(1_000);
    }), { numRuns: 400 });
  });

  it('a payload planted on any line of a modeling file is dangerous', () => {
    const payloads = ['__import__("os").system("id")', 'import subprocess; subprocess.run(["sh"])', 'exec(__import__("base64").b64decode(b"aWQ="))', 'getattr(__import__("o"+"s"), "popen")("id")'];
    fc.assert(fc.property(fc.nat({ max: lines.length }), fc.constantFrom(...payloads), fc.constantFrom('', '    ', '        '), (at, payload, indent) => {
      const src = [...lines.slice(0, at), indent + payload, ...lines.slice(at)].join('\n');
      expect(analysePython(src).issues.some((i) => i.level === 'dangerous'), src).toBe(true);
    }), { numRuns: 200 });
  });

  it.each([
    ['HF folder zip', zip(hfFolder({ 'config.json': remoteCodeConfig(), 'modeling_tiny.py': evilModeling }))],
    ['TorchScript zip', torchScriptZip({ '__torch__.py': benignTorchScriptCode })],
  ])('mutated %s never crashes a reader', async (_name, seed) => {
    const mutation = fc.record({ at: fc.nat({ max: seed.length - 1 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }), cut: fc.option(fc.nat({ max: seed.length }), { nil: undefined }) });
    await fc.assert(fc.asyncProperty(mutation, async ({ at, bytes, cut }) => {
      const copy = Uint8Array.from(seed);
      copy.set(bytes.subarray(0, Math.max(0, copy.length - at)), at);
      const r = await scanBytes(cut === undefined ? copy : copy.subarray(0, cut), 'fuzz.zip', limits);
      expect(['clean', 'suspicious', 'dangerous', 'inconclusive']).toContain(r.verdict);
    }), { numRuns: 60 });
  });
});
