import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dumps, py } from '../../../scan/test-support/pickle-writer.ts';
import { benignTorchZip } from '../../../scan/test-support/shapes.ts';
import type { CheckContext, ModelFileTarget } from '../../contract.ts';
import { unsafeDeserialization as check } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function context(path: string): CheckContext<ModelFileTarget> {
  return {
    target: { kind: 'model-file', path },
    signal: new AbortController().signal,
    progress: { update: () => undefined },
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined },
    clock: () => new Date(0),
  };
}

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('model-file/unsafe-deserialization', () => {
  it('examples parse against the params schema', () => {
    for (const e of check.examples) expect(() => check.params.parse(e.params)).not.toThrow();
  });

  it.each([
    ['benign state dict', () => file('ok.pt', benignTorchZip()), {}, 'pass', 'info'],
    ['os.system pickle', () => file('evil.pkl', dumps(py.reduce(py.global('os', 'system'), py.tuple('id')), 2)), {}, 'fail', 'critical'],
    ['unknown class, fail on dangerous only', () => file('custom.pkl', dumps(py.reduce(py.global('__main__', 'Net'), py.tuple()), 4)), { failOn: 'dangerous' }, 'pass', 'medium'],
    ['unknown class, default gate', () => file('custom2.pkl', dumps(py.reduce(py.global('__main__', 'Net'), py.tuple()), 4)), {}, 'fail', 'medium'],
    ['truncated pickle', () => file('broken.pkl', dumps(py.dict({ a: 1 }), 2).subarray(0, 6)), {}, 'inconclusive', 'medium'],
    ['missing file', () => join(dir, 'nope.pt'), {}, 'error', 'info'],
  ] as const)('%s', async (_name, make, raw, outcome, severity) => {
    const result = await check.run(context(make()), check.params.parse(raw));
    expect(result.outcome).toBe(outcome);
    expect(result.severity).toBe(severity);
    expect(() => check.evidence.parse(result.details)).not.toThrow();
  });

  it('points at the member and offset of the payload', async () => {
    const path = file('evil-zip.pt', (await import('../../../scan/test-support/shapes.ts')).torchZip(dumps(py.reduce(py.global('posix', 'system'), py.tuple('id')), 2), []));
    const result = await check.run(context(path), check.params.parse({}));
    expect(result.pointers).toContainEqual(expect.objectContaining({ file: path, member: 'archive/data.pkl', offset: 30 }));
    expect(result.techniques).toContain('AML.T0011.000');
  });
});
