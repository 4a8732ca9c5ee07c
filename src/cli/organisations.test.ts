import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.ts';
import { verbStore, type VerbStore } from './test-support/verb-store.ts';

const ACME = 'examples/acme-bank';
let verbs: VerbStore;
let store: string;
let work: string;
let northgate: string;

/** Acme's estate under another organisation's name: the same finding ids, so only the organisation keeps them apart. */
async function northgateInventory(): Promise<string> {
  const dir = join(work, 'northgate');
  await mkdir(dir);
  const inventory = await readFile(join(ACME, 'inventory.yaml'), 'utf8');
  await writeFile(join(dir, 'inventory.yaml'), inventory.replace(/^organisation: Acme Bank$/m, 'organisation: Northgate Health'));
  await copyFile(join(ACME, 'register.yaml'), join(dir, 'register.yaml'));
  return dir;
}

beforeAll(async () => {
  verbs = await verbStore();
  store = verbs.flag;
  work = await mkdtemp(join(tmpdir(), 'rampart-orgs-'));
  northgate = await northgateInventory();
  for (const [inventory, date] of [[ACME, '2026-08-01'], [northgate, '2026-09-01'], [ACME, '2026-11-01']] as const) {
    const result = await runCli('review', inventory, '--store', store, '--date', date, '--no-write', '-f', 'json');
    expect(result.code).toBe(0);
  }
});
afterAll(async () => {
  await verbs.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('one store, two organisations', () => {
  it.each([
    ['reviews'],
    ['gate'],
    ['review', 'diff'],
    ['waive', 'credit-scoring/AML.T0015', '-j', 'x', '-a', 'y', '-e', '2099-01-01'],
  ])('%s without a choice → exit 2 naming both', async (...argv) => {
    const result = await runCli(...argv, '--store', store);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds the reviews of 2 organisations: "Acme Bank", "Northgate Health"[\s\S]*--org NAME or --inventory DIR/);
  });

  it.each([
    { choice: ['--org', 'Acme Bank'], ids: [3, 1] },
    { choice: ['--inventory', ACME], ids: [3, 1] },
    { choice: ['--org', 'Northgate Health'], ids: [2] },
  ])('reviews $choice lists that organisation only', async ({ choice, ids }) => {
    const result = await runCli('reviews', ...choice, '--store', store, '-f', 'json');
    expect(JSON.parse(result.stdout).map((r: { id: number }) => r.id)).toEqual(ids);
  });

  it("diffs and gates Acme against Acme's previous review, never Northgate's", async () => {
    const diff = await runCli('review', 'diff', '--org', 'Acme Bank', '--store', store, '-f', 'json');
    expect(JSON.parse(diff.stdout)).toMatchObject({ older: { id: 1, organisation: 'Acme Bank' }, newer: { id: 3, organisation: 'Acme Bank' } });
    const northDiff = await runCli('review', 'diff', '--org', 'Northgate Health', '--store', store);
    expect([northDiff.code, northDiff.stderr]).toEqual([2, expect.stringMatching(/a diff needs two stored reviews/)]);
    const across = await runCli('review', 'diff', '1', '2', '--store', store);
    expect([across.code, across.stderr]).toEqual([2, expect.stringMatching(/review 1 is of "Acme Bank" and review 2 of "Northgate Health"/)]);
    // A named review brings its organisation: no --org needed, even with two in the store.
    const byId = await runCli('gate', '--review', '2', '--store', store, '-f', 'json');
    expect(JSON.parse(byId.stdout)).toMatchObject({ review: 2 });
    const gate = await runCli('gate', '--review', '2', '--org', 'Acme Bank', '--store', store);
    expect([gate.code, gate.stderr]).toEqual([2, expect.stringMatching(/review 2 is of "Northgate Health", not of "Acme Bank"/)]);
  });

  it("a waiver of Northgate's finding does not apply to Acme's finding of the same id", async () => {
    const waive = await runCli('waive', 'credit-scoring/AML.T0015', '--org', 'Northgate Health', '--store', store, '-j', 'manual review of declines', '-a', 'CISO', '-e', '2099-12-31');
    expect(waive.code).toBe(0);
    const north = await runCli('gate', '--org', 'Northgate Health', '--store', store, '-f', 'json');
    const acme = await runCli('gate', '--org', 'Acme Bank', '--store', store, '-f', 'json');
    expect([JSON.parse(north.stdout).waived, JSON.parse(acme.stdout).waived]).toEqual([1, 0]);
    const show = await runCli('review', 'show', '3', '--store', store, '-f', 'json');
    expect(JSON.parse(show.stdout).waivers.active).toEqual([]);
  });

  it.each([
    { name: 'a finding no review of the organisation has', argv: ['credit-scoring/AML.T9999', '--org', 'Acme Bank'], message: /credit-scoring\/AML.T9999 is not a finding of review 3, the latest of "Acme Bank"[\s\S]*did you mean credit-scoring\/AML\.T\d+/ },
    { name: 'an organisation the store does not hold', argv: ['credit-scoring/AML.T0015', '--org', 'Acme Bnak'], message: /no review of "Acme Bnak"[\s\S]*did you mean "Acme Bank"/ },
  ])('waiving $name → exit 2', async ({ argv, message }) => {
    const result = await runCli('waive', ...argv, '--store', store, '-j', 'x', '-a', 'y', '-e', '2099-01-01');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a second waiver of a waived finding, and renews it only to a later day', async () => {
    const ids = JSON.parse((await runCli('review', 'show', '3', '--store', store, '-f', 'json')).stdout).review.findings.map((f: { id: string }) => f.id) as string[];
    const finding = ids[0] as string;
    const first = await runCli('waive', finding, '--org', 'Acme Bank', '--store', store, '-j', 'x', '-a', 'CISO', '-e', '2099-01-01');
    expect([first.code, first.stderr]).toEqual([0, '']);
    const again = await runCli('waive', finding, '--org', 'Acme Bank', '--store', store, '-j', 'x', '-a', 'CISO', '-e', '2099-06-01');
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/is already waived until 2099-01-01[\s\S]*--renew/)]);
    const earlier = await runCli('waive', finding, '--org', 'Acme Bank', '--store', store, '-j', 'x', '-a', 'CISO', '-e', '2098-01-01', '--renew');
    expect(earlier.code).toBe(2);
    const renewed = await runCli('waive', finding, '--org', 'Acme Bank', '--store', store, '-j', 'x', '-a', 'CISO', '-e', '2099-06-01', '--renew');
    expect(renewed.code).toBe(0);
  });
});

describe('store paths that cannot be used → exit 2, one message, nothing created', () => {
  it.each([['gate'], ['reviews'], ['review', 'diff'], ['report'], ['waive', '--list']])('%s on a missing path does not create it', async (...argv) => {
    const missing = join(work, 'missing', 'store');
    const result = await runCli(...argv, '--store', missing);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/there is no review store at this path/);
    expect(existsSync(join(work, 'missing'))).toBe(false);
  });

  it('review creates a store whose parent folders do not exist yet (the default .rampart/store on a first run)', async () => {
    const nested = join(work, 'first-run', '.rampart', 'store');
    const result = await runCli('review', ACME, '--store', nested, '--no-write', '-f', 'json');
    expect([result.code, result.stderr]).toEqual([0, expect.stringMatching(/stored review 1 in /)]);
    expect(existsSync(join(nested, 'PG_VERSION'))).toBe(true);
  });

  it('review --store under a file fails before any analysis', async () => {
    const file = join(work, 'a-file');
    await writeFile(file, 'not a folder');
    const result = await runCli('review', ACME, '--store', join(file, 'store'), '-o', join(work, 'never'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the review store path is under a file/);
    expect(result.stdout).toBe('');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });
});
