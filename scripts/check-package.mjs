// `npm run check:package`: packs Rampart as npm would publish it, installs the tarball into an empty folder, and runs
// it from there — `rampart --version`, a review of the bundled example, a report — then checks that every file the
// messages point to is in the installed package. Installs from the npm cache when it can (offline CI keeps one).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hintPaths } from './hint-paths.mjs';

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'rampart-package-'));
const sh = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

try {
  // Built already (npm ci runs `prepare`); --ignore-scripts keeps pack from building a second time.
  if (!existsSync(join(root, 'dist/cli/bin.js'))) sh('npm', ['run', 'build'], root);
  const tarball = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', work], root).trim().split('\n').pop();
  const app = join(work, 'app');
  cpSync(join(root, '.npmrc'), join(app, '.npmrc'));
  // A lock file naming the exact dependency tarballs Rampart's own lock resolved, so npm needs no registry metadata:
  // `npm ci --offline` then installs from the cache alone.
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const packages = { '': { name: 'rampart-install-check', dependencies: { rampart: `file:${tarball}` } } };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev && !entry.link) packages[path] = entry;
  packages['node_modules/rampart'] = { version: pkg.version, resolved: `file:${tarball}`, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines, license: pkg.license };
  writeFileSync(join(app, 'package.json'), JSON.stringify(packages['']));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'rampart-install-check', lockfileVersion: 3, requires: true, packages }));
  cpSync(join(work, tarball), join(app, tarball));
  const offline = process.argv.includes('--online') ? ['--prefer-offline'] : ['--offline'];
  sh('npm', ['ci', ...offline, '--no-audit', '--no-fund'], app);

  const installed = join(app, 'node_modules/rampart');
  const version = sh('npx', ['rampart', '--version'], app).trim();
  if (version !== pkg.version) throw new Error(`rampart --version printed ${version}, expected ${pkg.version}`);
  sh('npx', ['rampart', 'review', join(installed, 'examples/acme-bank'), '--out', 'report', '--store', 'store'], app);
  for (const file of ['review.json', 'review.jsonl', 'report.md', 'report.html']) if (!existsSync(join(app, 'report', file))) throw new Error(`the review wrote no ${file}`);
  sh('npx', ['rampart', 'report', '--store', 'store', '--format', 'sarif', '--out', 'rampart.sarif'], app);
  if (JSON.parse(readFileSync(join(app, 'rampart.sarif'), 'utf8')).version !== '2.1.0') throw new Error('rampart report --format sarif wrote no SARIF');
  const missing = hintPaths(root).filter((path) => !existsSync(join(installed, path)));
  if (missing.length > 0) throw new Error(`files the messages point to are missing from the package: ${missing.join(', ')}`);
  console.log(`ok: ${tarball} installs into an empty folder, reviews the example and reports; ${hintPaths(root).length} hinted files present`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
