import { describe, expect, it } from 'vitest';
import type { Asset } from '../inventory/asset.ts';
import { assessRisk, effectiveCriticality, levelOf, stageOf, type RiskInput } from './risk.ts';
import { anAsset } from './test-support/fixtures.ts';

const credit = anAsset({ id: 'credit-scoring', exposure: 'public', authentication: 'api-key', criticality: 'critical', dataSensitivity: 'restricted' });
const weather = anAsset({ id: 'weather', kind: 'regressor', exposure: 'internal', authentication: 'none', criticality: 'low', dataSensitivity: 'public' });
const extraction: Omit<RiskInput, 'asset' | 'criticality'> = { maturity: 'realized', caseStudies: 1, access: 'inference-api', harm: ['confidentiality', 'financial'], tactics: ['AML.TA0010'], coverage: 'blind-spot' };

const on = (asset: Asset) => ({ asset, criticality: effectiveCriticality(asset, []) });

describe('risk', () => {
  it('ranks the same technique higher on a public credit-scoring model than on an internal weather model', () => {
    const a = assessRisk({ ...extraction, ...on(credit) });
    const b = assessRisk({ ...extraction, ...on(weather) });
    expect(a.score).toBeGreaterThan(b.score);
    expect(a.likelihood).toBeGreaterThan(b.likelihood);
    expect(a.impact).toBeGreaterThan(b.impact);
    expect(a.factors.reachFactor).toBe(0.85);
    expect(b.factors.reachFactor).toBe(0.25);
  });

  it.each([
    ['both', 'prevented'],
    ['prevented', 'detected'],
    ['detected', 'claimed'],
    ['claimed', 'blind-spot'],
  ] as const)('%s coverage scores below %s', (better, worse) => {
    expect(assessRisk({ ...extraction, ...on(credit), coverage: better }).score).toBeLessThan(assessRisk({ ...extraction, ...on(credit), coverage: worse }).score);
  });

  it('treats an exploited technique as certain', () => {
    const risk = assessRisk({ ...extraction, ...on(weather), coverage: 'exploited' });
    expect(risk.likelihood).toBe(5);
  });

  it('lets an asset inherit the criticality of the assets that depend on it', () => {
    const trainingSet = anAsset({ id: 'loans', element: 'data', kind: 'training-set', criticality: 'low' });
    const risk = assessRisk({ ...extraction, asset: trainingSet, criticality: effectiveCriticality(trainingSet, [weather, credit]), access: 'supply-chain', harm: ['integrity'] });
    expect(risk.factors.effectiveCriticality).toBe('critical');
    expect(risk.factors.criticalityFrom).toBe('credit-scoring');
  });

  it.each([
    [['AML.TA0002'], 'preparation'],
    [['AML.TA0002', 'AML.TA0003'], 'preparation'],
    [['AML.TA0004', 'AML.TA0007'], 'foothold'],
    [['AML.TA0004', 'AML.TA0011'], 'harm'],
    [['AML.TA0010'], 'harm'],
  ])('tactics %j are the %s stage', (tactics, stage) => expect(stageOf(tactics)).toBe(stage));

  it('weighs preparation below harm on the same asset', () => {
    const recon = assessRisk({ ...extraction, ...on(credit), tactics: ['AML.TA0002'] });
    const harm = assessRisk({ ...extraction, ...on(credit) });
    expect(recon.impact).toBeCloseTo(harm.impact * 0.5, 1);
    expect(recon.factors.stage).toBe('preparation');
  });

  it('scores adversary-only techniques zero likelihood', () => {
    expect(assessRisk({ ...extraction, ...on(credit), access: 'adversary-only' }).likelihood).toBe(0);
  });

  it.each([
    [25, 'critical'],
    [15, 'critical'],
    [14.9, 'high'],
    [9, 'high'],
    [4, 'medium'],
    [3.9, 'low'],
  ] as const)('score %s is %s', (score, level) => expect(levelOf(score)).toBe(level));
});
