import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));

/**
 * Vitest's global setup: the browser tests drive the built UI that `rampart serve` serves from dist/web, so build it
 * when any file of web/src (or index.html, vite.config.ts) is newer than the build. `npm install` builds it already,
 * so in CI this is a look at some mtimes.
 */
export default async function setup(): Promise<void> {
  const built = await stat(BUILT).catch(() => undefined);
  const newest = await newestChange([join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts')]);
  if (built && built.mtimeMs >= newest) return;
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}

async function newestChange(paths: string[]): Promise<number> {
  let newest = 0;
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    if (info.isDirectory()) {
      const entries = await readdir(path);
      newest = Math.max(newest, info.mtimeMs, await newestChange(entries.map((e) => join(path, e))));
    } else newest = Math.max(newest, info.mtimeMs);
  }
  return newest;
}
