import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../errors.ts';
import { runCli } from '../cli/test-support/run-cli.ts';
import { checkOutputFolder } from './output-folder.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-out-'));
  await writeFile(join(work, 'a-file'), 'not a folder');
  await mkdir(join(work, 'existing'));
});
afterAll(async () => {
  await chmod(join(work, 'existing'), 0o755).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

describe('checking --out before a review runs', () => {
  it.each([
    { name: 'a folder under a regular file', out: 'a-file/reports', message: /cannot be created: .*a-file is a file, not a folder/ },
    { name: 'a folder deep under a regular file', out: 'a-file/x/y/reports', message: /cannot be created: .*a-file is a file, not a folder/ },
    { name: 'a regular file itself', out: 'a-file', message: /the report folder is a file, not a folder/ },
  ])('refuses $name with one input error', async ({ out, message }) => {
    const error = await checkOutputFolder(join(work, out)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).kind).toBe('input');
    expect((error as RampartError).message).toMatch(message);
    expect((error as RampartError).hint).toContain('--out');
  });

  it.each([
    ['an existing folder', 'existing'],
    ['a folder still to be made', 'new/nested/reports'],
  ])('accepts %s and leaves nothing behind', async (_name, out) => {
    await expect(checkOutputFolder(join(work, out))).resolves.toBeUndefined();
    expect(existsSync(join(work, 'new'))).toBe(false);
    expect(await readdir(join(work, 'existing'))).toEqual([]);
  });

  // Root writes through permission bits, so this case can only fail as another user.
  it.skipIf(isRoot)('refuses a read-only folder by its permissions', async () => {
    await chmod(join(work, 'existing'), 0o555);
    try {
      await expect(checkOutputFolder(join(work, 'existing'))).rejects.toThrow(/not writable \(EACCES\)/);
      await expect(checkOutputFolder(join(work, 'existing', 'sub'))).rejects.toThrow(/cannot create the report folder in/);
    } finally {
      await chmod(join(work, 'existing'), 0o755);
    }
  });
});

describe('rampart review with an --out it cannot write', () => {
  it('exits 2 with one message and stores nothing', async () => {
    const store = join(work, 'store');
    const result = await runCli('review', 'examples/acme-bank', '--store', store, '-o', join(work, 'a-file', 'reports'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a-file is a file, not a folder/);
    expect(result.stderr).toMatch(/→ pass --out a folder you can write to/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toMatch(/stored review/);
    expect(existsSync(store)).toBe(false);
  });
});
