import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanInWorkers } from './pool.ts';
import { enoughForWorkers } from './scan-paths.ts';
import { scanFile } from './scan-file.ts';
import { dumps, py } from './test-support/pickle-writer.ts';
import { defaultLimits } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(n: number): string[] {
  return Array.from({ length: n }, (_, k) => {
    const path = join(dir, `f-${n}-${k}.pkl`);
    const value = k % 5 === 3 ? py.reduce(py.global('os', 'system'), py.tuple('id')) : py.dict({ k, name: `layer${k}` });
    writeFileSync(path, dumps(value, 4));
    return path;
  });
}

describe('worker pool', () => {
  it('scans batches of files in workers and returns the reports in order, as in this thread', async () => {
    const paths = files(23);
    const reports = await scanInWorkers(paths, defaultLimits, 2);
    const here = await Promise.all(paths.map((p) => scanFile(p)));
    expect(reports.map((r) => [r.path, r.verdict])).toEqual(here.map((r) => [r.path, r.verdict]));
    expect(reports.filter((r) => r.verdict === 'dangerous')).toHaveLength(4);
  });

  it('a worker that overruns the time budget is replaced and its files reported inconclusive, never dropped', async () => {
    const paths = files(3);
    const reports = await scanInWorkers(paths, { ...defaultLimits, timeMs: 0 }, 1);
    expect(reports).toHaveLength(3);
    expect(reports.map((r) => r.path)).toEqual(paths);
    for (const r of reports) expect(r.verdict).not.toBe('clean');
  });

  it('starts workers only for enough work', () => {
    expect(enoughForWorkers(files(8))).toBe(false);
    expect(enoughForWorkers([])).toBe(false);
  });
});
