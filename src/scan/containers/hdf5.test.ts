import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanBytes, scanFile } from '../scan-file.ts';
import { zip } from '../test-support/zip-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-h5-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A legacy Keras .h5 written by the real HDF5 library (h5wasm), as `model.save('m.h5')` lays it out. */
async function kerasH5(name: string, layers: object[]): Promise<string> {
  const h5wasm = await import('h5wasm/node');
  await h5wasm.ready;
  const path = join(dir, name);
  const f = new h5wasm.File(path, 'w');
  f.create_attribute('keras_version', '2.15.0');
  f.create_attribute('model_config', JSON.stringify({ class_name: 'Sequential', config: { name: 'seq', layers } }));
  f.create_group('model_weights').create_dataset({ name: 'w', data: new Float32Array([1, 2, 3]) });
  f.close();
  return path;
}

describe('HDF5 / Keras .h5', () => {
  it.each([
    ['benign Dense model', [{ class_name: 'InputLayer', config: {} }, { class_name: 'Dense', config: { units: 2 } }], 'clean', undefined],
    ['Lambda layer with bytecode', [{ class_name: 'Lambda', config: { name: 'evil', function: ['4wEAAAAAAAAAAAAAAAEAAAAEAAAAQwAAAHMMAAAAdABkAYMBAQB8AFMAKQJO', null, null], function_type: 'lambda' } }], 'dangerous', 'keras/lambda-layer'],
    ['custom layer class', [{ class_name: 'MyAttention', config: {} }], 'suspicious', 'keras/custom-object'],
  ] as const)('%s', async (name, layers, verdict, rule) => {
    const path = await kerasH5(`${name.replace(/\W+/g, '-')}.h5`, layers as unknown as object[]);
    const report = await scanFile(path);
    expect(report.formats).toContain('keras-h5');
    expect(report.verdict).toBe(verdict);
    if (rule) expect(report.findings.map((f) => f.rule)).toContain(rule);
  });

  it('reads an .h5 nested inside an archive', async () => {
    const path = await kerasH5('nested.h5', [{ class_name: 'Lambda', config: { function: ['x', null, null], function_type: 'lambda' } }]);
    const report = await scanBytes(zip([{ name: 'bundle/model.h5', data: readFileSync(path) }]), 'bundle.zip');
    expect(report.verdict).toBe('dangerous');
    expect(report.findings.find((f) => f.rule === 'keras/lambda-layer')?.member).toBe('bundle/model.h5!/@model_config');
  });

  it('a corrupt HDF5 is inconclusive, not a crash', async () => {
    const bytes = Buffer.concat([Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), Buffer.alloc(200, 7)]);
    const report = await scanBytes(bytes, 'broken.h5');
    expect(report.verdict).toBe('inconclusive');
  });
});
