import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommand } from './test-support/cli-command.ts';

/** A followed log runs until interrupted, so a mapping that misreads it must be said while it runs, not only at the end. */
describe('rampart monitor --follow', () => {
  it('warns after 200 lines that the mapping reads no input, then exits 2 when interrupted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-follow-'));
    const log = join(dir, 'payloads.jsonl');
    const line = (i: number) => JSON.stringify({ time: '2026-11-30T08:00:00Z', client: `c${i % 3}`, request: { instances: [[i / 250, 0.5]] }, response: { predictions: [[0.2, 0.8]] } });
    await writeFile(log, Array.from({ length: 250 }, (_, i) => line(i)).join('\n') + '\n');
    const child = spawn(process.execPath, [...cliCommand(), 'monitor', log, '--follow'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const warned = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('warning: after 200 lines')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await warned;
    child.kill('SIGINT');
    expect(await exited).toBe(2);
    expect(stderr).toMatch(/warning: after 200 lines: none of the 200 event\(s\) carried input, label, .* under mapping rampart: only monitor\/flooding could judge them, so no alert means nothing \(these lines look like --mapping kserve/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
