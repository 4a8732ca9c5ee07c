import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.ts';
import { verbStore, type VerbStore } from './test-support/verb-store.ts';

let verbs: VerbStore;
let store: string;
let work: string;

const INVENTORY = `organisation: Provenance Test
assets:
  - id: fraud-model
    name: Fraud model
    element: model
    kind: classifier
    relations: { trainedOn: [transactions] }
  - id: transactions
    name: Transaction history
    element: data
    kind: training-set
    artifacts:
      - { path: data/train.csv, appendOnly: true, label: label, chunkRows: 500 }
      - { path: data/events.jsonl, appendOnly: true }
      - { path: data/features.csv }
      - s3://elsewhere/not-read/
`;

function csv(rows: number, edit: (cells: string[], i: number) => string[] = (c) => c): string {
  const lines = ['id,amount,merchant,label'];
  for (let i = 0; i < rows; i++) lines.push(edit([String(i + 1), ((i * 7919) % 1000 / 10).toFixed(2), ['shop', 'fuel', 'travel'][i % 3] as string, String(i % 4 === 0 ? 1 : 0)], i).join(','));
  return `${lines.join('\n')}\n`;
}

const events = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => JSON.stringify({ at: from + k, kind: k % 2 ? 'login' : 'pay' })).join('\n') + '\n';

beforeAll(async () => {
  verbs = await verbStore();
  store = verbs.flag;
  work = await mkdtemp(join(tmpdir(), 'rampart-provenance-'));
  mkdirSync(join(work, 'data'));
  writeFileSync(join(work, 'inventory.yaml'), INVENTORY);
  writeFileSync(join(work, 'data/train.csv'), csv(600));
  writeFileSync(join(work, 'data/events.jsonl'), events(0, 300));
  writeFileSync(join(work, 'data/features.csv'), csv(50));
});
afterAll(async () => {
  await verbs.cleanup();
  await rm(work, { recursive: true, force: true });
});

// No --date: evidence gathered after the review day would not count (coverage.ts, evidenceAsOf).
const review = (...extra: string[]) => runCli('review', work, '--store', store, '--no-write', ...extra);

interface ReviewJson {
  dataProvenance?: { baselineReviews: number[]; files: { path: string; status: string; violation: boolean; rowChanges: { kind: string; from: number; to: number }[] }[] };
  evidence: { checkId: string; outcome: string; techniques: string[]; assets: string[]; target: string }[];
  findings: { id: string; coverage: string }[];
}

/** Steps run in order: a baseline, a tampered review, the diff and report, then an unchanged review. */
describe('data provenance across stored reviews', () => {
  it('the first review records every local data file as the baseline, with no evidence', async () => {
    const result = await review('-f', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as ReviewJson;
    expect(json.dataProvenance?.files.map((f) => [f.path, f.status])).toEqual([
      ['data/train.csv', 'new'],
      ['data/events.jsonl', 'new'],
      ['data/features.csv', 'new'],
    ]);
    expect(json.evidence.filter((e) => e.checkId === 'data/provenance')).toEqual([]);
  });

  it('the next review reports the tampered file and its rows as evidence on the data asset; appends are not flagged', async () => {
    // Two rows edited in the middle of append-only data, rows appended to it and to the event log; features untouched.
    writeFileSync(join(work, 'data/train.csv'), csv(650, (c, i) => (i === 299 || i === 300 ? [c[0] as string, '999.99', c[2] as string, '1'] : c)));
    appendFileSync(join(work, 'data/events.jsonl'), events(300, 400));
    const result = await review('-f', 'json');
    const json = JSON.parse(result.stdout) as ReviewJson;
    const byPath = new Map(json.dataProvenance?.files.map((f) => [f.path, f]));
    expect(byPath.get('data/train.csv')).toMatchObject({ status: 'changed', violation: true, rowChanges: [{ kind: 'changed', from: 300, to: 301 }] });
    expect(byPath.get('data/events.jsonl')).toMatchObject({ status: 'appended', violation: false, rowChanges: [] });
    expect(byPath.get('data/features.csv')).toMatchObject({ status: 'unchanged', violation: false });
    expect(json.dataProvenance?.baselineReviews).toEqual([1]);
    const evidence = json.evidence.filter((e) => e.checkId === 'data/provenance');
    expect(evidence.map((e) => [e.outcome, e.assets, e.techniques, e.target])).toEqual([
      ['fail', ['transactions'], ['AML.T0020', 'AML.T0059'], 'data/train.csv'],
      ['inconclusive', ['fraud-model'], ['AML.T0018.000'], 'data/train.csv'],
    ]);
    expect(json.findings.find((f) => f.id === 'transactions/AML.T0059')?.coverage).toBe('exploited');
  });

  it('review diff and the stored report show it', async () => {
    const diff = await runCli('review', 'diff', '--store', store);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/TAMPERED\s+transactions: data\/train\.csv — declared append-only, but 2 row\(s\) changed/);
    expect(diff.stdout).toMatch(/rows 300–301 changed \(lines 301–302, chunk 1\)/);
    expect(diff.stdout).toMatch(/appended\s+transactions: data\/events\.jsonl — 100 row\(s\) appended/);
    const json = JSON.parse((await runCli('review', 'diff', '--store', store, '-f', 'json')).stdout) as { dataFiles: { path: string; violation: boolean }[] };
    expect(json.dataFiles.filter((f) => f.violation).map((f) => f.path)).toEqual(['data/train.csv']);
    const markdown = await runCli('report', '--store', store, '--format', 'markdown');
    expect(markdown.stdout).toMatch(/## Data files: provenance[\s\S]*\*\*TAMPERED\*\* · transactions · `data\/train.csv`[\s\S]*rows 300–301 changed \(lines 301–302\)/);
    const html = await runCli('report', '--store', store, '--format', 'html');
    expect(html.stdout).toMatch(/<section id="data-provenance">[\s\S]*tampered/);
  });

  it('an unchanged review reports nothing', async () => {
    const result = await review('-f', 'json');
    const json = JSON.parse(result.stdout) as ReviewJson;
    expect(json.dataProvenance?.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(json.evidence.filter((e) => e.checkId === 'data/provenance')).toEqual([]);
    expect(json.dataProvenance?.baselineReviews).toEqual([2]);
  });

  it('an unreadable data file is reported on the asset and does not stop the review', async () => {
    writeFileSync(join(work, 'data/features.csv'), readFileSync(join(work, 'data/features.csv'), 'utf8') + '51,1.0\n');
    const result = await review('-f', 'json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as ReviewJson & { dataProvenance: { files: { path: string; status: string; note?: string }[] } };
    expect(json.dataProvenance.files.find((f) => f.path === 'data/features.csv')).toMatchObject({ status: 'unreadable', note: expect.stringMatching(/features\.csv:52: ragged row: 2 field\(s\) where the header has 4/) });
    expect(json.evidence.filter((e) => e.checkId === 'data/provenance').map((e) => e.outcome)).toEqual(['error']);
  });

  it('the text summary lists the data files under the review', async () => {
    const result = await review();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Data files against the previous review's manifests \(2 unchanged, 1 unreadable\):/);
    expect(result.stdout).toMatch(/unreadable\s+transactions: data\/features\.csv — \S*features\.csv:52: ragged row: 2 field\(s\)/);
  });
});
