import { describe, expect, it } from 'vitest';
import { CONTAINMENT } from '../../src/assess/containment.ts';
import { asset, finding, northmoorWithMaliciousPickle, planText, reviewOf, topTen, trailOf } from './support.ts';

/** The second round of held-out organisations: the verdicts of expected-round-2.md, written before the first review. */
const [tessellate, northmoor, halden] = await Promise.all([reviewOf('tessellate'), reviewOf('northmoor'), reviewOf('halden')]);
const reviews = { tessellate, northmoor, halden };
type Name = keyof typeof reviews;
const NAMES = Object.keys(reviews) as Name[];


describe('round two: each planted gap has an action on it in the top ten', () => {
  it.each([
    ['tessellate', 'anonymous public docs assistant nobody throttles', 'docs-assistant', ['inference-rate-limiting', 'llm-token-budgets', 'model-api-authentication']],
    ['tessellate', 'MCP server with write tools and no authentication', 'mcp-crm', ['ml-platform-mfa']],
    ['tessellate', 'corpus customers upload to, read by the public agent', 'customer-files', ['retrieval-source-trust-labelling', 'rag-content-sanitisation', 'dataset-integrity-monitoring']],
    ['northmoor', 'Triton on the internet with no authentication', 'triton', ['model-api-authentication', 'inference-rate-limiting']],
    ['northmoor', 'Ray Jobs API with no login', 'ray', ['ml-platform-mfa']],
    ['northmoor', 'internal model queried through the open Triton', 'fraud-ranker', ['inference-rate-limiting', 'model-api-authentication']],
    ['halden', 'public repairer API nobody throttles', 'damage-estimator', ['inference-rate-limiting']],
    ['halden', 'JupyterHub whose service says authenticated: false', 'jupyterhub', ['ml-platform-mfa', 'notebook-platform-hardening']],
  ] as const)('%s: %s', (name, _gap, id, controls) => {
    const r = reviews[name];
    expect(topTen(r).some((p) => p.assets.includes(id) && (controls as readonly string[]).includes(p.control)), planText(r)).toBe(true);
  });
});

describe('round two: Halden’s claim documents, which policyholders upload, read by the public assistant', () => {
  it('the best action against indirect injection on the assistant is in the top ten', () => {
    const best = finding(halden, 'claims-assistant/AML.T0051.001').plan.actions[0]?.control;
    expect(topTen(halden).some((p) => p.control === best && p.assets.includes('claims-assistant')), planText(halden)).toBe(true);
  });
});

describe('round two: the first action against prompt injection does not rest on the model obeying its instructions', () => {
  it.each([
    ['tessellate', 'support-agent/AML.T0051.001'],
    ['tessellate', 'support-agent/AML.T0051.000'],
    ['halden', 'claims-assistant/AML.T0051.001'],
  ] as const)('%s: %s', (name, id) => {
    expect(finding(reviews[name], id).plan.actions[0]?.control).not.toBe('system-prompt-hardening');
  });
});

describe('round two: the plan proposes each action once, and only where it can act', () => {
  it.each(NAMES)('%s: no (action, control, asset) twice', (name) => {
    const r = reviews[name];
    const seen = r.plan.flatMap((p) => p.assets.map((a) => `${p.action} ${p.control} on ${a}`));
    expect(seen.filter((x, i) => seen.indexOf(x) !== i)).toEqual([]);
  });

  it.each(NAMES)('%s: registry access control only on models stored in a registry', (name) => {
    const r = reviews[name];
    const stored = new Set(r.assets.filter((a) => (a.relations.storedIn ?? []).length > 0).map((a) => a.id));
    const models = new Set(r.assets.filter((a) => a.element === 'model').map((a) => a.id));
    const wrong = r.plan.filter((p) => p.control === 'model-registry-access-control').flatMap((p) => p.assets.filter((a) => models.has(a) && !stored.has(a)));
    expect(wrong).toEqual([]);
  });

  it('Northmoor: an open serving platform is authenticated by API authentication, not MFA for people', () => {
    const login = northmoor.plan.findIndex((p) => p.steps?.some((s) => s.startsWith('Put authentication in front of triton')));
    expect(northmoor.plan[login]?.control).toBe('model-api-authentication');
    expect(login).toBeLessThan(10);
    const ray = northmoor.plan.find((p) => p.steps?.some((s) => s.startsWith('Put authentication in front of ray')));
    expect(ray?.control).toBe('ml-platform-mfa');
  });
});

describe('round two: a notebook, job server or MCP server is not an inference API', () => {
  it.each([
    ['tessellate', 'mcp-crm'],
    ['northmoor', 'ray'],
    ['halden', 'jupyterhub'],
  ] as const)('%s: %s has no denial-of-AI-service or cost-harvesting finding, nor an inference resource limit to implement', (name, id) => {
    const r = reviews[name];
    expect(r.findings.filter((f) => f.assetId === id && /^AML\.T00(29|34|40)/.test(f.techniqueId)).map((f) => f.id)).toEqual([]);
    expect(r.plan.filter((p) => p.control === 'inference-resource-limits' && p.assets.includes(id))).toEqual([]);
  });
});

describe('round two: Tessellate, the LLM-agent startup', () => {
  it('the gateway’s token budgets and rate limits do not reach the docs assistant, which calls the vendor directly', () => {
    for (const id of ['docs-assistant/AML.T0034', 'docs-assistant/AML.T0029']) expect(finding(tessellate, id).controls, id).toEqual([]);
    expect(finding(tessellate, 'claude-sonnet/AML.T0034').controls).toContain('llm-token-budgets');
  });

  it('a vendor-hosted SaaS model has no weights or files of ours to steal, tamper with or load', () => {
    for (const id of ['claude-sonnet/AML.T0011.000', 'claude-sonnet/AML.T0018', 'claude-sonnet/AML.T0044', 'gpt-4o-mini/AML.T0043.000']) {
      expect(tessellate.findings.find((f) => f.id === id), id).toBeUndefined();
    }
    expect(finding(tessellate, 'claude-sonnet/AML.T0010.003').coverage).toBe('blind-spot');
  });

  it('MFA by selector does not count on the MCP server with no authentication', () => {
    expect(finding(tessellate, 'mcp-crm/AML.T0012').coverage).toBe('claimed');
    expect(trailOf(tessellate, 'mcp-crm/AML.T0012')).toMatch(/the inventory records mcp-crm without authentication/);
  });

  it('retrieval access control does not stop customers planting content; the agent reading it is open to indirect injection', () => {
    expect(finding(tessellate, 'customer-files/AML.T0070').coverage).toBe('blind-spot');
    expect(finding(tessellate, 'support-agent/AML.T0051.001').risk.level).toMatch(/high|critical/);
    expect(finding(tessellate, 'support-agent/AML.T0051.001').controls).toEqual([]);
  });

  it('tool-call logging detects tool abuse; a planned allowlist prevents nothing', () => {
    expect(finding(tessellate, 'support-agent/AML.T0053').coverage).toBe('detected');
  });
});

describe('round two: Northmoor, on premises', () => {
  it('whoever reaches the open Triton queries every model it serves: the internal ranker is as reachable as Triton', () => {
    const f = finding(northmoor, 'fraud-ranker/AML.T0043.001');
    expect(f.risk.factors).toMatchObject({ exposure: 'public', authentication: 'none' });
    expect(f.risk.level).toMatch(/high|critical/);
    expect(trailOf(northmoor, 'fraud-ranker/AML.T0043.001')).toMatch(/queried through triton, which is public and has no authentication/);
  });

  it('a rate limit scoped to another tag, runtime hardening and MFA on an open Ray count for nothing', () => {
    expect(finding(northmoor, 'return-classifier/AML.T0043.001').controls).not.toContain('inference-rate-limiting');
    expect(finding(northmoor, 'ray/AML.T0012').coverage).toBe('claimed');
    expect(trailOf(northmoor, 'return-classifier/AML.T0043.001')).toMatch(/verification dated 2027-02-01, after the review date 2026-11-20, does not count/);
  });

  it('the malicious pickle is exploited, ranked first and contained first, despite the registry’s claimed scanning', async () => {
    const r = await northmoorWithMaliciousPickle();
    expect(r.findings[0]).toMatchObject({ assetId: 'fraud-ranker', coverage: 'exploited' });
    expect(r.plan[0]).toMatchObject({ action: 'contain', control: CONTAINMENT, assets: ['fraud-ranker'], due: '2026-11-20' });
    expect(r.plan[0]?.steps?.join('\n')).toMatch(/Quarantine \S*models\/fraud-ranker\.pkl/);
    // The registry's scanning counted, and the pickle got past it: find out why before anything else.
    expect(finding(r, 'fraud-ranker/AML.T0011.000').plan.actions[0]).toMatchObject({ action: 'verify', control: 'model-file-scanning' });
  });
});

describe('round two: Halden, a BOM from another generator', () => {
  it('a model-card dataset that is a retrieval index is retrieved from, not trained on', () => {
    expect(asset(halden, 'claims-assistant').relations).toMatchObject({ retrievesFrom: ['ds-claim-documents'], trainedOn: ['ds-adjuster-notes'] });
  });

  it('documents policyholders upload are user-writable, so the assistant is assessed for indirect injection and RAG poisoning', () => {
    expect(asset(halden, 'ds-claim-documents').attributes).toContain('userWritable');
    expect(asset(halden, 'claims-assistant').attributes).toContain('retrievesUntrustedContent');
    expect(finding(halden, 'claims-assistant/AML.T0051.001').risk.level).toMatch(/high|critical/);
    expect(finding(halden, 'ds-claim-documents/AML.T0070').coverage).toBe('claimed');
  });

  it('a service in front of a platform is its endpoint: one JupyterHub, open, whose MFA claim counts for nothing', () => {
    expect(halden.assets.filter((a) => a.kind === 'notebook').map((a) => [a.id, a.authentication])).toEqual([['jupyterhub', 'none']]);
    expect(finding(halden, 'jupyterhub/AML.T0012').coverage).toBe('claimed');
  });

  it('registry access control claimed on the serving platforms does not carry to the models they serve', () => {
    for (const id of ['claims-assistant/AML.T0044', 'damage-estimator/AML.T0044']) expect(finding(halden, id).controls, id).not.toContain('model-registry-access-control');
  });
});
