import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.ts';
import { verbStore, type VerbStore } from './test-support/verb-store.ts';

let verbs: VerbStore;
let store: string;
let work: string;
let reviewJson: string;

beforeAll(async () => {
  verbs = await verbStore();
  store = verbs.flag;
  work = await mkdtemp(join(tmpdir(), 'rampart-detections-'));
  const review = await runCli('review', 'examples/acme-bank', '--store', store, '--date', '2026-12-01', '-o', join(work, 'review'));
  expect(review.code).toBe(0);
  reviewJson = join(work, 'review', 'review.json');
});
afterAll(async () => {
  await verbs.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('rampart detections', () => {
  it('writes rules and playbooks for the latest stored review, with an index, and exits 0', async () => {
    const out = join(work, 'stored');
    const result = await runCli('detections', '--store', store, '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+ detective gaps: \d+ Sigma rules and \d+ CACAO playbooks written to /);
    expect(await readdir(join(out, 'sigma', 'support-assistant'))).toContain('jailbreak.yml');
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { gaps: { finding: string; playbook: string }[] };
    expect(index.gaps.find((g) => g.finding === 'support-assistant/AML.T0054')?.playbook).toBe('cacao/support-assistant/AML.T0054.json');
  });

  it('reads a review.json as well, and writes the same files as from the store', async () => {
    const out = join(work, 'file');
    const result = await runCli('detections', reviewJson, '--format', 'sigma', '--out', out);
    expect(result.code).toBe(0);
    expect(await readdir(join(out))).toEqual(['index.json', 'sigma']);
    const fromStore = await readFile(join(work, 'stored', 'sigma', 'support-assistant', 'jailbreak.yml'), 'utf8');
    expect(await readFile(join(out, 'sigma', 'support-assistant', 'jailbreak.yml'), 'utf8')).toBe(fromStore);
  });

  it.each([
    ['an empty store', (w: string) => ['detections', '--store', join(w, 'empty-store'), '--out', join(w, 'x')], /no review store at this path/],
    ['a review file that is not a review', (w: string) => ['detections', join(w, 'not-a-review.json'), '--out', join(w, 'x')], /not a Rampart review/],
    ['a missing review file', (w: string) => ['detections', join(w, 'missing.json'), '--out', join(w, 'x')], /cannot read the review/],
    ['an --out that is a file', (w: string) => ['detections', reviewJson, '--out', join(w, 'not-a-review.json')], /not a folder/],
    ['an unknown tag style', (w: string) => ['detections', reviewJson, '--out', join(w, 'x'), '--tag-style', 'ATLAS!'], /unknown tag style/],
    ['an unknown mapping preset', (w: string) => ['detections', reviewJson, '--out', join(w, 'x'), '--mapping', 'splunk'], /unknown mapping preset/],
    ['a malformed mapping file', (w: string) => ['detections', reviewJson, '--out', join(w, 'x'), '--mapping', join(w, 'bad-mapping.yaml')], /not a log field mapping/],
  ])('exits 2 with one clear message on %s', async (_name, argv, message) => {
    await writeFile(join(work, 'not-a-review.json'), '{"schema":"something else"}');
    await writeFile(join(work, 'bad-mapping.yaml'), 'fields:\n  prompt: 3\n');
    const result = await runCli(...argv(work));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('takes a mapping file with the field names at the top level', async () => {
    const mapping = join(work, 'gateway.yaml');
    await writeFile(mapping, 'name: my-gateway\nclient: consumer.id\ntime: ts\nprompt: body.prompt\n');
    const out = join(work, 'mapped');
    const result = await runCli('detections', reviewJson, '--format', 'sigma', '--out', out, '--mapping', mapping);
    expect(result.code).toBe(0);
    expect(await readFile(join(out, 'sigma', 'support-assistant', 'jailbreak.yml'), 'utf8')).toContain('body.prompt|contains:');
    expect(result.stderr).toMatch(/rules skipped: kserve-serving resource-intensive \(mapping my-gateway lacks tokens, latency\)/);
  });
});
