// One process of the built CLI, timed as a user waits for it: shared by the benches that run `dist/cli/bin.js`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const root = join(import.meta.dirname, '..');
export const bin = join(root, 'dist/cli/bin.js');

export interface Run {
  seconds: number;
  /** User + system CPU time of the process (all its threads), from GNU time: unlike wall time, not inflated by load. */
  cpuSeconds: number;
  peakMb: number;
}

/**
 * One CLI process: wall time, and its CPU time and peak resident memory from GNU time (Linux), else unknown. An exit
 * status outside `ok` (0 by default; `rampart monitor` exits 1 when it raised alerts) is an error.
 */
export function cli(args: string[], cwd = root, ok: readonly number[] = [0]): Run {
  const timed = existsSync('/usr/bin/time');
  const start = performance.now();
  const result = timed
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } })
    : spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  if (!ok.includes(result.status ?? -1)) throw new Error(`rampart ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const [kb, user, system] = timed ? (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
  return { seconds, cpuSeconds: (user ?? NaN) + (system ?? NaN), peakMb: (kb ?? NaN) / 1024 };
}
