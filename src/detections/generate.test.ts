import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadAtlas } from '../atlas/load.ts';
import type { Atlas } from '../atlas/atlas.ts';
import { runReview } from '../review/run-review.ts';
import type { Review } from '../review/review.ts';
import { streamReview } from '../report/stream/finding-source.ts';
import { generateDetections, type GapOutcome, type GenerateOptions } from './generate.ts';
import { MAPPING_PRESETS, type LogMapping } from './mapping.ts';
import { PHASES } from './cacao/steps.ts';
import { DEFAULT_TAG_STYLE, parseTagStyle } from './sigma/tags.ts';
import { cacaoValidator, sigmaValidators } from './test-support/schemas.ts';

const EXAMPLE = new URL('../../examples/acme-bank', import.meta.url).pathname;

let review: Review;
let atlas: Atlas;
const sigma = sigmaValidators();
const cacao = cacaoValidator();

beforeAll(async () => {
  review = await runReview({ inventory: EXAMPLE, reviewDate: new Date('2026-12-01T00:00:00Z') });
  atlas = await loadAtlas();
});

async function generate(overrides: Partial<GenerateOptions> = {}) {
  const options: GenerateOptions = { formats: ['sigma', 'cacao'], mapping: MAPPING_PRESETS.rampart as LogMapping, tagStyle: DEFAULT_TAG_STYLE, canaries: ['ACME-7731-QX'], allowDestinations: [], atlas, ...overrides };
  const files = new Map<string, string>();
  const outcomes: GapOutcome[] = [];
  for await (const f of generateDetections(streamReview(review), options, (o) => outcomes.push(o))) {
    expect(files.has(f.path), `${f.path} written twice`).toBe(false);
    files.set(f.path, f.content);
  }
  return { files, outcomes };
}

const sigmaDocs = (files: Map<string, string>) => [...files].filter(([p]) => p.endsWith('.yml')).flatMap(([path, text]) => parseAllDocuments(text).map((d) => ({ path, doc: d.toJS() as Record<string, unknown> })));
const playbooks = (files: Map<string, string>) => [...files].filter(([p]) => p.endsWith('.json')).map(([path, text]) => ({ path, playbook: JSON.parse(text) as Record<string, unknown> }));
const errors = (v: { errors?: unknown }) => String(JSON.stringify(v.errors ?? null)).slice(0, 600);

describe('rampart detections on the example organisation', () => {
  it('finds the detective gaps an inference log can reveal, and only those', async () => {
    const { outcomes } = await generate();
    const gaps = outcomes.map((o) => o.gap);
    expect(gaps.length).toBeGreaterThan(20);
    const byId = new Map(review.findings.map((f) => [f.id, f]));
    for (const g of gaps) expect(['detected', 'both']).not.toContain(byId.get(g.findingId)?.coverage);
    // Detected LLM injection is not a gap; the claimed-but-unproven jailbreak is.
    expect(gaps.map((g) => g.findingId)).not.toContain('support-assistant/AML.T0051.000');
    expect(gaps.map((g) => g.findingId)).toContain('support-assistant/AML.T0054');
    // Training pipelines and notebooks answer no inference queries: their cost-harvesting findings are not a log's to reveal.
    expect(gaps.some((g) => g.assetId === 'kubeflow-training' || g.assetId === 'jupyterhub')).toBe(false);
  });

  it('writes Sigma rules that pass the official detection and correlation schemas', async () => {
    const docs = sigmaDocs((await generate()).files);
    expect(docs.length).toBeGreaterThan(40);
    for (const { path, doc } of docs) {
      const validate = 'correlation' in doc ? sigma.correlation : sigma.rule;
      expect(validate(doc), `${path}: ${errors(validate)}`).toBe(true);
    }
    expect(docs.some(({ doc }) => 'correlation' in doc)).toBe(true);
  });

  it('writes CACAO playbooks that pass the CACAO 2.0 schemas', async () => {
    const all = playbooks((await generate()).files);
    expect(all.length).toBeGreaterThan(20);
    for (const { path, playbook } of all) expect(cacao(playbook), `${path}: ${errors(cacao)}`).toBe(true);
  });

  it('walks triage → contain → eradicate → recover → notify, each step naming mitigations and the asset owner', async () => {
    const { files } = await generate();
    const playbook = JSON.parse(files.get('cacao/support-assistant/AML.T0054.json') as string) as { workflow_start: string; workflow: Record<string, Record<string, unknown>>; agent_definitions: Record<string, { name: string }> };
    const order: string[] = [];
    let at: string | undefined = playbook.workflow_start;
    while (at) {
      const step: Record<string, unknown> = playbook.workflow[at] as Record<string, unknown>;
      order.push(String(step.type));
      if (step.type === 'action') {
        expect(String(step.description)).toContain('Owner: digital-channels');
        const refs = step.external_references as { external_id: string }[];
        expect(refs.length).toBeGreaterThan(0);
        for (const r of refs) expect(r.external_id).toMatch(/^AML\.M\d{4}$/);
        expect(Object.keys(playbook.agent_definitions)).toContain(step.agent);
      }
      at = step.on_completion as string | undefined;
    }
    expect(order).toEqual(['start', ...PHASES.map(() => 'action'), 'end']);
    const names = Object.values(playbook.workflow).map((s) => String(s.name));
    expect(names.some((n) => n.startsWith('Contain'))).toBe(true);
    expect(JSON.stringify(playbook)).toContain('AML.M0020'); // Generative AI Guardrails, mapped to AML.T0054 in ATLAS
    expect(JSON.stringify(playbook)).toMatch(/roll back to 2026\.10\.1|quarantine/);
  });

  it('is stable: a rerun writes the same files, byte for byte', async () => {
    const [a, b] = [await generate(), await generate()];
    expect([...a.files]).toEqual([...b.files]);
  });

  it('gives every rule and playbook its own id', async () => {
    const { files } = await generate();
    const ids = [...sigmaDocs(files).map(({ doc }) => String(doc.id)), ...playbooks(files).map(({ playbook }) => String(playbook.id))];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['atlas', ['atlas.aml.t0054']],
    ['prefix:mitre_atlas', ['mitre_atlas.aml.t0054']],
    ['none', undefined],
  ])('tags rules in the %s style', async (style, tags) => {
    const { files } = await generate({ tagStyle: parseTagStyle(style), formats: ['sigma'] });
    const [doc] = parseAllDocuments(files.get('sigma/support-assistant/jailbreak.yml') as string).map((d) => d.toJS() as Record<string, unknown>);
    expect(doc?.tags).toEqual(tags);
    expect(sigma.rule(doc)).toBe(true);
  });

  it('uses the mapping\'s field names, and skips the rules whose fields it lacks', async () => {
    const kserve = MAPPING_PRESETS.kserve as LogMapping;
    const { files, outcomes } = await generate({ mapping: kserve, formats: ['sigma'] });
    expect(files.get('sigma/credit-scoring/flood.yml')).toContain('client|exists: true');
    expect(files.has('sigma/support-assistant/jailbreak.yml')).toBe(false);
    expect(outcomes.find((o) => o.gap.findingId === 'support-assistant/AML.T0054')?.skipped).toEqual([{ rule: 'jailbreak', missing: ['prompt'] }]);
  });
});

describe('the schema validators themselves', () => {
  it('reject what the schemas forbid, so a passing rule or playbook means something', async () => {
    const { files } = await generate();
    const [rule] = parseAllDocuments(files.get('sigma/support-assistant/jailbreak.yml') as string).map((d) => d.toJS() as Record<string, unknown>);
    expect(sigma.rule({ ...rule, tags: ['AML.T0054'] })).toBe(false);
    expect(sigma.rule({ ...rule, level: 'severe' })).toBe(false);
    const playbook = JSON.parse(files.get('cacao/support-assistant/AML.T0054.json') as string) as Record<string, unknown>;
    expect(cacao({ ...playbook, spec_version: 'cacao-1.0' })).toBe(false);
    expect(cacao({ ...playbook, workflow: { 'action--not-a-uuid': { type: 'action' } } })).toBe(false);
    // The published schema validates each command against command-data.json alone, whose unevaluatedProperties
    // rejects a manual command's own `command` property: the text goes in `description` (docs/detections.md, "CACAO").
    const step = Object.entries(playbook.workflow as Record<string, { type: string; commands?: unknown[] }>).find(([, s]) => s.type === 'action') as [string, { commands: Record<string, unknown>[] }];
    const withCommand = { ...playbook, workflow: { ...(playbook.workflow as object), [step[0]]: { ...step[1], commands: [{ type: 'manual', command: 'Throttle the key' }] } } };
    expect(cacao(withCommand)).toBe(false);
  });
});
