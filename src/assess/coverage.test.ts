import { describe, expect, it } from 'vitest';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Evidence } from '../checks/contract.ts';
import type { ClaimVerdict } from './claims.ts';
import { assessCoverage, evidenceAsOf, evidenceFor } from './coverage.ts';
import { aClaim, aControl } from './test-support/fixtures.ts';

const preventive = aControl({ id: 'p', type: 'preventive' });
const detective = aControl({ id: 'd', type: 'detective' });
const corrective = aControl({ id: 'c', type: 'corrective' });
const verdict = (control = preventive, effect: ClaimVerdict['effect'] = 'counts'): ClaimVerdict => ({ claim: aClaim({ control: control.id }), control, effect, reason: effect });
const evidence = (outcome: Evidence['outcome'], techniques = ['AML.T0024.002']): Evidence => ({
  checkId: 'prediction-api/extraction',
  outcome,
  severity: 'high',
  summary: 'surrogate agreement 97%',
  techniques: techniques as TechniqueId[],
  assets: ['credit'],
  target: 'http://127.0.0.1',
  measurements: {},
  pointers: [],
  details: {},
  startedAt: '',
  finishedAt: '',
});

const inspection = (outcome: Evidence['outcome']): Evidence => ({ ...evidence(outcome, ['AML.T0020']), effect: 'inspects' });

describe('coverage of a technique on an asset', () => {
  it.each([
    ['nothing claimed', [], [], 'blind-spot'],
    ['planned only', [verdict(preventive, 'not-in-place')], [], 'blind-spot'],
    ['corrective only', [verdict(corrective)], [], 'blind-spot'],
    ['unproven preventive', [verdict(preventive, 'unproven')], [], 'claimed'],
    ['proven preventive', [verdict(preventive)], [], 'prevented'],
    ['proven detective', [verdict(detective)], [], 'detected'],
    ['both', [verdict(preventive), verdict(detective)], [], 'both'],
    ['proven detective + unproven preventive', [verdict(detective), verdict(preventive, 'unproven')], [], 'detected'],
    ['a passing check verifies an unproven claim', [verdict(preventive, 'unproven')], [evidence('pass')], 'prevented'],
    ['a passing check with nothing claimed', [], [evidence('pass')], 'prevented'],
    ['a failing check beats every claim', [verdict(preventive), verdict(detective)], [evidence('fail')], 'exploited'],
    // A clean dataset scan is no attack withstood: poisoning is not "prevented" because none was found this time.
    ['a clean inspection with nothing claimed', [], [inspection('pass')], 'blind-spot'],
    ['a clean inspection does not verify an unproven claim', [verdict(preventive, 'unproven')], [inspection('pass')], 'claimed'],
    ['an inspection that finds the technique at work', [verdict(preventive)], [inspection('fail')], 'exploited'],
  ])('%s → %s', (_name, verdicts, checks, expected) => {
    const result = assessCoverage(verdicts, checks);
    expect(result.coverage).toBe(expected);
    expect(result.trail.at(-1)?.kind).toBe('verdict');
  });

  it('names the controls that count and keeps the reasoning', () => {
    const result = assessCoverage([verdict(preventive), verdict(detective, 'unproven')], []);
    expect(result.controls).toEqual(['p']);
    expect(result.trail.map((s) => s.text)).toEqual(['p (prevents): counts', 'd (detects): unproven', 'prevented, not detected']);
  });

  // Logging on a gateway detects what it records; it never prevents it, whatever type the gateway has.
  it.each([
    ['a control declared to only detect a technique', aControl({ id: 'gw', type: 'preventive', effects: { 'AML.T0024': 'detects' } }), 'AML.T0024', 'detected'],
    ['the same control on a technique it prevents', aControl({ id: 'gw', type: 'preventive', effects: { 'AML.T0024': 'detects' } }), 'AML.T0040', 'prevented'],
    ['a detective control', detective, 'AML.T0024', 'detected'],
  ] as const)('%s → %s', (_name, control, technique, expected) => {
    expect(assessCoverage([verdict(control)], [], technique as TechniqueId).coverage).toBe(expected);
  });

  it('credits nothing for a claim off the access path, and says so in the trail', () => {
    const result = assessCoverage([], [], 'AML.T0051.001' as TechniqueId, [{ verdict: verdict(preventive), access: 'retrieved-content' }]);
    expect(result.coverage).toBe('blind-spot');
    expect(result.trail.map((s) => s.text)).toContain('p is claimed but does not block the retrieved-content path this technique uses; not credited');
  });

  it('ignores check evidence gathered after the review date', () => {
    const late = { ...evidence('fail'), startedAt: '2026-11-16T09:00:00.000Z' };
    const onTime = { ...evidence('fail'), startedAt: '2026-11-15T23:00:00.000Z' };
    expect(evidenceAsOf([late, onTime], new Date('2026-11-15T00:00:00Z'))).toEqual([onTime]);
  });
});

describe('evidence that speaks for a technique', () => {
  it('matches its own technique, and a sub-technique failure for the parent only when it failed', () => {
    const fail = evidence('fail');
    const pass = evidence('pass');
    expect(evidenceFor('AML.T0024.002' as TechniqueId, [fail, pass])).toHaveLength(2);
    expect(evidenceFor('AML.T0024' as TechniqueId, [fail, pass])).toEqual([fail]);
    expect(evidenceFor('AML.T0015' as TechniqueId, [fail, pass])).toEqual([]);
    expect(evidenceFor('AML.T0024.002' as TechniqueId, [evidence('inconclusive'), evidence('error')])).toEqual([]);
  });
});
