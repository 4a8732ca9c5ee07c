import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.ts';
import { verbStore, type VerbStore } from './test-support/verb-store.ts';

/** The scenario through the CLI and the store: review under ATLAS 4.9.1, then 5.6.0, then gate and diff. */
const INVENTORY = 'examples/acme-bank';
const OLD_ATLAS = 'test/fixtures/atlas/ATLAS-4.9.1.yaml';
let verbs: VerbStore;
let store: string;

beforeAll(async () => {
  verbs = await verbStore();
  store = verbs.flag;
});
afterAll(async () => {
  await verbs.cleanup();
});

describe('an ATLAS upgrade between two stored reviews', () => {
  it('stores a review under 4.9.1 and one under 5.6.0', async () => {
    for (const atlas of [['--atlas', OLD_ATLAS], []]) {
      const result = await runCli('review', INVENTORY, ...atlas, '--store', store, '--date', '2026-11-01', '--no-write', '-f', 'json');
      expect(result.code, result.stderr).toBe(0);
    }
  });

  it('passes the default gate, saying what the ATLAS change alone moved', async () => {
    const result = await runCli('gate', '--store', store);
    expect(result.stdout).toMatch(/noRegression: 0 unwaived finding\(s\) regressed since the previous review; \d+ change\(s\) caused by the ATLAS update 4\.9\.1 → 5\.6\.0 ignored/);
    const json = JSON.parse((await runCli('gate', '--store', store, '-f', 'json')).stdout);
    const rule = json.rules.find((r: { rule: string }) => r.rule === 'noRegression');
    expect(rule).toMatchObject({ passed: true, offenders: [] });
    expect(rule.ignoredAtlasChanges).toBeGreaterThan(0);
  });

  it('diffs from the store with every change put down to ATLAS, in text and JSON', async () => {
    const text = await runCli('review', 'diff', '--store', store);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/new: 0 by the organisation, \d+ by ATLAS; resolved: 0 by the organisation, 0 by ATLAS; regressed: 0 by the organisation, \d+ by ATLAS/);
    const json = JSON.parse((await runCli('review', 'diff', '--store', store, '-f', 'json')).stdout);
    expect(json.atlasChanged).toBe(true);
    for (const bucket of ['new', 'resolved', 'regressed', 'improved']) {
      for (const row of json[bucket]) expect(row, `${bucket} ${row.id}`).toMatchObject({ cause: 'atlas', because: expect.stringContaining('ATLAS 4.9.1 → 5.6.0') });
    }
  });

  it('reports tactic moves and names in `atlas diff`, text and JSON', async () => {
    const text = await runCli('atlas', 'diff', OLD_ATLAS, 'data/atlas/ATLAS-5.6.0.yaml');
    expect(text.stdout).toContain('↔ AML.T0052 Phishing: joined AML.TA0015 Lateral Movement');
    expect(text.stdout).toContain('+ AML.T0086 Exfiltration via AI Agent Tool Invocation');
    const json = JSON.parse((await runCli('atlas', 'diff', OLD_ATLAS, 'data/atlas/ATLAS-5.6.0.yaml', '-f', 'json')).stdout);
    expect(json.techniques.tacticsChanged.map((m: { id: string }) => m.id)).toEqual(['AML.T0012', 'AML.T0052', 'AML.T0052.000']);
    expect(json.techniques.names['AML.T0086']).toBe('Exfiltration via AI Agent Tool Invocation');
    expect(json.tacticNames['AML.TA0015']).toBe('Lateral Movement');
  });
});
