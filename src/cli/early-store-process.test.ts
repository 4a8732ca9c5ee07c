import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCommand } from './test-support/cli-command.ts';

// The real CLI (the build, or bin.ts through tsx: cli-command.ts), where the review's store is opened before commander
// loads (early-store.ts): a command line that never gets to storing must leave no store, lock or staging copy behind,
// and one that does stores as before. Run from another working folder.
const example = fileURLToPath(new URL('../../examples/acme-bank', import.meta.url));
const roots: string[] = [];

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

function rampart(cwd: string, argv: string[]): Promise<{ code: number; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['DATABASE_URL', 'RAMPART_STORE', 'RAMPART_TIMING']) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, [...cliCommand(), ...argv], { cwd, env }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr });
    });
  });
}

async function workingFolder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'rampart-early-'));
  roots.push(root);
  await writeFile(join(root, 'a-file'), 'not a folder');
  return root;
}

describe('a review whose store opens before the command line is read', () => {
  it.each([
    ['an invalid --date', ['--date', '2026-02-30'], /--date is not a day of the calendar/],
    ['a report folder that is a file', ['-o', 'a-file'], /the report folder is a file/],
    ['an unknown option', ['--no-such-option'], /unknown option '--no-such-option'/],
  ])('%s exits 2 and leaves no store, lock or staging copy in the default place', async (_, flags, message) => {
    const cwd = await workingFolder();
    const { code, stderr } = await rampart(cwd, ['review', example, ...flags]);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(2);
    expect((await readdir(cwd)).sort()).toEqual(['a-file']);
  });

  it('a review that fails before storing (no inventory there) exits 2 and creates no store', async () => {
    const cwd = await workingFolder();
    const { code, stderr } = await rampart(cwd, ['review', join(cwd, 'no-such-folder')]);
    expect(stderr).toMatch(/no inventory at/);
    expect(code).toBe(2);
    expect((await readdir(cwd)).sort()).toEqual(['a-file']);
  });

  it('a review stores into the store it opened early and leaves only the store and its reports', async () => {
    const cwd = await workingFolder();
    const { code, stderr } = await rampart(cwd, ['review', example, '-o', 'out']);
    expect(stderr).toMatch(/stored review 1 in .*\.rampart\/store/);
    expect(code).toBe(0);
    expect((await readdir(cwd)).sort()).toEqual(['.rampart', 'a-file', 'out']);
    expect(await readdir(join(cwd, '.rampart'))).toEqual(['store']);
    const again = await rampart(cwd, ['review', example, '--no-write']);
    expect(again.stderr).toMatch(/stored review 2 in /);
    expect(again.code).toBe(0);
  });
});
