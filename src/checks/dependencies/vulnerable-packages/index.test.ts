import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReview } from '../../../review/run-review.ts';
import type { CheckContext, SoftwareTarget } from '../../contract.ts';
import { vulnerablePackages } from './index.ts';

const ADVISORIES = new URL('../../../../test/fixtures/osv-pypa', import.meta.url).pathname;
const fresh = (): Date => new Date('2024-05-20T00:00:00Z');
const late = (): Date => new Date('2024-10-20T00:00:00Z');

function context(target: Partial<SoftwareTarget>, clock = fresh): CheckContext<SoftwareTarget> {
  return {
    target: { kind: 'software', assetId: 'tracker', frameworks: [], manifests: [], exposure: 'internal', unauthenticated: false, loadsArtifacts: false, ...target },
    signal: new AbortController().signal,
    progress: { update: () => undefined },
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined },
    clock,
  };
}

const pin = (name: string, version: string) => ({ ecosystem: 'PyPI' as const, name, version, origin: { file: 'inventory.yaml' } });

describe('dependencies/vulnerable-packages', () => {
  it('fails on a vulnerable framework and ranks a service flaw higher on an exposed, unauthenticated asset', async () => {
    const params = vulnerablePackages.params.parse({ advisories: ADVISORIES });
    const internal = await vulnerablePackages.run(context({ frameworks: [pin('mlflow', '2.3.0')] }), params);
    const exposed = await vulnerablePackages.run(context({ frameworks: [pin('mlflow', '2.3.0')], exposure: 'public', unauthenticated: true }), params);
    expect(internal.outcome).toBe('fail');
    expect(internal.techniques).toEqual(expect.arrayContaining(['AML.T0010.001', 'AML.T0049']));
    const traversal = (r: typeof internal) => r.details.vulnerable.find((v) => /traversal/i.test(v.summary));
    const rank = ['low', 'medium', 'high', 'critical'];
    expect(rank.indexOf(traversal(exposed)!.assetSeverity)).toBeGreaterThan(rank.indexOf(traversal(internal)!.assetSeverity));
  });

  it('ranks an unsafe-loading flaw higher on an asset that loads models made by others', async () => {
    const params = vulnerablePackages.params.parse({ advisories: ADVISORIES });
    const loader = await vulnerablePackages.run(context({ frameworks: [pin('scikit-learn', '0.23.0')], loadsArtifacts: true }), params);
    const other = await vulnerablePackages.run(context({ frameworks: [pin('scikit-learn', '0.23.0')] }), params);
    const of = (r: typeof loader) => r.details.vulnerable.find((v) => v.advisory === 'PYSEC-2020-107');
    expect(of(loader)?.techniques).toContain('AML.T0011.000');
    expect(of(loader)?.assetSeverity).not.toBe(of(other)?.assetSeverity);
  });

  it.each([
    ['current versions, fresh data', [pin('mlflow', '2.17.0')], fresh, 'pass'],
    ['current versions, data 156 days old: never a clean pass', [pin('mlflow', '2.17.0')], late, 'inconclusive'],
    ['nothing pinned', [{ ecosystem: 'PyPI' as const, name: 'mlflow', origin: { file: 'x' } }], fresh, 'inconclusive'],
  ])('%s → %s', async (_title, frameworks, clock, outcome) => {
    const result = await vulnerablePackages.run(context({ frameworks }, clock), vulnerablePackages.params.parse({ advisories: ADVISORIES }));
    expect(result.outcome).toBe(outcome);
  });

  it('without advisory data the check is inconclusive and says how to get some', async () => {
    const result = await vulnerablePackages.run(context({ frameworks: [pin('mlflow', '2.3.0')] }), vulnerablePackages.params.parse({ advisories: join(tmpdir(), 'rampart-no-such-advisories') }));
    expect(result).toMatchObject({ outcome: 'inconclusive', summary: expect.stringMatching(/rampart advisories update/) });
  });
});

describe('review --checks dependencies', () => {
  const saved = process.env.RAMPART_ADVISORIES;
  beforeAll(() => void (process.env.RAMPART_ADVISORIES = ADVISORIES));
  afterAll(() => void (saved === undefined ? delete process.env.RAMPART_ADVISORIES : (process.env.RAMPART_ADVISORIES = saved)));

  it('marks AI Software exploited on the tracker that runs a vulnerable MLflow, from its frameworks and its lock file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-deps-review-'));
    await writeFile(join(dir, 'requirements.txt'), 'gradio==3.50.0\n');
    await writeFile(
      join(dir, 'inventory.yaml'),
      `organisation: Test Lab
assets:
  - id: tracker
    name: Experiment tracker
    element: platform
    kind: experiment-tracker
    exposure: internal
    authentication: none
    frameworks: [mlflow@2.9.2, kubernetes@1.29.0]
  - id: demo-ui
    name: Demo UI
    element: platform
    kind: serving
    exposure: public
    artifacts: [requirements.txt]
`,
    );
    const review = await runReview({ inventory: dir, checks: { only: ['dependencies'] }, clock: fresh });
    expect(review.evidence.map((e) => [e.assets[0], e.outcome])).toEqual([
      ['tracker', 'fail'],
      ['demo-ui', 'fail'],
    ]);
    const software = review.findings.find((f) => f.assetId === 'tracker' && f.techniqueId === 'AML.T0010.001');
    expect(software?.coverage).toBe('exploited');
    expect(JSON.stringify(review.evidence[0]?.details)).not.toContain('kubernetes');
  });
});
