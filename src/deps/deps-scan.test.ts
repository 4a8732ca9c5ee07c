import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support/run-cli.ts';
import { loadAdvisories, packageKey } from './osv/load.ts';
import type { DependencyScan } from './scan.ts';
import { versionOrder } from './versions.ts';

const fixtures = new URL('../../test/fixtures/', import.meta.url).pathname;
const ADVISORIES = join(fixtures, 'osv-pypa');
const VULNERABLE = join(fixtures, 'manifests', 'vulnerable');
const CURRENT = join(fixtures, 'manifests', 'current');

async function scanJson(...args: string[]): Promise<{ code: number; scan: DependencyScan; stderr: string }> {
  const result = await runCli('deps', 'scan', '--advisories', ADVISORIES, '--format', 'json', '--date', '2024-10-20', ...args);
  return { code: result.code, scan: JSON.parse(result.stdout) as DependencyScan, stderr: result.stderr };
}

describe('rampart deps scan on manifests in every format', () => {
  it('reports every fixture advisory that lists a pinned version, with its fixed version, across all formats', async () => {
    const { code, scan } = await scanJson(VULNERABLE);
    expect(code).toBe(1);
    expect(new Set(scan.manifests.map((m) => m.format))).toEqual(new Set(['requirements', 'pyproject', 'poetry-lock', 'uv-lock', 'pipfile-lock', 'conda', 'package-lock', 'cyclonedx']));
    const data = await loadAdvisories(ADVISORIES);
    const order = versionOrder('PyPI');
    const reported = new Set(scan.vulnerable.map((v) => `${v.package}@${v.version} ${v.advisory}`));
    const pinned = [...new Set(scan.vulnerable.map((v) => `${v.package}@${v.version}`).concat(['tensorflow@2.11.0', 'onnx@1.13.0', 'numpy@1.21.0', 'jupyterlab@3.6.0', 'nltk@3.8.0']))];
    const missing: string[] = [];
    for (const pin of pinned) {
      const [name = '', version = ''] = pin.split('@');
      for (const advisory of data.byPackage.get(packageKey('PyPI', name)) ?? []) {
        const lists = advisory.affected.some((a) => a.versions.some((v) => order.valid(v) && order.compare(v, version) === 0));
        if (lists && !reported.has(`${pin} ${advisory.id}`)) missing.push(`${pin} ${advisory.id}`);
      }
    }
    expect(missing).toEqual([]);
    expect(reported.size).toBeGreaterThan(50);
    const mlflow = scan.vulnerable.find((v) => v.package === 'mlflow' && v.version === '2.9.2');
    expect(mlflow).toMatchObject({ advisory: 'PYSEC-2024-51', fixed: '2.10.1', aliases: ['CVE-2024-4263'], origins: [{ file: join(VULNERABLE, 'requirements.txt'), line: 2 }] });
  });

  it('reports nothing for an all-current manifest, and exits 0', async () => {
    const { code, scan } = await scanJson(CURRENT);
    expect(scan.checked).toBe(16);
    expect(scan.vulnerable).toEqual([]);
    expect(code).toBe(0);
  });

  it('a manifest that pins nothing is inconclusive (exit 3), never clean', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-unpinned-'));
    await writeFile(join(dir, 'requirements.txt'), 'mlflow>=2.0\ntorch\n');
    const result = await runCli('deps', 'scan', '--advisories', ADVISORIES, '--date', '2024-05-20', dir);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('nothing checked: no manifest pins an exact version');
    expect(result.stderr).toMatch(/inconclusive/);
  });

  it('names the lines it could not understand, with file and line, in text', async () => {
    const { stdout } = await runCli('deps', 'scan', '--advisories', ADVISORIES, '--date', '2024-10-20', join(VULNERABLE, 'requirements.txt'));
    expect(stdout).toContain(`${join(VULNERABLE, 'requirements.txt')}:8: "this is not a requirement!"`);
    expect(stdout).toMatch(/numpy >=1\.20 — .*requirements\.txt:5/);
  });

  it('maps unsafe loading and exposed services to their ATLAS techniques', async () => {
    const { scan } = await scanJson(VULNERABLE);
    const sklearn = scan.vulnerable.find((v) => v.advisory === 'PYSEC-2020-107');
    expect(sklearn?.techniques).toEqual(['AML.T0010.001', 'AML.T0011.000']);
    const traversal = scan.vulnerable.find((v) => v.package === 'mlflow' && /path traversal/i.test(v.summary));
    expect(traversal?.techniques).toContain('AML.T0049');
  });

  it('warns when the advisory data is over 30 days old, and not when it is recent', async () => {
    expect((await runCli('deps', 'scan', '--advisories', ADVISORIES, '--date', '2024-10-20', CURRENT)).stdout).toMatch(/warning: the advisory data is 156 days old/);
    expect((await runCli('deps', 'scan', '--advisories', ADVISORIES, '--date', '2024-05-20', CURRENT)).stdout).not.toMatch(/warning/);
  });

  it.each([
    [['deps', 'scan', '--advisories', ADVISORIES, join(fixtures, 'no-such-folder')], /no such file or folder/],
    [['deps', 'scan', '--advisories', join(fixtures, 'no-advisories'), CURRENT], /no advisory data here/],
    [['deps', 'scan', '--advisories', ADVISORIES, join(ADVISORIES, 'README.md')], /not a manifest Rampart reads/],
  ])('bad input exits 2 with one message: %j', async (argv, message) => {
    const result = await runCli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('rampart advisories update', () => {
  let server: Server;
  let base: string;
  let cache: string;
  const saved = process.env.RAMPART_CACHE_DIR;

  beforeAll(async () => {
    // An OSV-style export of the fixture, served on loopback: JSON advisories in a zip.
    const files: Record<string, Uint8Array> = {};
    for (const pkg of await readdir(ADVISORIES, { withFileTypes: true })) {
      if (!pkg.isDirectory()) continue;
      for (const name of await readdir(join(ADVISORIES, pkg.name))) files[name.replace(/\.yaml$/, '.json')] = strToU8(JSON.stringify(parseYaml(await readFile(join(ADVISORIES, pkg.name, name), 'utf8'))));
    }
    const zip = zipSync(files);
    server = createServer((req, res) => {
      if (req.url === '/PyPI/all.zip') res.end(zip);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    cache = await mkdtemp(join(tmpdir(), 'rampart-cache-'));
    process.env.RAMPART_CACHE_DIR = cache;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.RAMPART_CACHE_DIR;
    else process.env.RAMPART_CACHE_DIR = saved;
    await new Promise((done) => server.close(done));
  });

  it('with an empty cache, deps scan says how to get data and exits 2', async () => {
    const result = await runCli('deps', 'scan', CURRENT);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/rampart advisories update/);
  });

  it('downloads into the cache with its date; deps scan then uses it', async () => {
    const update = await runCli('advisories', 'update', '--ecosystem', 'PyPI', '--from', `${base}/{ecosystem}/all.zip`);
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/PyPI: 427 advisories/);
    const index = JSON.parse(await readFile(join(cache, 'advisories', 'index.json'), 'utf8'));
    expect(index.exports[0]).toMatchObject({ ecosystem: 'PyPI', file: 'PyPI.zip', advisories: 427 });
    const scan = await runCli('deps', 'scan', '--format', 'json', join(VULNERABLE, 'requirements.txt'));
    const parsed = JSON.parse(scan.stdout) as DependencyScan;
    expect(parsed.advisories).toMatchObject({ count: 427, stale: false });
    expect(parsed.vulnerable.map((v) => v.advisory)).toContain('PYSEC-2024-51');
  });

  it('a failed download names the URL, exits 2 and leaves the cache as it was', async () => {
    const result = await runCli('advisories', 'update', '--ecosystem', 'npm', '--from', `${base}/{ecosystem}/all.zip`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/could not download the npm advisories from http:\/\/127\.0\.0\.1:\d+\/npm\/all\.zip: HTTP 404/);
    expect(JSON.parse(await readFile(join(cache, 'advisories', 'index.json'), 'utf8')).exports).toHaveLength(1);
  });
});
