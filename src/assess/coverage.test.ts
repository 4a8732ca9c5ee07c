import { describe, expect, it } from 'vitest';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Evidence } from '../checks/contract.ts';
import type { ClaimVerdict } from './claims.ts';
import { assessCoverage, evidenceFor } from './coverage.ts';
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
  ])('%s → %s', (_name, verdicts, checks, expected) => {
    const result = assessCoverage(verdicts, checks);
    expect(result.coverage).toBe(expected);
    expect(result.trail.at(-1)?.kind).toBe('verdict');
  });

  it('names the controls that count and keeps the reasoning', () => {
    const result = assessCoverage([verdict(preventive), verdict(detective, 'unproven')], []);
    expect(result.controls).toEqual(['p']);
    expect(result.trail.map((s) => s.text)).toEqual(['p (preventive): counts', 'd (detective): unproven', 'prevented, not detected']);
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
