import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain Node script shared with scripts/check-package.mjs (CI), without type declarations
import { hintPaths } from '../scripts/hint-paths.mjs';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

/** What `npm pack` would put in the tarball (no build: the file list is what is checked). */
async function packedFiles(): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((f) => f.path);
}

describe('the npm package', () => {
  it('ships every file a message or help text points to, the CLI entry point and the bundled data, and no tests', async () => {
    const files = new Set(await packedFiles());
    const wanted = [...(hintPaths(root) as string[]), 'dist/cli/bin.js', 'README.md', 'LICENSE', 'NOTICE', 'examples/acme-bank/inventory.yaml'];
    expect(wanted.length).toBeGreaterThan(8);
    expect(wanted.filter((path) => !files.has(path))).toEqual([]);
    expect([...files].filter((path) => /\.test\.ts$|\/test-support\//.test(path))).toEqual([]);
  }, 900_000); // a bound against hangs only: `npm pack --dry-run` took 476 s of wall for 9 s of CPU at load 38 with disk-heavy benchmarks beside it
});
