// The monitor as users run it, for `npm run bench monitor`'s in-memory figures: this tree's sources compiled as `npm run
// build` compiles the CLI (esbuild, one ES-module bundle, target node20: scripts/bundle-cli.mjs), at bench time, so the
// figures are never a stale build's. The bench itself runs under tsx, whose loader compiles each module on its own and
// with its own options. Fed alternately in one process, the two ran within 4% of each other (built/tsx 0.999-1.038,
// both orders twice, 2026-12-06): the build is measured because it is what users run, not because it is faster.
import { mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { createDetectors } from '../src/monitor/detectors.ts';
import type { Monitor } from '../src/monitor/engine.ts';
import type { readLog } from '../src/monitor/lines.ts';
import type { presetMapping } from '../src/monitor/mapping.ts';
import { root } from './cli-process.ts';

export interface BuiltMonitor {
  Monitor: typeof Monitor;
  createDetectors: typeof createDetectors;
  presetMapping: typeof presetMapping;
  readLog: typeof readLog;
}

/** Bare imports stay imports, resolved from the tree's node_modules (the bundle is written inside it), as in the CLI's bundle. */
const external: Plugin = {
  name: 'external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** `import.meta.url` is the source file's own address, so a module finding files beside itself finds them from src/. */
const ownAddress: Plugin = {
  name: 'own-address',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

export async function builtMonitor(): Promise<BuiltMonitor> {
  const dir = join(root, 'node_modules/.cache/rampart-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `monitor-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: ['engine', 'detectors', 'mapping', 'lines'].map((m) => `export * from './src/monitor/${m}.ts';`).join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire as __rampartRequire } from 'node:module'; const require = __rampartRequire(import.meta.url);" },
    plugins: [external, ownAddress],
    logLevel: 'warning',
  });
  const built = (await import(pathToFileURL(outfile).href)) as BuiltMonitor;
  rmSync(outfile, { force: true });
  return built;
}
