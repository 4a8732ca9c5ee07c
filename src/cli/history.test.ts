import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgliteDir } from '../store/test-support/backends.ts';
import { runCli } from './test-support/run-cli.ts';

const INVENTORY = 'examples/acme-bank';
let store: string;
let work: string;

beforeAll(async () => {
  store = await freshPgliteDir();
  work = await mkdtemp(join(tmpdir(), 'rampart-cli-'));
});
afterAll(async () => {
  await rm(dirname(store), { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

/** One store through a review cycle: review twice, list, show, diff, gate, waive, sign off, report. Steps run in order. */
describe('rampart review history, end to end', () => {
  it('stores a review, prints its id, and adds the trend to the HTML report', async () => {
    const out = join(work, 'first');
    const result = await runCli('review', INVENTORY, '--store', store, '--date', '2026-08-01', '-o', out, '--by', 'ana');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/stored review 1 in /);
    expect(result.stdout).toMatch(/Rampart review of Acme Bank/);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<section id="trend"><h2>Trend<\/h2><svg/);
    expect(html).not.toMatch(/id="diff"/);
    expect(html).not.toMatch(/<script/);
  });

  it('keeps the review JSON on stdout unchanged and stores the second review', async () => {
    const result = await runCli('review', INVENTORY, '--store', store, '--date', '2026-11-01', '--no-write', '-f', 'json', '--by', 'ci');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ schema: 'rampart.review/v1', reviewDate: '2026-11-01', organisation: 'Acme Bank' });
    expect(result.stderr).toMatch(/stored review 2/);
  });

  it('--no-store touches no store', async () => {
    const elsewhere = join(work, 'untouched');
    const result = await runCli('review', INVENTORY, '--store', elsewhere, '--no-store', '--no-write', '-f', 'json');
    expect(result.code).toBe(0);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('lists, shows and diffs stored reviews', async () => {
    const list = await runCli('reviews', '--store', store, '-f', 'json');
    expect(JSON.parse(list.stdout).map((r: { id: number; runBy: string }) => [r.id, r.runBy])).toEqual([[2, 'ci'], [1, 'ana']]);
    const show = await runCli('review', 'show', '1', '--store', store, '-f', 'json');
    expect(JSON.parse(show.stdout)).toMatchObject({ id: 1, runBy: 'ana', review: { reviewDate: '2026-08-01' }, signoffs: [] });
    const diff = await runCli('review', 'diff', '--store', store, '-f', 'json');
    expect(JSON.parse(diff.stdout)).toMatchObject({ older: { id: 1 }, newer: { id: 2 }, newTechniques: [] });
    const text = await runCli('review', 'diff', '1', '2', '--store', store);
    expect(text.stdout).toMatch(/Review 2 \(2026-11-01, ATLAS [\d.]+\) against review 1/);
  });

  it('gates on the default policy (exit 1), on a policy the review meets (exit 0), and refuses a bad policy (exit 2)', async () => {
    const failing = await runCli('gate', '--store', store);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/FAIL[\s\S]*failOnLevel/);
    const policy = join(work, 'policy.yaml');
    await writeFile(policy, 'noExploited: true\nnoRegression: true\n');
    const passing = await runCli('gate', '--store', store, '--policy', policy, '-f', 'json');
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.stdout)).toMatchObject({ review: 2, passed: true });
    await writeFile(policy, 'failOnLevel: [critical\n');
    const malformed = await runCli('gate', '--store', store, '--policy', policy);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/policy.yaml:\d+:\d+: the gate policy is not valid YAML/);
  });

  it('waives a finding and signs the review off; the gate and the report see both', async () => {
    const waive = await runCli('waive', 'credit-scoring/AML.T0015', '--store', store, '-j', 'manual review of every decline', '-a', 'CISO', '-e', '2099-12-31');
    expect(waive.code).toBe(0);
    const signoff = await runCli('signoff', '--store', store, '--role', 'security', '--name', 'Ana Ruiz');
    expect(signoff.stdout).toMatch(/review 2 signed off as security by Ana Ruiz/);
    const again = await runCli('signoff', '2', '--store', store, '--role', 'security', '--name', 'Eve');
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/already signed off as security by Ana Ruiz/)]);
    const gate = await runCli('gate', '--store', store, '-f', 'json');
    expect(JSON.parse(gate.stdout).waived).toBe(1);
    const report = await runCli('report', '--store', store, '-f', 'html');
    expect(report.stdout).toMatch(/id="diff"[\s\S]*id="trend"[\s\S]*id="waivers"[\s\S]*credit-scoring\/AML.T0015[\s\S]*id="signoff"[\s\S]*Ana Ruiz/);
    const markdown = await runCli('report', '--store', store, '-f', 'markdown');
    expect(markdown.stdout).toMatch(/## Waivers\n[\s\S]*- credit-scoring\/AML.T0015: manual review of every decline — approved by CISO, until 2099-12-31/);
    expect(markdown.stdout).toMatch(/\| credit-scoring \| AML.T0015 [^\n]*\| blind spot \(waived\) \|/);
  });

  it('marks a waived finding in the next review itself: terminal summary and the reports it writes', async () => {
    const out = join(work, 'after-waiver');
    const result = await runCli('review', INVENTORY, '--store', store, '--date', '2026-11-02', '-o', out);
    expect(result.stdout).toMatch(/^Waivers: 1 finding\(s\) accepted as risk/m);
    expect(result.stdout).toMatch(/credit-scoring · AML.T0015 Evade AI Model · blind spot · waived until 2099-12-31 \(CISO\)/);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/## Waivers/);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/id="waivers"/);
  });

  it.each([
    { name: 'unknown review id', argv: ['review', 'show', '99'], message: /no stored review with id 99/ },
    { name: 'not an id', argv: ['review', 'show', 'latest'], message: /"latest" is not a review id/ },
    { name: 'waiver without expiry', argv: ['waive', 'credit-scoring/AML.T0015', '-j', 'x', '-a', 'y'], message: /needs --justification, --approver and --expires/ },
    { name: 'malformed finding id', argv: ['waive', 'credit-scoring', '-j', 'x', '-a', 'y', '-e', '2099-01-01'], message: /assetId\/techniqueId/ },
  ])('$name → one message, exit 2', async ({ argv, message }) => {
    const result = await runCli(...argv, '--store', store);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a store that cannot be used → one message, exit 2', () => {
  it.each([
    { name: 'a file where the folder should be', setup: async (dir: string) => writeFile(dir, 'not a store'), message: /is a file, not a folder/ },
    { name: 'a folder of something else', setup: async (dir: string) => writeFile(join(await mk(dir), 'notes.txt'), 'hi'), message: /holds no Rampart store/ },
    { name: 'damaged database files', setup: async (dir: string) => damage(dir), message: /database files are damaged/ },
  ])('$name', async ({ setup, message }) => {
    const dir = join(await mkdtemp(join(tmpdir(), 'rampart-bad-')), 'store');
    await setup(dir);
    const result = await runCli('reviews', '--store', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/→ /);
    await rm(dirname(dir), { recursive: true, force: true });
  });

  it('an unreachable PostgreSQL', async () => {
    const result = await runCli('reviews', '--store', 'postgres://rampart:secret@127.0.0.1:1/rampart');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot reach PostgreSQL: connect ECONNREFUSED/);
    expect(result.stderr).not.toMatch(/secret/);
  });
});

async function mk(dir: string): Promise<string> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A real store whose control file is overwritten with noise. */
async function damage(dir: string): Promise<void> {
  const { cp } = await import('node:fs/promises');
  await cp(await freshPgliteDir().then((d) => d), dir, { recursive: true });
  await writeFile(join(dir, 'global', 'pg_control'), Buffer.alloc(100, 7));
}
