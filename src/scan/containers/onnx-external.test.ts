import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../scan-file.ts';
import { onnxModel } from '../test-support/formats.ts';

/** ONNX external data read through a symbolic link: a side channel out of the model folder. */
const root = mkdtempSync(join(tmpdir(), 'rampart-onnx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const secret = join(root, 'secret.txt');
writeFileSync(secret, 'token');

function folder(name: string, weights: (dir: string) => void): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.onnx'), onnxModel([{ opType: 'Relu' }], { externalLocation: 'weights.bin' }));
  weights(dir);
  return join(dir, 'model.onnx');
}

describe('ONNX external data links', () => {
  it.each([
    ['a regular file beside the model', (d: string) => writeFileSync(join(d, 'weights.bin'), new Uint8Array(8)), 'clean'],
    ['a link to a file inside the folder', (d: string) => (writeFileSync(join(d, 'real.bin'), new Uint8Array(8)), symlinkSync('real.bin', join(d, 'weights.bin'))), 'clean'],
    ['a link to a file outside the folder', (d: string) => symlinkSync(secret, join(d, 'weights.bin')), 'dangerous'],
    ['a relative link that climbs out', (d: string) => symlinkSync('../secret.txt', join(d, 'weights.bin')), 'dangerous'],
    ['a missing file (nothing is read)', () => undefined, 'clean'],
  ])('%s', async (name, make, verdict) => {
    const r = await scanFile(folder(name.replace(/\W+/g, '-'), make));
    expect(r.verdict, JSON.stringify(r.findings)).toBe(verdict);
  });
});
