import { describe, expect, it } from 'vitest';
import { loadApplicability } from '../../src/assess/applicability.ts';
import { consequenceTechniques } from '../../src/assess/attack-paths.ts';
import { CONTAINMENT } from '../../src/assess/containment.ts';
import { loadAtlas } from '../../src/atlas/load.ts';
import { blocksPath, coversTechnique, effectOn, loadControlLibrary } from '../../src/controls/library.ts';
import { rankedGaps } from '../../src/report/executive.ts';
import { REPORT_FORMATS } from '../../src/report/formats.ts';
import { streamReview } from '../../src/report/stream/finding-source.ts';
import { collect } from '../../src/report/stream/sink.ts';
import { renderSummary } from '../../src/report/summary.ts';
import { diffReviews } from '../../src/review/diff.ts';
import type { Review } from '../../src/review/review.ts';
import { finding, meridianWithMaliciousPickle, ORGANISATIONS, planText, reviewOf, topTen, trailOf, type Organisation } from './support.ts';

const atlas = await loadAtlas();
const library = await loadControlLibrary(atlas);
const applicability = (await loadApplicability()).entries;
const consequences = consequenceTechniques(atlas);

const reviews = Object.fromEntries(await Promise.all(ORGANISATIONS.map(async (org) => [org, await reviewOf(org)] as const))) as Record<Organisation, Review>;

describe('held-out organisations: each planted gap has an action on it in the top ten', () => {
  it.each([
    ['meridian-health', 'user-writable RAG corpus read by a public copilot', 'patient-uploads', ['retrieval-source-trust-labelling', 'rag-content-sanitisation', 'training-data-access-control', 'dataset-integrity-monitoring']],
    ['meridian-health', 'unauthenticated experiment tracker', 'experiment-tracker', ['ml-platform-mfa']],
    ['ledgerly', 'public fraud API nobody throttles', 'fraud-score', ['inference-rate-limiting']],
    ['ledgerly', 'unauthenticated Jupyter server', 'jupyter', ['ml-platform-mfa', 'notebook-platform-hardening']],
    ['ledgerly', 'unauthenticated MLflow registry', 'mlflow', ['ml-platform-mfa']],
    ['forgeline', 'public defect API nobody throttles', 'weld-defect-detector', ['inference-rate-limiting']],
    ['forgeline', 'unauthenticated MLflow (a BOM service with authenticated: false)', 'mlflow-tracker', ['ml-platform-mfa']],
    ['forgeline', 'corpus suppliers and customers write, read by a public agent', 'equipment-manuals', ['model-and-tool-vetting', 'third-party-artifact-verification', 'retrieval-source-trust-labelling', 'rag-content-sanitisation', 'training-data-access-control']],
  ] as const)('%s: %s', (org, _gap, asset, controls) => {
    const r = reviews[org];
    expect(topTen(r).some((p) => p.assets.includes(asset) && (controls as readonly string[]).includes(p.control)), planText(r)).toBe(true);
  });
});

describe('held-out Meridian Health: a malicious pickle the review scans itself', async () => {
  const r = await meridianWithMaliciousPickle('2026-11-20T09:00:00Z');

  it('is exploited, ranked first, and contained before any preventive action', () => {
    expect(r.findings[0]).toMatchObject({ assetId: 'chest-xray', coverage: 'exploited' });
    expect(finding(r, 'chest-xray/AML.T0011.000').coverage).toBe('exploited');
    expect(r.plan[0]).toMatchObject({ action: 'contain', control: CONTAINMENT, assets: ['chest-xray'], due: '2026-11-20' });
    expect(r.plan[0]?.steps?.join('\n')).toMatch(/Quarantine \S*models\/chest-xray\.pkl[\s\S]*Revoke[\s\S]*Roll chest-xray \(running 5\.0\.1\) back[\s\S]*incident/);
  });

  it('is not hidden when the checks ran after the review date: the trail says why it is set aside', async () => {
    const late = await meridianWithMaliciousPickle('2026-12-05T09:00:00Z');
    expect(finding(late, 'chest-xray/AML.T0011.000').coverage).not.toBe('exploited');
    expect(trailOf(late, 'chest-xray/AML.T0011.000')).toMatch(/model-file\/unsafe-deserialization ran on 2026-12-05, after the review date 2026-11-20: its fail is not counted/);
  });
});

describe.each(ORGANISATIONS)('held-out %s: judgement that holds everywhere', (org) => {
  const r = reviews[org];

  it('ranks no consequence (External Harms and kin) as a standalone gap', () => {
    expect(rankedGaps(r.findings).slice(0, 10).filter((f) => consequences.has(f.techniqueId)).map((f) => f.id)).toEqual([]);
    expect(r.findings.filter((f) => consequences.has(f.techniqueId) && f.role !== 'consequence').map((f) => f.id)).toEqual([]);
  });

  it('credits no control across an access path it does not block, nor logging as prevention', () => {
    const wrong = r.findings.flatMap((f) =>
      f.controls.flatMap((id) => {
        const control = library.get(id)!;
        // The route the technique takes on the asset (assess/routes.ts), which may not be its entry's own access.
        if (!coversTechnique(control, f.techniqueId) || !blocksPath(control, f.risk.factors.access ?? applicability.get(f.techniqueId)!.access)) return [`${f.id}: ${id} off its path`];
        if (control.type === 'detective' && (f.coverage === 'prevented' || f.coverage === 'both') && f.controls.every((c) => effectOn(library.get(c)!, f.techniqueId) !== 'prevents')) return [`${f.id}: ${id} credited as prevention`];
        return [];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('counts no claim that begins or is verified after the review date', () => {
    const late = r.findings.filter((f) => f.trail.some((s) => s.kind === 'claim' && /after the review date/.test(s.text) && f.controls.includes(s.control ?? '') && f.coverage !== 'claimed'));
    expect(late.map((f) => f.id)).toEqual([]);
  });
});

describe('held-out claims that must not count, and claims that must carry', () => {
  it('Meridian: API authentication on the copilot does not stop what arrives through retrieval', () => {
    const f = finding(reviews['meridian-health'], 'clinical-copilot/AML.T0051.001');
    expect(f.controls).not.toContain('model-api-authentication');
    expect(['blind-spot', 'claimed']).toContain(f.coverage);
  });

  it('Meridian: guardrails from after the review date and a scan "verified" next year count for nothing', () => {
    const r = reviews['meridian-health'];
    expect(trailOf(r, 'clinical-copilot/AML.T0051.000')).toMatch(/llm-input-guardrails \(prevents\): in place only from 2026-12-15, after the review date 2026-11-20/);
    expect(finding(r, 'clinical-copilot/AML.T0051.000').coverage).toBe('detected');
    expect(trailOf(r, 'chest-xray/AML.T0011.000')).toMatch(/verification dated 2027-03-01, after the review date 2026-11-20, does not count/);
  });

  it('Meridian: rate limiting on the partner API credits black-box search, never white-box or transfer evasion', () => {
    const r = reviews['meridian-health'];
    expect(finding(r, 'chest-xray/AML.T0043.001').controls).toContain('inference-rate-limiting');
    expect(finding(r, 'chest-xray/AML.T0043.000').controls).not.toContain('inference-rate-limiting');
    expect(finding(r, 'chest-xray/AML.T0043.002').controls).not.toContain('inference-rate-limiting');
  });

  it('Meridian: the registry’s access control covers the model stored in it, and the trail says so', () => {
    const r = reviews['meridian-health'];
    expect(finding(r, 'chest-xray/AML.T0044').controls).toContain('model-registry-access-control');
    expect(trailOf(r, 'chest-xray/AML.T0044')).toMatch(/inherited from model-registry via storedIn/);
    expect(topTen(r).some((p) => p.control === 'model-registry-access-control' && p.assets.includes('chest-xray'))).toBe(false);
  });

  it('Ledgerly: access control claimed on an MLflow with no login protects neither it nor the models stored in it', () => {
    const r = reviews.ledgerly;
    for (const id of ['mlflow/AML.T0036', 'fraud-score/AML.T0044', 'credit-limit/AML.T0043.000']) {
      expect(finding(r, id).coverage, id).toBe('claimed');
      expect(trailOf(r, id), id).toMatch(/the inventory records mlflow without authentication/);
    }
  });

  it('Ledgerly: an API key does not prevent flooding or running up the cost of the public fraud API', () => {
    const r = reviews.ledgerly;
    for (const id of ['fraud-score/AML.T0029', 'fraud-score/AML.T0034.000']) expect(['detected', 'blind-spot', 'claimed']).toContain(finding(r, id).coverage);
  });

  it('Ledgerly: the fraud model trained on outside chargeback data can be poisoned (inferred from trainedOn)', () => {
    const r = reviews.ledgerly;
    expect(finding(r, 'fraud-score/AML.T0020').coverage).toBe('blind-spot');
    expect(r.inventory.notes.join('\n')).toMatch(/fraud-score: trainsOnExternalData because it is trained on chargebacks, which comes from outside/);
  });

  it('Meridian: the copilot that retrieves patients’ uploads is assessed for indirect prompt injection (inferred from retrievesFrom)', () => {
    const r = reviews['meridian-health'];
    expect(finding(r, 'clinical-copilot/AML.T0051.001').risk.level).toMatch(/high|critical/);
    expect(finding(r, 'clinical-copilot/AML.T0070').coverage).toBe('blind-spot');
    expect(r.defaultedAttributes?.find((d) => d.assetId === 'clinical-copilot')?.attributes.map((a) => a.attribute)).not.toContain('retrievesUntrustedContent');
  });
});

describe('held-out Forgeline: the CycloneDX 1.6 ML-BOM', () => {
  const r = reviews.forgeline;

  it('infers the external, user-writable corpus and assesses indirect injection on the agent that reads it', () => {
    expect(r.assets.find((a) => a.id === 'equipment-manuals')?.attributes).toEqual(expect.arrayContaining(['externalSource', 'userWritable']));
    expect(r.assets.find((a) => a.id === 'maintenance-agent')?.attributes).toEqual(expect.arrayContaining(['retrievesUntrustedContent', 'hasTools']));
    for (const id of ['maintenance-agent/AML.T0051.001', 'maintenance-agent/AML.T0070', 'equipment-manuals/AML.T0070']) expect(finding(r, id).coverage, id).toBe('blind-spot');
  });

  it('gives the detector built on third-party Hugging Face weights the supply-chain techniques of those weights', () => {
    expect(r.assets.find((a) => a.id === 'weld-defect-detector')?.attributes).toContain('thirdPartyArtifacts');
    expect(finding(r, 'weld-defect-detector/AML.T0011.000').trail[0]?.text).toMatch(/with thirdPartyArtifacts/);
    expect(r.inventory.notes.join('\n')).toMatch(/weld-defect-detector: thirdPartyArtifacts because it is built on yolov8, which comes from a third party/);
  });

  it('lists per asset the attributes that defaulted, with what each would add', () => {
    const defaulted = new Map((r.defaultedAttributes ?? []).map((d) => [d.assetId, d.attributes]));
    expect(defaulted.get('weld-images')?.find((a) => a.attribute === 'externalSource')?.techniques).toContain('AML.T0010.002');
    expect(defaulted.get('line-edge')?.map((a) => a.attribute)).toContain('physicalInputs');
    expect(defaulted.get('maintenance-agent')?.map((a) => a.attribute)).toContain('hasMemory');
    expect(defaulted.get('maintenance-agent')?.map((a) => a.attribute)).not.toContain('retrievesUntrustedContent');
  });

  it('logging on the agent’s actions detects tool abuse, it does not prevent it', () => {
    const f = finding(r, 'maintenance-agent/AML.T0053');
    expect(f.controls).toContain('agent-action-audit-logging');
    expect(f.coverage).toBe('detected');
  });
});

describe('held-out Meridian Health: the reports lead with what to do', async () => {
  const before = reviews['meridian-health'];
  const after = await meridianWithMaliciousPickle('2026-11-20T09:00:00Z');
  const { regressed } = diffReviews(before, after);
  const markdown = await collect((out) => REPORT_FORMATS.markdown.write(out, streamReview(after), { waivers: [], html: { regressed } }));
  const json = JSON.parse(await collect((out) => REPORT_FORMATS.json.write(out, streamReview(after)))) as Review;

  it('Markdown: the executive page comes first — five actions with owner and due date, containment first, then exploited and regressed', () => {
    const page = markdown.slice(markdown.indexOf('## What to do first'), markdown.indexOf('## Summary'));
    expect(markdown.indexOf('## What to do first')).toBeLessThan(markdown.indexOf('## Summary'));
    const actions = page.split('\n').filter((l) => /^- \d\. /.test(l));
    expect(actions).toHaveLength(5);
    for (const line of actions) expect(line).toMatch(/ — owner \S.*, due \d{4}-\d{2}-\d{2} \(−[\d.]+ risk\)$/);
    expect(actions[0]).toMatch(/^- 1\. .*chest-xray.* — owner radiology-ai@meridian\.example, due 2026-11-20/);
    expect(page).toMatch(/Exploited \(an attack succeeded\):\n(- .*\n)*- chest-xray · AML\.T0011\.000 Unsafe AI Artifacts \(model-file\/unsafe-deserialization\)/);
    expect(page).toMatch(/Regressed since the last review:\n(- .*\n)*- chest-xray\/AML\.T0011\.000: /);
  });

  it('text: the terminal summary names what regressed too', () => {
    expect(renderSummary(after, 10, undefined, regressed)).toMatch(/Regressed since the last review:\n(.*\n)* {2}chest-xray\/AML\.T0011\.000: /);
  });

  it('JSON: the plan starts with containment and the exploited finding ranks first', () => {
    expect(json.plan[0]).toMatchObject({ action: 'contain', assets: ['chest-xray'] });
    expect(json.findings[0]).toMatchObject({ assetId: 'chest-xray', coverage: 'exploited' });
  });
});
