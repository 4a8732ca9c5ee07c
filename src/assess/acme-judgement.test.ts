import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadApplicability } from './applicability.ts';
import { analyse } from './analyse.ts';
import { consequenceTechniques } from './attack-paths.ts';
import { loadAtlas } from '../atlas/load.ts';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Evidence } from '../checks/contract.ts';
import { loadControlLibrary } from '../controls/library.ts';
import { loadInventory } from '../inventory/load.ts';
import type { Authentication } from '../inventory/vocabulary.ts';
import { rankedGaps } from '../report/executive.ts';

/** The defects issue 10 found in the acme-bank review, each pinned by a test that failed before its fix. */
const atlas = await loadAtlas();
const library = await loadControlLibrary(atlas);
const applicability = (await loadApplicability()).entries;
const folder = fileURLToPath(new URL('../../examples/acme-bank', import.meta.url));
const run = async (date: string, evidence: Evidence[] = [], auth: Record<string, Authentication> = {}) => {
  const inventory = await loadInventory(folder);
  inventory.assets = inventory.assets.map((a) => (auth[a.id] ? { ...a, authentication: auth[a.id]! } : a));
  return analyse({ atlas, applicability, library, inventory, evidence, reviewDate: new Date(`${date}T00:00:00Z`), verificationWindowDays: 365 });
};
const acme = await run('2026-11-15');
const finding = (a: Awaited<ReturnType<typeof run>>, id: string) => a.findings.find((f) => f.id === id)!;

describe('acme-bank judgement', () => {
  it('does not let API authentication or inference logging cover indirect prompt injection', () => {
    const f = finding(acme, 'support-assistant/AML.T0051.001');
    expect(['both', 'prevented', 'detected']).not.toContain(f.coverage);
    expect(f.controls).not.toContain('model-api-authentication');
    expect(f.controls).not.toContain('inference-telemetry-logging');
  });

  it.each(['AML.T0043.000', 'AML.T0043.002'])('does not credit rate limiting for %s on the fraud model', (technique) => {
    expect(finding(acme, `fraud-detector/${technique}`).controls).not.toContain('inference-rate-limiting');
  });

  it('credits rate limiting for black-box search, which it does slow', () => {
    expect(finding(acme, 'fraud-detector/AML.T0043.001').controls).toContain('inference-rate-limiting');
  });

  it('credits nothing that began after a review dated 2020-01-01', async () => {
    const past = await run('2020-01-01');
    expect(past.findings.filter((f) => f.controls.length > 0).map((f) => f.id)).toEqual([]);
  });

  it('ranks no consequence among the top findings', () => {
    const impact = consequenceTechniques(atlas);
    expect(rankedGaps(acme.findings).slice(0, 10).filter((f) => impact.has(f.techniqueId))).toEqual([]);
    expect(acme.plan.slice(0, 10).map((p) => p.control)).not.toContain('deepfake-phishing-awareness');
  });

  it('does not plan registry access control on models stored in the registry that claims it, and says why', () => {
    const stored = ['fraud-detector', 'credit-scoring', 'weather-forecast', 'product-recommender'];
    const planned = acme.plan.filter((p) => p.control === 'model-registry-access-control').flatMap((p) => p.assets);
    expect(planned.filter((a) => stored.includes(a))).toEqual([]);
    expect(finding(acme, 'credit-scoring/AML.T0018').trail.map((s) => s.text).join('\n')).toMatch(/inherited from mlflow-registry via storedIn/);
  });

  it('ranks an exploited malicious pickle first, with containment before anything else', async () => {
    const pickle: Evidence = {
      checkId: 'model-file/unsafe-deserialization', outcome: 'fail', severity: 'critical', summary: 'REDUCE calls posix.system',
      techniques: ['AML.T0011.000', 'AML.T0018.002'] as TechniqueId[], assets: ['weather-forecast'], target: 'model.pkl', measurements: {},
      pointers: [{ file: 'model.pkl', offset: 40 }], details: {}, startedAt: '2026-11-14T08:00:00.000Z', finishedAt: '2026-11-14T08:00:01.000Z',
    };
    const exploited = await run('2026-11-15', [pickle]);
    expect(exploited.findings[0]).toMatchObject({ assetId: 'weather-forecast', coverage: 'exploited' });
    expect(exploited.plan[0]).toMatchObject({ action: 'contain', assets: ['weather-forecast'] });
    expect(exploited.plan[0]?.steps?.[0]).toMatch(/^Quarantine model\.pkl/);
  });

  it('restricts an endpoint a prompt injection exploited, rather than quarantining its target file', async () => {
    const injection: Evidence = {
      checkId: 'llm-app/prompt-injection', outcome: 'fail', severity: 'high', summary: '5 of 8 injections obeyed',
      techniques: ['AML.T0051.000'] as TechniqueId[], assets: ['support-assistant'], target: 'targets/assistant.yaml', measurements: {},
      pointers: [{ note: 'assistant request 3: ignore-previous — canary: found' }], details: {}, startedAt: '2026-11-14T08:00:00.000Z', finishedAt: '2026-11-14T08:00:01.000Z',
    };
    const exploited = await run('2026-11-15', [injection]);
    const contain = exploited.plan.find((p) => p.action === 'contain')!;
    expect(contain.assets).toEqual(['support-assistant']);
    expect(contain.steps?.[0]).toMatch(/^Restrict .*close the path the attack used/);
    expect(contain.steps?.join(' ')).not.toMatch(/Quarantine|block its hash|targets\/assistant\.yaml:/);
    expect(contain.steps?.[2]).toMatch(/rampart review --checks` against targets\/assistant\.yaml/);
    expect(contain.questions?.[0]).toMatch(/Who else sent such requests/);
  });

  it('ranks an unauthenticated MLflow and Jupyter high, with actions on them in the top ten', async () => {
    const open = await run('2026-11-15', [], { 'mlflow-registry': 'none', jupyterhub: 'none' });
    const top = (asset: string) => Math.max(...open.findings.filter((f) => f.assetId === asset).map((f) => f.risk.score));
    for (const asset of ['mlflow-registry', 'jupyterhub']) {
      expect(top(asset), asset).toBeGreaterThanOrEqual(9);
      expect(open.plan.slice(0, 10).some((p) => p.assets.includes(asset)), `${asset}: ${open.plan.slice(0, 12).map((p) => `${p.control} ${p.assets.join(",")} ${p.riskRemoved}`).join(" / ")}`).toBe(true);
    }
  });
});
