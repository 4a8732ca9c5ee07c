import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// tsx given by address (what `--import tsx` resolves to), so a child started in another working folder finds it.
const TSX = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

let chosen: string[] | undefined;

/**
 * The arguments that start the real `rampart` in a child process (`spawn(process.execPath, [...cliCommand(), verb, …])`):
 * the built CLI (dist/cli/bin.js, what the package ships) when the build is newer than every source file it is made
 * from, else the sources through tsx. Through tsx a start costs twice the CPU (4-5 s against 2-2.5 s for a review at
 * load 30), and CI builds before it tests; a stale build after an edit is never what a test runs.
 */
export function cliCommand(): string[] {
  chosen ??= cliCommandIn(ROOT);
  return chosen;
}

/** cliCommand() for the checkout at `root`. */
export function cliCommandIn(root: string): string[] {
  const built = join(root, 'dist', 'cli', 'bin.js');
  const at = statSync(built, { throwIfNoEntry: false });
  return at !== undefined && newestSource(join(root, 'src')) <= at.mtimeMs ? [built] : ['--import', TSX, join(root, 'src', 'cli', 'bin.ts')];
}

/** The newest modification under src/ of what the build compiles: tests and their support files are not in it. */
function newestSource(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'test-support' || entry.name === '__fixtures__' || entry.name.endsWith('.test.ts')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
