import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCommandIn } from './cli-command.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const BUILT_AT = new Date('2026-06-01T12:00:00Z');
const before = new Date('2026-06-01T11:00:00Z');
const after = new Date('2026-06-01T13:00:00Z');

/** A checkout whose build (dist/cli/bin.js) is dated BUILT_AT and whose other files are dated as given. */
function checkout(files: Record<string, Date>): string {
  const root = mkdtempSync(join(tmpdir(), 'rampart-cli-command-'));
  roots.push(root);
  const dated = { 'dist/cli/bin.js': BUILT_AT, ...files };
  for (const path of Object.keys(dated)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
  }
  // Folders first (writing a file dates its folder), then the files.
  for (const path of Object.keys(dated)) for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) utimesSync(join(root, dir), before, before);
  for (const [path, at] of Object.entries(dated)) utimesSync(join(root, path), at, at);
  return root;
}

describe('the CLI a test starts as a process', () => {
  it.each<{ name: string; files: Record<string, Date>; built: boolean }>([
    { name: 'the build, when it is newer than every source file', files: { 'src/cli/bin.ts': before, 'src/store/connection.ts': before }, built: true },
    { name: 'the sources through tsx, when a source file changed after the build', files: { 'src/cli/bin.ts': before, 'src/store/connection.ts': after }, built: false },
    { name: 'the build, when only tests and their support files changed after it', files: { 'src/cli/bin.ts': before, 'src/store/store.test.ts': after, 'src/store/test-support/backends.ts': after }, built: true },
  ])('$name', ({ files, built }) => {
    const root = checkout(files);
    const command = cliCommandIn(root);
    if (built) expect(command).toEqual([join(root, 'dist/cli/bin.js')]);
    else expect(command.slice(-1)).toEqual([join(root, 'src/cli/bin.ts')]);
  });

  it('the sources through tsx when there is no build', () => {
    const root = checkout({ 'src/cli/bin.ts': before });
    rmSync(join(root, 'dist'), { recursive: true });
    expect(cliCommandIn(root)).toEqual(['--import', expect.stringMatching(/tsx\/dist\/loader\.mjs$/), join(root, 'src/cli/bin.ts')]);
  });
});
