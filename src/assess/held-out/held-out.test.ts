import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadApplicability } from '../applicability.ts';
import { consequenceTechniques } from '../attack-paths.ts';
import { CONTAINMENT } from '../containment.ts';
import { loadAtlas } from '../../atlas/load.ts';
import type { TechniqueId } from '../../atlas/ids.ts';
import type { Evidence } from '../../checks/contract.ts';
import { blocksPath, coversTechnique, loadControlLibrary } from '../../controls/library.ts';
import { rankedGaps } from '../../report/executive.ts';
import { runReview } from '../../review/run-review.ts';
import type { Review } from '../../review/review.ts';

/**
 * Organisations the scoring was not tuned on, each with planted gaps an ML-security reviewer expects at the
 * top: a user-writable RAG corpus behind a public assistant, an unthrottled public model, an unauthenticated
 * notebook server and job server, an exploited model file.
 */
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const reviewDate = new Date('2026-11-15T00:00:00Z');
const atlas = await loadAtlas();
const library = await loadControlLibrary(atlas);
const applicability = (await loadApplicability()).entries;
const consequences = consequenceTechniques(atlas);

const maliciousPickle: Evidence = {
  checkId: 'model-file/unsafe-deserialization',
  outcome: 'fail',
  severity: 'critical',
  summary: 'pickle imports os.system in a REDUCE',
  techniques: ['AML.T0011.000', 'AML.T0010.003'] as TechniqueId[],
  assets: ['sentiment-model'],
  target: 'models/sentiment.pkl',
  measurements: {},
  pointers: [{ file: 'models/sentiment.pkl', offset: 112 }],
  details: {},
  startedAt: '2026-11-14T10:00:00.000Z',
  finishedAt: '2026-11-14T10:00:01.000Z',
};

const review = async (org: string, evidence: Evidence[] = []) => runReview({ inventory: here(org), reviewDate, evidence });
const reviews: Record<string, Review> = {
  hospital: await review('hospital'),
  retailer: await review('retailer'),
  startup: await review('startup', [maliciousPickle]),
};
const topTen = (r: Review) => r.plan.slice(0, 10);
const acts = (r: Review, asset: string, controls: readonly string[]) => topTen(r).some((p) => p.assets.includes(asset) && controls.includes(p.control));

describe('held-out organisations: planted gaps rank in the top ten actions', () => {
  it.each([
    ['hospital', 'user-writable RAG corpus behind a public assistant', 'triage-kb', ['rag-content-sanitisation', 'retrieval-source-trust-labelling', 'dataset-integrity-monitoring', 'training-data-validation']],
    ['hospital', 'indirect injection on the public assistant', 'triage-assistant', ['llm-input-guardrails', 'system-prompt-hardening', 'agent-tool-io-validation', 'untrusted-context-tool-restriction', 'retrieval-source-trust-labelling', 'agent-user-delegated-permissions', 'agent-action-human-approval']],
    ['retailer', 'unthrottled public fraud model', 'fraud-scorer', ['inference-rate-limiting', 'inference-output-minimisation', 'inference-telemetry-alerting', 'verified-client-onboarding', 'adversarial-training']],
    ['retailer', 'unauthenticated notebook server', 'ds-notebooks', ['notebook-platform-hardening', 'ml-platform-mfa', 'secrets-management', 'host-edr-on-ml-infrastructure', 'egress-restriction-for-ml-workloads', 'package-source-allowlisting']],
    ['startup', 'unauthenticated Ray job server', 'ray-jobs', ['ml-platform-mfa', 'secrets-management', 'host-edr-on-ml-infrastructure', 'egress-restriction-for-ml-workloads', 'training-pipeline-isolation', 'serving-runtime-hardening', 'package-source-allowlisting']],
  ] as const)('%s: %s', (org, _gap, asset, controls) => {
    const r = reviews[org]!;
    expect(acts(r, asset, controls), topTen(r).map((p) => `${p.action} ${p.control} ${p.assets.join(',')}`).join('\n')).toBe(true);
  });

  it('startup: the exploited model file comes first, with containment before any preventive control', () => {
    const r = reviews.startup!;
    expect(r.findings[0]).toMatchObject({ assetId: 'sentiment-model', coverage: 'exploited' });
    expect(r.plan[0]).toMatchObject({ action: 'contain', control: CONTAINMENT, assets: ['sentiment-model'] });
    expect(r.plan[0]?.steps?.join(' ')).toMatch(/Quarantine models\/sentiment\.pkl.*Revoke.*Roll sentiment-model \(running 0\.9\.2\) back.*incident/s);
  });
});

describe.each(Object.keys(reviews))('held-out %s: judgement holds everywhere', (org) => {
  const r = reviews[org]!;

  it('ranks no consequence as a standalone gap; every consequence is scored along a path or says why not', () => {
    expect(rankedGaps(r.findings).slice(0, 10).filter((f) => consequences.has(f.techniqueId))).toEqual([]);
    for (const f of r.findings.filter((x) => consequences.has(x.techniqueId))) {
      expect(f.role, f.id).toBe('consequence');
      expect(f.trail.some((s) => s.text.startsWith('consequence:')), f.id).toBe(true);
    }
  });

  it('credits no control across an access path it does not block, nor a sub-technique it does not name', () => {
    const crossed = r.findings.flatMap((f) =>
      f.controls
        .filter((id) => {
          const control = library.get(id)!;
          return !coversTechnique(control, f.techniqueId) || !blocksPath(control, applicability.get(f.techniqueId)!.access);
        })
        .map((id) => `${f.id}: ${id}`),
    );
    expect(crossed).toEqual([]);
  });
});

describe('held-out startup: a claim that begins after the review date counts for nothing', () => {
  it('model-file-scanning since 2026-12-01 neither prevents nor is planned as verify', () => {
    const f = reviews.startup!.findings.find((x) => x.id === 'sentiment-model/AML.T0011.000')!;
    expect(f.controls).not.toContain('model-file-scanning');
    expect(f.trail.map((s) => s.text).join('\n')).toMatch(/in place only from 2026-12-01, after the review date 2026-11-15/);
  });
});
