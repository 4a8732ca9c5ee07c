import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support/run-cli.ts';
import { dumps, py } from './test-support/pickle-writer.ts';
import { benignTorchZip } from './test-support/shapes.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-scan-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const put = (name: string, bytes: Uint8Array): string => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  return path;
};
const evil = put('evil/model.pkl', dumps(py.reduce(py.global('os', 'system'), py.tuple('id')), 2));
const custom = put('custom/model.pkl', dumps(py.reduce(py.global('__main__', 'Net'), py.tuple()), 4));
const ok = put('ok/pytorch_model.bin', benignTorchZip());
const broken = put('broken/model.pkl', dumps(py.dict({ a: 1 }), 2).subarray(0, 6));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli('scan', ...args);
  return { code, out: stdout, err: stderr };
}

describe('rampart scan', () => {
  beforeEach(() => {
    process.exitCode = undefined;
  });

  it.each([
    ['clean file', [ok], 0],
    ['dangerous file', [evil], 1],
    ['suspicious file at the default gate', [custom], 1],
    ['suspicious file, --fail-on dangerous', [custom, '--fail-on', 'dangerous'], 0],
    ['broken file', [broken], 3],
    ['dangerous beats inconclusive', [broken, evil], 1],
    ['folder, recursively', [dir, '--jobs', '0'], 1],
    ['missing path', [join(dir, 'nope')], 2],
    ['bad --fail-on', [ok, '--fail-on', 'maybe'], 2],
    ['bad --jobs', [ok, '--jobs', 'many'], 2],
  ] as const)('%s → exit %s', async (_name, args, code) => {
    expect((await run(...args)).code).toBe(code);
  });

  it('json output lists every file with its verdict', async () => {
    const { out } = await run(dir, '--format', 'json', '--jobs', '0');
    const parsed = JSON.parse(out) as { summary: { files: number }; files: { path: string; verdict: string }[] };
    expect(parsed.summary.files).toBe(4);
    expect(Object.fromEntries(parsed.files.map((f) => [f.path.split('/').slice(-2, -1)[0], f.verdict]))).toEqual({ broken: 'inconclusive', custom: 'suspicious', evil: 'dangerous', ok: 'clean' });
  });

  it('text output names the global, its arguments and the offset', async () => {
    const { out } = await run(evil);
    expect(out).toMatch(/DANGEROUS/);
    expect(out).toMatch(/@27 .*os\.system\("id"\)/);
  });

  it('scans folders with worker threads', async () => {
    const { out, code } = await run(dir, '--format', 'sarif', '--jobs', '2');
    expect(code).toBe(1);
    expect((JSON.parse(out) as { runs: { results: unknown[] }[] }).runs[0]!.results.length).toBeGreaterThan(2);
  });
});
