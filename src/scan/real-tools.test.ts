import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Verdict } from './types.ts';
import { scanFile } from './scan-file.ts';

/**
 * Files written by the real Python tools (test/fixtures/real-tools/make.py: pickle, torch.save,
 * torch.jit.save, joblib, numpy, h5py, onnx, safetensors, gguf, dill, cloudpickle, scikit-learn).
 * Every malicious one must be caught; no benign one may be flagged at all.
 */
const root = join(import.meta.dirname, '../../test/fixtures/real-tools');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { files: Record<string, { expect: Verdict; note: string }> };
const cases = Object.entries(manifest.files);

describe('files made by the real Python tools', () => {
  it('covers every tool the reviewers use', () => {
    const kinds = new Set(cases.map(([name]) => name.split('/')[0]));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['hdf5', 'numpy', 'onnx', 'pickle', 'sklearn', 'torch']));
    expect(cases.filter(([, c]) => c.expect === 'clean').length).toBeGreaterThan(40);
    expect(cases.filter(([, c]) => c.expect === 'dangerous').length).toBeGreaterThan(40);
  });

  it.each(cases)('%s', async (name, c) => {
    const r = await scanFile(join(root, 'files', name));
    const summary = `${c.note}\n${JSON.stringify(r.findings.map((f) => [f.level, f.rule, f.message]), null, 1)}`;
    expect(r.verdict, summary).toBe(c.expect);
    if (c.expect === 'clean') expect(r.findings.filter((f) => f.level !== 'info'), summary).toEqual([]);
  });
});
