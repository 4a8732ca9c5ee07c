import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { runCli } from '../../src/cli/test-support/run-cli.ts';
import { folderOf } from './support.ts';

/**
 * Mistakes a real user makes in a held-out inventory (Ledgerly's), each answered with one line naming the file, line
 * and column, and exit 2 — never a stack trace, never a review that quietly reads something else.
 */
let dir: string;
let inventory: string;
let register: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-mistakes-'));
  await cp(folderOf('ledgerly'), dir, { recursive: true });
  inventory = await readFile(join(dir, 'inventory.yaml'), 'utf8');
  register = await readFile(join(dir, 'register.yaml'), 'utf8');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const once = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`fixture has no ${from}`);
  return text.replace(from, to);
};

describe.each([
  { mistake: 'a typo in a relation name', file: 'inventory.yaml', edit: (t: string) => once(t, 'trainedOn: [chargebacks], dependsOn', 'trainedFrom: [chargebacks], dependsOn'), says: /^error: \S*inventory\.yaml:\d+:\d+: .*unknown key "trainedFrom" — did you mean "trainedOn"\?/ },
  { mistake: 'a relation to an asset id with a typo', file: 'inventory.yaml', edit: (t: string) => once(t, 'trainedOn: [chargebacks], dependsOn', 'trainedOn: [chargeback], dependsOn'), says: /^error: \S*inventory\.yaml:\d+:\d+: .*trainedOn points at "chargeback", which no asset has as id/ },
  { mistake: 'an unknown technique id ruled out', file: 'inventory.yaml', edit: (t: string) => once(t, "    attributes: { returnsScores: true }\n", "    attributes: { returnsScores: true }\n    notApplicable: [{ technique: AML.T9999, reason: no such attack }]\n"), says: /^error: \S*inventory\.yaml:\d+:\d+: .*rules out technique AML\.T9999, which ATLAS 5\.6\.0 does not define/ },
  { mistake: 'a technique id without its AML. prefix', file: 'inventory.yaml', edit: (t: string) => once(t, "    attributes: { returnsScores: true }\n", "    attributes: { returnsScores: true }\n    notApplicable: [{ technique: T0043, reason: no evasion }]\n"), says: /^error: \S*inventory\.yaml:\d+:\d+: .*not a technique id \(AML\.T0000\)/ },
  { mistake: 'a day-first date', file: 'register.yaml', edit: (t: string) => once(t, 'since: 2023-05-01, lastVerified: 2026-10-12, evidence: [Merchant', 'since: 01/05/2023, lastVerified: 2026-10-12, evidence: [Merchant'), says: /^error: \S*register\.yaml:\d+:\d+: at controls\[0\]\.since: .*a date as YYYY-MM-DD/ },
  { mistake: 'a date that is not a day', file: 'register.yaml', edit: (t: string) => once(t, 'lastVerified: 2026-10-12, evidence: [Merchant', 'lastVerified: 2026-02-30, evidence: [Merchant'), says: /^error: \S*register\.yaml:\d+:\d+: at controls\[0\]\.lastVerified: .*2026-02-30 is not a day of the calendar/ },
  { mistake: 'a date with a time', file: 'register.yaml', edit: (t: string) => once(t, 'lastVerified: 2026-10-12, evidence: [Merchant', "lastVerified: '2026-10-12T10:00:00Z', evidence: [Merchant"), says: /^error: \S*register\.yaml:\d+:\d+: at controls\[0\]\.lastVerified: .*YYYY-MM-DD/ },
  { mistake: 'evidence text with ": " in a flow list, which YAML reads as a mapping', file: 'register.yaml', edit: (t: string) => once(t, 'evidence: [Merchant API keys in Apigee]', 'evidence: [Apigee: merchant API keys]'), says: /^error: \S*register\.yaml:\d+:\d+: at controls\[0\]\.evidence\[0\]: .*this entry reads as a mapping \("Apigee"\) because of ": " in it — put the text in quotes/ },
  { mistake: 'a typo in a control id', file: 'register.yaml', edit: (t: string) => once(t, 'control: inference-rate-limiting,', 'control: inference-rate-limitting,'), says: /^error: \S*register\.yaml:\d+:\d+: at controls\[1\]\.control: unknown control "inference-rate-limitting" — did you mean "inference-rate-limiting"\?/ },
  // Round 4 (expected-round-4.md): a newcomer's mistakes.
  { mistake: 'a typo in an asset id a claim is scoped to', file: 'register.yaml', edit: (t: string) => once(t, 'scope: [credit-limit], since', 'scope: [credit-limits], since'), says: /^error: \S*register\.yaml:\d+:\d+: at controls\[1\]\.scope\[0\]: the scope names asset "credit-limits", which is not in the inventory — did you mean "credit-limit"\?/ },
  { mistake: 'a misspelt attribute', file: 'inventory.yaml', edit: (t: string) => once(t, 'attributes: { userWritable: true, externalSource: true }', 'attributes: { userWriteable: true, externalSource: true }'), says: /^error: \S*inventory\.yaml:\d+:\d+: .*unknown key "userWriteable" — did you mean "userWritable"\?/ },
  { mistake: 'a tab for indentation', file: 'inventory.yaml', edit: (t: string) => once(t, '    owner: data-eng@ledgerly.example', '\towner: data-eng@ledgerly.example'), says: /^error: \S*inventory\.yaml:\d+:\d+: .*Tabs are not allowed as indentation/ },
  {
    // YAML folds the owner into the description: without this check the review ran, with the asset's owner "unassigned".
    mistake: 'a field indented into the description block above it',
    file: 'inventory.yaml',
    edit: (t: string) => once(t, '    description: Online features computed from the transaction streams merchants send us.\n    owner:', '    description: >-\n      Online features computed from the transaction streams merchants send us.\n      owner:'),
    says: /^error: \S*inventory\.yaml:\d+:\d+: .*asset feature-store: its description has the line "owner: data-eng@ledgerly\.example", which reads as the owner field the asset does not set/,
  },
])('held-out inventory with $mistake', ({ file, edit, says }) => {
  it('exits 2 with one line naming file, line and what is wrong', async () => {
    const original = file === 'inventory.yaml' ? inventory : register;
    await writeFile(join(dir, file), edit(original));
    try {
      const result = await runCli('review', dir, '--date', '2026-11-20', '--no-store', '--no-write');
      expect(result.code).toBe(EXIT.usage);
      expect(result.stderr).toMatch(says);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr.trim().split('\n').filter((l) => !l.startsWith('  →'))).toHaveLength(1);
    } finally {
      await writeFile(join(dir, file), original);
    }
  });
});

describe('rampart review --checks as of an earlier day', () => {
  it.each([['2020-01-01'], ['2026-11-20']])('--date %s before today exits 2: the checks run today and would not count', async (day) => {
    const result = await runCli('review', dir, '--checks', 'model-file', '--date', day, '--no-store', '--no-write');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(new RegExp(`--checks runs the checks today \\(\\d{4}-\\d{2}-\\d{2} UTC\\); a review as of --date ${day} cannot count what they find`));
  });

  it('--date that is not a day of the calendar exits 2', async () => {
    const result = await runCli('review', dir, '--date', '2026-02-30', '--no-store', '--no-write');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/--date is not a day of the calendar/);
  });
});

describe('rampart review --checks on a held-out inventory whose chat endpoint has no target file', () => {
  it('says once that the endpoint was skipped, not once per llm-app check', async () => {
    const result = await runCli('review', folderOf('meridian-health'), '--checks', 'llm-app', '--no-store', '--no-write');
    const skipped = result.stderr.split('\n').filter((l) => l.startsWith('skipped https://copilot.meridian.example/v1/chat/completions: a openai-chat endpoint needs a chat target file'));
    expect(skipped).toHaveLength(1);
  });
});
