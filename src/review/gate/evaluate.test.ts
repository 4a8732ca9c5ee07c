import { describe, expect, it } from 'vitest';
import { RampartError } from '../../errors.ts';
import { parseSourceText } from '../../util/yaml-source.ts';
import { syntheticReview } from '../test-support/synthetic-review.ts';
import { applyWaivers, type Waiver } from '../waivers.ts';
import { evaluateGate } from './evaluate.ts';
import { DEFAULT_POLICY, parsePolicy, Policy } from './policy.ts';

const target = 'asset-00000/AML.T0001';
const calm = syntheticReview({ assets: 2, techniquesPerAsset: 3, seed: 3 });
// Every finding low and prevented, except the one each case changes.
for (const f of calm.findings) Object.assign(f, { coverage: 'prevented', risk: { ...f.risk, score: 2, level: 'low' } });
const review = (coverage: 'prevented' | 'exploited' | 'blind-spot', score: number) => {
  const r = structuredClone(calm);
  const f = r.findings.find((x) => x.id === target)!;
  Object.assign(f, { coverage, risk: { ...f.risk, score, level: score >= 15 ? 'critical' : score >= 9 ? 'high' : score >= 4 ? 'medium' : 'low' } });
  return r;
};
const waiverFor = (expires: string): Waiver => ({ id: 1, findingId: target, justification: 'compensating control', approver: 'ciso', expires, createdAt: '2026-01-01T00:00:00Z', createdBy: 'ana' });
const none = applyWaivers([], [], '2026-11-01');

describe('evaluateGate', () => {
  it.each([
    { name: 'a calm review passes the default policy', policy: DEFAULT_POLICY, current: review('prevented', 2), waivers: none, failed: [] },
    { name: 'a critical finding fails failOnLevel', policy: DEFAULT_POLICY, current: review('blind-spot', 18), waivers: none, failed: ['failOnLevel', 'noRegression'] },
    { name: 'an exploited technique fails noExploited', policy: DEFAULT_POLICY, current: review('exploited', 8), waivers: none, failed: ['noExploited', 'noRegression'] },
    { name: 'a waiver in force lifts finding rules', policy: DEFAULT_POLICY, current: review('exploited', 20), waivers: applyWaivers([target], [waiverFor('2026-12-31')], '2026-11-01'), failed: [] },
    { name: 'an expired waiver does not', policy: DEFAULT_POLICY, current: review('exploited', 20), waivers: applyWaivers([target], [waiverFor('2026-10-31')], '2026-11-01'), failed: ['failOnLevel', 'noExploited', 'noRegression'] },
    { name: 'maxRiskScore fails only above the bound', policy: Policy.parse({ maxRiskScore: 10 }), current: review('blind-spot', 10), waivers: none, failed: [] },
    { name: 'maxRiskScore fails above the bound', policy: Policy.parse({ maxRiskScore: 10 }), current: review('blind-spot', 10.5), waivers: none, failed: ['maxRiskScore'] },
    { name: 'a coverage floor per tactic', policy: Policy.parse({ coverageFloor: { anyTactic: 90 } }), current: review('blind-spot', 2), waivers: none, failed: ['coverageFloor'] },
    { name: 'a missing sign-off', policy: Policy.parse({ requireSignoff: ['security'] }), current: review('prevented', 2), waivers: none, failed: ['requireSignoff'] },
  ])('$name', ({ policy, current, waivers, failed }) => {
    const result = evaluateGate(policy, { review: current, previous: calm, waivers, signoffs: [] });
    expect(result.rules.filter((r) => !r.passed).map((r) => r.rule)).toEqual(failed);
    expect(result.passed).toBe(failed.length === 0);
  });

  it('names the offending findings and reports expired waivers', () => {
    const result = evaluateGate(DEFAULT_POLICY, { review: review('exploited', 20), previous: undefined, waivers: applyWaivers([target], [waiverFor('2026-01-01')], '2026-11-01'), signoffs: [] });
    expect(result.rules.find((r) => r.rule === 'noExploited')?.offenders).toEqual([target]);
    expect(result.rules.find((r) => r.rule === 'noRegression')).toMatchObject({ passed: true, summary: expect.stringMatching(/no previous/) });
    expect(result.expiredWaivers).toEqual([`${target} (expired 2026-01-01)`]);
  });

  it('passes a signed-off review', () => {
    const signoffs = [{ id: 1, reviewId: 1, role: 'security', name: 'Ana', note: undefined, signedAt: '2026-11-01T10:00:00Z' }];
    expect(evaluateGate(Policy.parse({ requireSignoff: ['security'] }), { review: calm, previous: undefined, waivers: none, signoffs }).passed).toBe(true);
  });
});

describe('parsePolicy', () => {
  it.each([
    ['maxRiskScore: 30', /policy.yaml:1:15: at maxRiskScore: .*<=25/],
    ['failOnLevel: severe', /failOnLevel/],
    ['coverageFloor:\n  tactics:\n    TA0004: 50', /tactic ids look like AML.TA0004/],
    ['noRegresion: true', /noRegresion|unrecognized/i],
    ['requireSignoff: [Security Team]', /roles are lower-case/],
  ])('rejects %j with a pointed message', (text, message) => {
    const error = (() => {
      try {
        parsePolicy(parseSourceText(text, 'policy.yaml', 'the gate policy'));
      } catch (e) {
        return e as RampartError;
      }
    })();
    expect(error).toBeInstanceOf(RampartError);
    expect(error?.kind).toBe('input');
    expect(error?.describe()).toMatch(message);
  });

  it('reads a full policy, and an empty file as the empty policy', () => {
    const text = 'maxRiskScore: 12\nfailOnLevel: high\nnoExploited: true\nnoRegression: true\ncoverageFloor:\n  organisation: 40\n  anyTactic: 20\n  tactics: { AML.TA0004: 50 }\n  elements: { model: 60 }\nrequireSignoff: [security, data-science]\n';
    expect(parsePolicy(parseSourceText(text, 'p.yaml', 'the gate policy'))).toMatchObject({ maxRiskScore: 12, coverageFloor: { tactics: { 'AML.TA0004': 50 }, elements: { model: 60 } }, requireSignoff: ['security', 'data-science'] });
    expect(parsePolicy(parseSourceText('', 'p.yaml', 'the gate policy'))).toEqual({ noExploited: false, noRegression: false, requireSignoff: [] });
  });
});
