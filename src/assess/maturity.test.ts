import { describe, expect, it } from 'vitest';
import type { TechniqueId } from '../atlas/ids.ts';
import { loadAtlas } from '../atlas/load.ts';
import { DEFAULT_MATURITY, maturityResolver } from './maturity.ts';
import { assessRisk, effectiveCriticality } from './risk.ts';
import { anAsset } from './test-support/fixtures.ts';

const OLD = new URL('../../test/fixtures/atlas/ATLAS-4.9.1.yaml', import.meta.url).pathname;

describe('maturity used for scoring', () => {
  it.each([
    { name: 'stated by the reviewed release', atlas: 'bundled', reference: true, id: 'AML.T0024.002', maturity: 'realized', assumed: undefined },
    { name: 'missing (4.9.1): taken from the newest bundled release', atlas: 'old', reference: true, id: 'AML.T0024.002', maturity: 'realized', assumed: 'ATLAS 5.6.0' },
    { name: 'missing with no reference: the documented default', atlas: 'old', reference: false, id: 'AML.T0024.002', maturity: DEFAULT_MATURITY, assumed: 'default' },
    { name: 'unknown to both: the documented default', atlas: 'old', reference: true, id: 'AML.T0999', maturity: DEFAULT_MATURITY, assumed: 'default' },
  ])('$name', async ({ atlas, reference, id, maturity, assumed }) => {
    const bundled = await loadAtlas();
    const reviewed = atlas === 'old' ? await loadAtlas(OLD) : bundled;
    const used = maturityResolver(reviewed, reference ? bundled : undefined)(id as TechniqueId);
    expect(used.maturity).toBe(maturity);
    expect(used.assumed?.from).toBe(assumed);
  });

  it('marks an assumed maturity on the risk factors, and never on a stated one', () => {
    const asset = anAsset({ exposure: 'public' });
    const base = { asset, criticality: effectiveCriticality(asset, []), caseStudies: 2, access: 'inference-api' as const, harm: ['integrity' as const], tactics: ['AML.TA0007'], coverage: 'blind-spot' as const };
    const stated = assessRisk({ ...base, maturity: 'realized' });
    const assumed = assessRisk({ ...base, maturity: 'realized', maturityAssumed: 'ATLAS 4.9.1 states no maturity; ATLAS 5.6.0 says realized' });
    const unknown = assessRisk({ ...base, maturity: undefined });
    expect(stated.factors.maturityAssumed).toBeUndefined();
    expect(assumed.score).toBe(stated.score);
    expect(assumed.factors.maturityAssumed).toContain('ATLAS 5.6.0');
    expect(unknown.factors).toMatchObject({ maturity: DEFAULT_MATURITY, maturityFactor: 0.8, maturityAssumed: expect.stringContaining('assumed') });
  });
});
