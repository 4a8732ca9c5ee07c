// Part of `npm run build`, after tsc: the CLI as one ES-module bundle in dist/bundle/ (esbuild, split at the lazy
// `import()`s, so each verb still loads only what it needs), and dist/cli/bin.js — the package's `bin` — made a
// one-line start of it. Loading ~800 module files was a third of a review's main-thread CPU (docs/benchmarks/cli-speed.md).
//
// - Rampart's own modules are bundled, and of its dependencies only the pure-JavaScript ones a review loads as
//   hundreds of files (BUNDLED below); the others (native add-ons, WebAssembly found by path, CommonJS with optional
//   requires) stay imports from node_modules, as in tsc's output.
// - A module that finds files beside itself (`new URL('../../data/…', import.meta.url)`, the scanner's worker.js) is
//   given its own dist/ address instead of the bundle's, so every path resolves as it does from tsc's output.
// - zod's locales are English only (`englishOnly` below).
// - Source maps point at src/ (without the sources): an internal error's trace is mapped back when it is printed
//   (src/cli/stack-trace.ts), so loading the CLI parses no map.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
const outdir = join(root, 'dist/bundle');
const BUNDLED = new Set(['kysely', 'zod', 'yaml', 'commander']);

/** A bare import outside BUNDLED stays an import (resolved from node_modules at run time). */
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/** `import.meta.url` in src/x/y.ts becomes the address of dist/x/y.js, from wherever the bundle's chunk is. */
const ownAddress = {
  name: 'own-address',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const built = join(root, 'dist', relative(join(root, 'src'), args.path)).replace(/\.ts$/, '.js');
      const address = `new URL(${JSON.stringify(relative(outdir, built))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', address), loader: 'ts' };
    });
  },
};

/**
 * zod's `locales` (64 languages' error messages, 364 KB of the ~1.1 MB a command loads) as English alone: zod itself
 * uses `en` (imported on its own), and Rampart never calls `z.locales`. V8 only pre-parses the others, yet a one-line
 * `rampart monitor` ran 950 -> 921 million instructions (cachegrind, two runs each) and 176.8 -> 170.1 ms of CPU
 * (medians of 24 interleaved runs; least 169.3 -> 152.2).
 */
const englishOnly = {
  name: 'english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (args.importer.includes('/zod/') ? { path: 'zod-locales', namespace: 'english-only' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'english-only' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: root, loader: 'js' }));
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { rampart: join(root, 'src/cli/bin.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  // Bundled CommonJS (yaml, commander) requires Node's built-ins: give the chunks a `require`.
  banner: { js: "import { createRequire as __rampartRequire } from 'node:module'; const require = __rampartRequire(import.meta.url);" },
  plugins: [englishOnly, externals, ownAddress],
  logLevel: 'warning',
});
await writeFile(
  join(root, 'dist/cli/bin.js'),
  "#!/usr/bin/env node\n// The CLI bundle (scripts/bundle-cli.mjs); src/cli/bin.ts is what it starts.\nimport '../bundle/rampart.js';\n",
);
