import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Atlas } from '../atlas/atlas.ts';
import type { TechniqueId } from '../atlas/ids.ts';
import { loadAtlas } from '../atlas/load.ts';
import { RampartError } from '../errors.ts';
import type { Asset } from '../inventory/asset.ts';
import { type Attribute, type Exposure, Exposure as ExposureSchema, KINDS } from '../inventory/vocabulary.ts';
import type { ApplicabilityEntry, ApplicabilityRule } from './applicability-schema.ts';
import { type Applicability, loadApplicability, matchingRule } from './applicability.ts';
import { anAsset } from './test-support/fixtures.ts';

let atlas: Atlas;
let data: Applicability;
beforeAll(async () => {
  [atlas, data] = await Promise.all([loadAtlas(), loadApplicability()]);
});

const entry = (id: string): ApplicabilityEntry => {
  const found = data.entries.get(id as TechniqueId);
  if (!found) throw new Error(`no entry for ${id}`);
  return found;
};

describe('bundled applicability data', () => {
  it('was reviewed against the bundled ATLAS release', () => {
    expect(data.atlasVersion).toBe(atlas.version);
  });

  it('has an entry for every technique and sub-technique, and none for unknown ones', () => {
    const known = [...atlas.techniques.keys()].sort();
    expect([...data.entries.keys()].sort()).toEqual(known);
  });

  it('leaves appliesTo empty exactly for adversary-only techniques, and says so in the rationale', () => {
    const mismatched = [...data.entries.values()].filter(
      (e) => (e.appliesTo.length === 0) !== (e.access === 'adversary-only') || (e.access === 'adversary-only' && !/adversary-only/i.test(e.rationale)),
    );
    expect(mismatched.map((e) => e.technique)).toEqual([]);
  });

  it('names each harm and each rule condition at most once', () => {
    const repeats = (xs: readonly string[] | undefined) => (xs ?? []).length !== new Set(xs).size;
    const bad = [...data.entries.values()].filter((e) => repeats(e.harm) || e.appliesTo.some((r) => repeats(r.kinds) || repeats(r.requires) || repeats(r.requiresAny) || repeats(r.exposure)));
    expect(bad.map((e) => e.technique)).toEqual([]);
  });
});

/** Every asset a rule can match, reduced to its minimal forms: rules only ever require attributes, so matching these means matching all. */
function witnesses(rule: ApplicabilityRule): Asset[] {
  const kinds = rule.kinds ?? KINDS[rule.element];
  const exposures: readonly Exposure[] = rule.exposure ?? ExposureSchema.options;
  const attributeSets: Attribute[][] = rule.requiresAny ? rule.requiresAny.map((a) => [...(rule.requires ?? []), a]) : [[...(rule.requires ?? [])]];
  return kinds.flatMap((kind) => exposures.flatMap((exposure) => attributeSets.map((attributes) => anAsset({ element: rule.element, kind, exposure, attributes }))));
}

const describeAsset = (a: Asset) => `${a.element}/${a.kind}/${a.exposure}[${[...a.attributes].join(',')}]`;

/** Sub-techniques whose adversary needs different access from the parent's, with the reason. Every other sub-technique shares its parent's. */
const ACCESS_DIFFERS_FROM_PARENT: Record<string, string> = {
  'AML.T0005.001': 'replication queries the model; the parent is mostly built from public artifacts',
  'AML.T0011.003': 'a malicious link arrives in content, not through the supply chain',
  'AML.T0034.002': 'agentic consumption is induced by injected content, not by queries',
  'AML.T0043.000': 'white-box optimisation needs the stolen weights',
  'AML.T0043.002': 'transfer attacks are crafted on a proxy, with no access to the target',
  'AML.T0048.004': 'IP theft is mostly exfiltration from inside',
  'AML.T0051.001': 'indirect injection arrives in retrieved content, not in the prompt the user sends',
  'AML.T0052.000': 'the LLM is turned into a social engineer through prompts or injected content',
  'AML.T0112.001': 'malicious artifacts come through the supply chain',
};

describe('sub-techniques agree with their parent', () => {
  const subs = () => [...atlas.techniques.values()].filter((t) => t.parent);

  it('a parent applies wherever any of its sub-techniques applies', () => {
    const escapes: string[] = [];
    for (const sub of subs()) {
      const parent = entry(sub.parent ?? '');
      for (const asset of entry(sub.id).appliesTo.flatMap(witnesses)) {
        if (!matchingRule(parent, asset)) escapes.push(`${sub.id} → ${describeAsset(asset)}`);
      }
    }
    expect(escapes).toEqual([]);
  });

  it("a sub-technique's harms are among its parent's", () => {
    const extra = subs().flatMap((sub) => entry(sub.id).harm.filter((h) => !entry(sub.parent ?? '').harm.includes(h)).map((h) => `${sub.id}: ${h}`));
    expect(extra).toEqual([]);
  });

  it("a sub-technique needs its parent's access unless the difference is declared", () => {
    const actual = subs()
      .filter((sub) => entry(sub.id).access !== entry(sub.parent ?? '').access)
      .map((sub) => sub.id)
      .sort();
    expect(actual).toEqual(Object.keys(ACCESS_DIFFERS_FROM_PARENT).sort());
  });
});

/** Sample assets as the inventory loader resolves them (derived attributes included). */
const assets = {
  chatbot: anAsset({ id: 'support-bot', kind: 'llm', exposure: 'public', attributes: ['llm', 'inferenceApi', 'generatesContent'] }),
  ragAssistant: anAsset({ id: 'rag-assistant', kind: 'llm', exposure: 'internal', attributes: ['llm', 'inferenceApi', 'generatesContent', 'retrievesUntrustedContent'] }),
  toolAgent: anAsset({ id: 'ops-agent', kind: 'agent', exposure: 'internal', attributes: ['llm', 'agent', 'inferenceApi', 'generatesContent', 'hasTools'] }),
  tabularClassifier: anAsset({ id: 'churn', kind: 'classifier', exposure: 'internal', attributes: ['inferenceApi', 'returnsScores'] }),
  creditScoring: anAsset({ id: 'credit-scoring', kind: 'classifier', exposure: 'public', criticality: 'critical', attributes: ['inferenceApi'] }),
  weatherForecast: anAsset({ id: 'weather', kind: 'regressor', exposure: 'internal', criticality: 'low', attributes: ['inferenceApi'] }),
  batchModel: anAsset({ id: 'batch-scorer', kind: 'classifier', exposure: 'internal', attributes: [] }),
  pretrainedVision: anAsset({ id: 'vision', kind: 'classifier', exposure: 'internal', attributes: ['thirdPartyArtifacts', 'physicalInputs'] }),
  trainingSet: anAsset({ id: 'loans-2024', element: 'data', kind: 'training-set', attributes: [] }),
  ragCorpus: anAsset({ id: 'kb', element: 'data', kind: 'rag-corpus', attributes: [] }),
  cloudAccount: anAsset({ id: 'aws-prod', element: 'environment', kind: 'cloud-account', attributes: [] }),
  notebook: anAsset({ id: 'jupyter', element: 'platform', kind: 'notebook', attributes: ['runsUserCode', 'thirdPartyArtifacts'] }),
} satisfies Record<string, Asset>;
type Sample = keyof typeof assets;

describe('what a reviewer relies on', () => {
  const cases: [string, string, Sample, boolean][] = [
    ['prompt injection hits a public LLM chatbot', 'AML.T0051', 'chatbot', true],
    ['prompt injection does not hit a tabular classifier', 'AML.T0051', 'tabularClassifier', false],
    ['direct prompt injection hits a public LLM chatbot', 'AML.T0051.000', 'chatbot', true],
    ['indirect prompt injection needs retrieval of untrusted content', 'AML.T0051.001', 'chatbot', false],
    ['indirect prompt injection hits a RAG assistant', 'AML.T0051.001', 'ragAssistant', true],
    ['LLM jailbreak does not hit a classifier', 'AML.T0054', 'creditScoring', false],
    ['evasion hits a public credit-scoring classifier', 'AML.T0015', 'creditScoring', true],
    ['evasion hits an internal weather regressor with an API', 'AML.T0015', 'weatherForecast', true],
    ['evasion does not hit a model nobody can query or sense', 'AML.T0015', 'batchModel', false],
    ['evasion hits a camera model through the physical world', 'AML.T0015', 'pretrainedVision', true],
    ['model extraction hits a public credit-scoring classifier', 'AML.T0024.002', 'creditScoring', true],
    ['model extraction hits an internal weather regressor with an API', 'AML.T0024.002', 'weatherForecast', true],
    ['membership inference works label-only', 'AML.T0024.000', 'creditScoring', true],
    ['model inversion needs scores', 'AML.T0024.001', 'creditScoring', false],
    ['model inversion hits an API that returns scores', 'AML.T0024.001', 'tabularClassifier', true],
    ['training-data poisoning hits a training set', 'AML.T0020', 'trainingSet', true],
    ['training-data poisoning does not hit a chatbot that learns nothing from outside', 'AML.T0020', 'chatbot', false],
    ['agent tool invocation needs tools', 'AML.T0053', 'chatbot', false],
    ['agent tool invocation hits an agent with tools', 'AML.T0053', 'toolAgent', true],
    ['supply-chain model compromise hits a fine-tuned third-party model', 'AML.T0010.003', 'pretrainedVision', true],
    ['supply-chain model compromise does not hit a home-grown model', 'AML.T0010.003', 'creditScoring', false],
    ['physical-environment access needs physical inputs', 'AML.T0041', 'creditScoring', false],
    ['public-information reconnaissance hits a public model', 'AML.T0000', 'creditScoring', true],
    ['public-information reconnaissance does not hit an unpublished internal model', 'AML.T0000', 'weatherForecast', false],
    ['valid accounts hit a cloud account', 'AML.T0012', 'cloudAccount', true],
    ['unsecured credentials hit a notebook platform', 'AML.T0055', 'notebook', true],
    ['RAG credential harvesting hits a RAG corpus', 'AML.T0082', 'ragCorpus', true],
  ];
  it.each(cases)('%s (%s on %s → %s)', (_what, technique, sample, applies) => {
    expect(matchingRule(entry(technique), assets[sample]) !== undefined).toBe(applies);
  });

  it('adversary-only techniques apply to no asset', () => {
    const adversaryOnly = [...data.entries.values()].filter((e) => e.access === 'adversary-only');
    expect(adversaryOnly.map((e) => e.technique)).toEqual(expect.arrayContaining(['AML.T0008', 'AML.T0016', 'AML.T0017']));
    const hits = adversaryOnly.flatMap((e) => Object.values(assets).filter((a) => matchingRule(e, a)).map((a) => `${e.technique} → ${a.id}`));
    expect(hits).toEqual([]);
  });
});

describe('matchingRule', () => {
  const entryWith = (...appliesTo: ApplicabilityRule[]): ApplicabilityEntry => ({ technique: 'AML.T0000', appliesTo, access: 'inference-api', harm: ['integrity'], rationale: 'test' });
  const llm = anAsset({ kind: 'llm', exposure: 'partner', attributes: ['llm', 'inferenceApi'] });
  const cases: [string, ApplicabilityRule, boolean][] = [
    ['element alone', { element: 'model' }, true],
    ['another element', { element: 'data' }, false],
    ['kind listed', { element: 'model', kinds: ['agent', 'llm'] }, true],
    ['kind not listed', { element: 'model', kinds: ['agent'] }, false],
    ['every required attribute present', { element: 'model', requires: ['llm', 'inferenceApi'] }, true],
    ['one required attribute missing', { element: 'model', requires: ['llm', 'hasTools'] }, false],
    ['one of requiresAny present', { element: 'model', requiresAny: ['hasTools', 'inferenceApi'] }, true],
    ['none of requiresAny present', { element: 'model', requiresAny: ['hasTools', 'hasMemory'] }, false],
    ['exposure listed', { element: 'model', exposure: ['public', 'partner'] }, true],
    ['exposure not listed', { element: 'model', exposure: ['public'] }, false],
    ['an excluded attribute absent', { element: 'model', excludes: ['vendorHosted'] }, true],
    ['an excluded attribute present', { element: 'model', excludes: ['inferenceApi'] }, false],
  ];
  it.each(cases)('%s', (_name, rule, matches) => {
    expect(matchingRule(entryWith(rule), llm)).toBe(matches ? rule : undefined);
  });

  it('returns the first rule the asset satisfies, so a finding can say why it applies', () => {
    const second: ApplicabilityRule = { element: 'model', requires: ['llm'] };
    const third: ApplicabilityRule = { element: 'model' };
    expect(matchingRule(entryWith({ element: 'data' }, second, third), llm)).toBe(second);
  });

  it('matches nothing when the entry has no rules', () => {
    expect(matchingRule(entryWith(), llm)).toBeUndefined();
  });
});

describe('broken applicability files', () => {
  const good = () => `  - technique: AML.T0051\n    appliesTo:\n      - { element: model, kinds: [llm] }\n    access: user-content\n    harm: [integrity]\n    rationale: r\n`;
  const cases: [string, string, RegExp, { line: number; path: string | undefined }][] = [
    ['not YAML', 'entries: [unclosed', /not valid YAML/, { line: 1, path: undefined }],
    ['an unknown access', `atlasVersion: "5.6.0"\nentries:\n${good().replace('user-content', 'telepathy')}`, /expected one of/, { line: 6, path: 'entries[0].access' }],
    ['an unknown attribute', `atlasVersion: "5.6.0"\nentries:\n${good().replace('kinds: [llm]', 'requires: [isEvil]')}`, /hasTools/, { line: 5, path: 'entries[0].appliesTo[0].requires[0]' }],
    ['a bad technique id', `atlasVersion: "5.6.0"\nentries:\n${good().replace('AML.T0051', 'T51')}`, /pattern/, { line: 3, path: 'entries[0].technique' }],
    ['a duplicate entry', `atlasVersion: "5.6.0"\nentries:\n${good()}${good()}`, /AML\.T0051 has more than one entry/, { line: 9, path: 'entries[1].technique' }],
    ['a kind of another element', `atlasVersion: "5.6.0"\nentries:\n${good().replace('kinds: [llm]', 'kinds: [rag-corpus]')}`, /"rag-corpus" is not a kind of model/, { line: 5, path: 'entries[0].appliesTo[0].kinds' }],
  ];
  it.each(cases)('%s → an input error with file, line and path', async (_name, text, message, at) => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-applicability-'));
    const file = join(dir, 'applicability.yaml');
    await writeFile(file, text);
    const error = await loadApplicability(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RampartError);
    const { kind, message: problem, where } = error as RampartError;
    expect({ kind, file: where.file, line: where.line, path: where.path }).toEqual({ kind: 'input', file, ...at });
    expect(problem).toMatch(message);
  });
});
