import { describe, expect, it } from 'vitest';
import { asset, finding, planText, reviewOf, topTen, trailOf } from './support.ts';

/**
 * The third round of held-out organisations: the verdicts of expected-round-3.md, written before the first review. The
 * theme: a control that exists, but on another path than the one the attacker takes.
 */
const [aldermoor, bazaarly, harrowgate] = await Promise.all([reviewOf('aldermoor'), reviewOf('bazaarly'), reviewOf('harrowgate')]);
const reviews = { aldermoor, bazaarly, harrowgate };


describe('round three: each planted gap has an action on it in the top ten', () => {
  it.each([
    ['aldermoor', 'DICOM router whose DICOMweb endpoint has no login', 'orthanc', ['model-api-authentication']],
    ['bazaarly', 'moderation API sellers probe, throttled on staging only', 'listing-moderation', ['inference-rate-limiting', 'adversarial-input-detection', 'adversarial-training', 'model-api-authentication']],
    ['harrowgate', 'anonymous public chatbot', 'housing-assistant', ['model-api-authentication', 'llm-input-guardrails', 'llm-token-budgets', 'inference-rate-limiting']],
    ['harrowgate', 'open-weights base model pulled from a public hub', 'mistral-7b-instruct-v0.3', ['model-and-tool-vetting', 'third-party-artifact-verification']],
  ] as const)('%s: %s', (name, _gap, id, controls) => {
    const r = reviews[name];
    expect(topTen(r).some((p) => p.assets.includes(id) && (controls as readonly string[]).includes(p.control)), planText(r)).toBe(true);
  });
});

describe('round three: a control on one path does not cover the others', () => {
  it('Bazaarly: rate limiting and logging on the staging Seldon do not reach the production path of a model both serve', () => {
    expect(finding(bazaarly, 'listing-moderation/AML.T0043.001').controls).not.toContain('inference-rate-limiting');
    expect(trailOf(bazaarly, 'listing-moderation/AML.T0043.001')).toMatch(/inherited from seldon-staging via servedBy: claimed there, but listing-moderation is also servedBy seldon-prod, which no inference-rate-limiting claim covers/);
    expect(finding(bazaarly, 'listing-moderation/AML.T0040').controls).not.toContain('inference-telemetry-logging');
  });

  it.each([
    ['aldermoor', 'mlflow', /https:\/\/mlflow\.imaging\.aldermoor\.example\/api\/2\.0\/mlflow takes a static API key, which ml-platform-mfa does not guard/],
    ['bazaarly', 'seldon-prod', /https:\/\/ml-api\.bazaarly\.example\/seldon takes a static API key, which ml-platform-mfa does not guard/],
  ] as const)('%s: MFA on the console of %s does not guard the static key its API takes', (name, id, says) => {
    // Claimed at most: nothing prevents a leaked token being used.
    expect(finding(reviews[name], `${id}/AML.T0012`).coverage).not.toMatch(/prevented|both/);
    expect(trailOf(reviews[name], `${id}/AML.T0012`)).toMatch(says);
  });

  it('Aldermoor: an endpoint with no login makes the DICOM router open, whatever TLS the modalities use', () => {
    expect(asset(aldermoor, 'orthanc').authentication).toBe('none');
    expect(aldermoor.inventory.notes.join('\n')).toMatch(/orthanc: authentication none, not mtls, because its endpoint https:\/\/orthanc\.imaging\.aldermoor\.example\/dicom-web answers without authentication/);
    // The managed SOC's account-takeover rules have no sign-in to watch there.
    for (const id of ['orthanc/AML.T0040', 'orthanc/AML.T0012']) expect(finding(aldermoor, id).controls, id).not.toContain('identity-threat-detection');
  });

  it('Aldermoor: the vendor-hosted stroke model has no file of ours to sign, scan or load: none of that is credited or proposed on it', () => {
    const FILE_CONTROLS = ['model-artifact-signing', 'model-file-scanning', 'safe-model-deserialisation', 'third-party-artifact-verification'];
    const credited = aldermoor.findings.filter((f) => f.assetId === 'vendor-stroke').flatMap((f) => f.controls.filter((c) => FILE_CONTROLS.includes(c)).map((c) => `${f.id}: ${c}`));
    expect(credited).toEqual([]);
    expect(aldermoor.plan.filter((p) => p.assets.includes('vendor-stroke') && FILE_CONTROLS.includes(p.control)).map((p) => p.control)).toEqual([]);
    expect(finding(aldermoor, 'vendor-stroke/AML.T0010.003').coverage).toBe('blind-spot');
  });

  it('a poisoned contribution arrives through the front door: snapshots, pipeline isolation and registry alerts do not stop it', () => {
    const NOT_AGAINST_CONTRIBUTIONS = ['training-data-immutability', 'training-pipeline-isolation', 'model-registry-change-alerting'];
    for (const [name, id] of [['aldermoor', 'site-updates'], ['aldermoor', 'cxr-triage'], ['bazaarly', 'click-events'], ['bazaarly', 'recs-ranker'], ['harrowgate', 'tenants-forum-scrape-2025']] as const) {
      const f = finding(reviews[name], `${id}/AML.T0020`);
      expect(f.controls, f.id).toEqual([]);
      expect(f.plan.actions.filter((a) => NOT_AGAINST_CONTRIBUTIONS.includes(a.control)).map((a) => a.control), f.id).toEqual([]);
    }
  });
});

describe('round three: decoys that must not count', () => {
  it('Aldermoor: per-patient retrieval filtering does not stop a GP letter carrying instructions', () => {
    const f = finding(aldermoor, 'letter-drafter/AML.T0051.001');
    expect(f.risk.level).toMatch(/high|critical/);
    expect(f.controls).toEqual([]);
    expect(trailOf(aldermoor, 'letter-drafter/AML.T0057')).toMatch(/llm-output-guardrails \(prevents\): in place only from 2027-01-01, after the review date 2026-11-20/);
  });

  it('Bazaarly: the storefront WAF, staging-only sample detection and bucket IAM count for nothing where the attacks land', () => {
    for (const id of ['listing-moderation/AML.T0029', 'listing-moderation/AML.T0040']) expect(finding(bazaarly, id).controls, id).not.toContain('public-endpoint-patching-and-waf');
    expect(trailOf(bazaarly, 'click-events/AML.T0020')).toMatch(/training-data-access-control is claimed but does not block the training-data path/);
    expect(finding(bazaarly, 'click-events/AML.T0020').coverage).toBe('blind-spot');
  });

  it('Bazaarly: approval from next year and a never-verified policy PDF leave the pricing agent’s tools only watched', () => {
    const f = finding(bazaarly, 'pricing-agent/AML.T0053');
    expect(f.coverage).toBe('detected');
    expect(f.controls).not.toContain('agent-action-human-approval');
    expect(f.controls).not.toContain('human-review-of-consequential-decisions');
  });

  it('Harrowgate: MFA on the VPN does not reach the shared accounts behind it; scanning on a registry the model skips counts nowhere', () => {
    for (const id of ['jupyterhub/AML.T0012', 'mlflow/AML.T0012']) expect(finding(harrowgate, id).controls, id).not.toContain('ml-platform-mfa');
    for (const id of ['mistral-7b-instruct-v0.3/AML.T0011.000', 'housing-assistant/AML.T0011.000']) expect(finding(harrowgate, id).controls, id).not.toContain('model-file-scanning');
  });
});

describe('round three: inventories as their users wrote them', () => {
  it('Bazaarly: fields shared through YAML anchors and merge keys, the anchors under x- keys', () => {
    expect(asset(bazaarly, 'listing-moderation')).toMatchObject({ owner: 'ml-platform@bazaarly.example', criticality: 'critical', tags: ['production'] });
    expect(asset(bazaarly, 'click-events-sample')).toMatchObject({ criticality: 'low', tags: ['staging'] });
  });

  it('Harrowgate: a BOM named *.bom.json with SPDX-style bom-refs gives assets named as the components are', () => {
    expect(harrowgate.assets.filter((a) => a.source.file === 'housing-assistant.bom.json').map((a) => a.id).sort()).toEqual(['housing-assistant', 'housing-policies', 'mistral-7b-instruct-v0.3', 'tenants-forum-scrape-2025', 'vllm']);
    expect(asset(harrowgate, 'housing-assistant')).toMatchObject({ exposure: 'public', authentication: 'none', relations: { servedBy: ['vllm'], dependsOn: ['mistral-7b-instruct-v0.3'] } });
    expect(asset(harrowgate, 'housing-assistant').attributes).toEqual(expect.arrayContaining(['trainsOnUserData', 'trainsOnExternalData', 'thirdPartyArtifacts']));
  });
});
