// `npm run bench deps`: time to match a 500-package lock file against a full-size PyPI advisory set, load
// included, as `rampart deps scan` does it. No copy of the real OSV PyPI export may be fetched here, so the
// set is generated at its size and shape (30,000 advisories over 12,000 packages — the PyPI export held about
// that in 2025 — each with a version list and ECOSYSTEM ranges, as JSON in one zip) and written to os.tmpdir().
// Every figure is the median of RUNS runs, each in a fresh process so the load is cold.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';

const RUNS = 3;
const ADVISORIES = 30_000;
const PACKAGES = 12_000;
const LOCKED = 500;
const root = join(import.meta.dirname, '..');

function versions(n: number): string[] {
  const out: string[] = [];
  for (let major = 0; out.length < n; major++) for (let minor = 0; minor < 10 && out.length < n; minor++) for (let patch = 0; patch < 5 && out.length < n; patch++) out.push(`${major}.${minor}.${patch}`);
  return out;
}

function advisorySet(dir: string): string {
  const files: Record<string, Uint8Array> = {};
  const all = versions(60);
  for (let i = 0; i < ADVISORIES; i++) {
    const pkg = `package-${i % PACKAGES}`;
    const fixedAt = 10 + (i % 45);
    const advisory = {
      id: `PYSEC-BENCH-${i}`,
      modified: '2026-11-30T00:00:00Z',
      aliases: [`CVE-2099-${i}`],
      details: `Generated advisory ${i} for ${pkg}: path traversal in an HTTP endpoint allows arbitrary file read.`,
      affected: [{ package: { ecosystem: 'PyPI', name: pkg, purl: `pkg:pypi/${pkg}` }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: all[fixedAt] }] }], versions: all.slice(0, fixedAt) }],
      references: [{ type: 'ADVISORY', url: `https://example.invalid/${i}` }],
    };
    files[`PYSEC-BENCH-${i}.json`] = strToU8(JSON.stringify(advisory));
  }
  const zip = join(dir, 'PyPI.zip');
  writeFileSync(zip, zipSync(files, { level: 6 }));
  return zip;
}

function lockFile(dir: string): string {
  const all = versions(60);
  const entries = Array.from({ length: LOCKED }, (_, i) => `[[package]]\nname = "package-${i * 7}"\nversion = "${all[(i * 13) % 60]}"\nsource = { registry = "https://pypi.org/simple" }\n`);
  const path = join(dir, 'uv.lock');
  writeFileSync(path, `version = 1\n\n${entries.join('\n')}`);
  return path;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-deps-bench-'));
  try {
    const zip = advisorySet(dir);
    const lock = lockFile(dir);
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
    const times: number[] = [];
    let summary = '';
    for (let i = 0; i < RUNS; i++) {
      const started = process.hrtime.bigint();
      // Exit 1 is the expected answer: the lock file holds vulnerable versions.
      const child = spawnSync(process.execPath, [join(root, 'dist/cli/bin.js'), 'deps', 'scan', '--advisories', zip, '--format', 'json', '--date', '2026-12-01', lock], { cwd: root, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
      if (child.status !== 1) throw new Error(`deps scan exited ${child.status}: ${child.stderr}`);
      const out = child.stdout;
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      const parsed = JSON.parse(out) as { checked: number; vulnerable: unknown[]; advisories: { count: number } };
      summary = `${parsed.advisories.count} advisories, ${parsed.checked} locked packages, ${parsed.vulnerable.length} matches`;
    }
    times.sort((a, b) => a - b);
    console.log(`| what | median of ${RUNS} | |`);
    console.log('|---|---|---|');
    console.log(`| \`rampart deps scan\` of a ${LOCKED}-package uv.lock against a ${ADVISORIES.toLocaleString('en')}-advisory PyPI zip (process start, load, match, JSON) | ${(times[Math.floor(RUNS / 2)]! / 1000).toFixed(2)} s | ${summary} |`);
    console.log(`\nload average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
