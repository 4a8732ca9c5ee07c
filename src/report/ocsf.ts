import type { RiskLevel } from '../assess/finding.ts';
import type { Finding } from '../assess/finding.ts';
import type { Review } from '../review/review.ts';
import { mapFiltered, streamReview, type StreamedReview } from './stream/finding-source.ts';
import { assetCards, type AssetCard, type ReviewHead } from './stream/asset-source.ts';
import { streamedArray, writeJson } from './stream/json-stream.ts';
import { collect, type Sink } from './stream/sink.ts';
import { activeWaiver, verdictOf, type FormatContext, type Verdict } from './format-context.ts';
import { findingSummary, inventoryPath, planText, techniqueUrl } from './interchange-shared.ts';
import { COVERAGE_LABEL } from './labels.ts';

/** The OCSF schema version the events follow; ATLAS in `finding_info.attacks` is official from 1.4.0. */
export const OCSF_VERSION = '1.5.0';

const COMPLIANCE_FINDING = { class_uid: 2003, class_name: 'Compliance Finding', category_uid: 2, category_name: 'Findings' } as const;
const ACTIVITY = { create: { id: 1, name: 'Create' }, update: { id: 2, name: 'Update' }, close: { id: 3, name: 'Close' } } as const;
const SEVERITY: Record<RiskLevel, { id: number; name: string }> = {
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};
/** compliance.status_id: 1 Pass, 3 Fail; a waived finding is still reported by what its coverage is. */
const COMPLIANCE_STATUS: Record<Exclude<Verdict, 'skipped'>, { id: number; name: string }> = { passed: { id: 1, name: 'Pass' }, failed: { id: 3, name: 'Fail' } };

/**
 * OCSF Compliance Finding (2003) events, a JSON array with one event per finding. The technique, its
 * tactics and the ATLAS version go in `finding_info.attacks`; the asset is the resource; a waiver in
 * force marks the finding Suppressed; the baseline picks the activity (new → Create, seen before → Update).
 */
export async function writeOcsf(out: Sink, review: StreamedReview, context: FormatContext): Promise<void> {
  const doc = review.document;
  const assets = await assetCards(review.assets);
  const techniqueName = new Map(doc.matrix.techniques.map((t) => [t.id, t.name]));
  const tacticName = new Map(doc.matrix.tactics.map((t) => [t.id, t.name]));
  const time = Date.parse(doc.generatedAt);

  const event = (f: Finding) => {
    const asset = assets.get(f.assetId);
    const waiver = activeWaiver(context, f.id);
    const state = context.baseline?.get(f.id);
    const activity = state === 'unchanged' || state === 'updated' ? ACTIVITY.update : state === 'absent' ? ACTIVITY.close : ACTIVITY.create;
    const verdict = verdictOf(f, { waivers: [] });
    const compliance = COMPLIANCE_STATUS[verdict === 'skipped' ? 'passed' : verdict];
    const severity = SEVERITY[f.risk.level];
    const summary = findingSummary(f, context);
    const parent = /^(.*\.T\d{4})\.\d{3}$/.exec(f.techniqueId)?.[1];
    const technique = parent ? { uid: parent, name: techniqueName.get(parent) ?? parent } : { uid: f.techniqueId, name: f.techniqueName, src_url: techniqueUrl(f.techniqueId) };
    const subTechnique = parent ? { sub_technique: { uid: f.techniqueId, name: f.techniqueName, src_url: techniqueUrl(f.techniqueId) } } : {};
    return {
      ...COMPLIANCE_FINDING,
      activity_id: activity.id,
      activity_name: activity.name,
      type_uid: COMPLIANCE_FINDING.class_uid * 100 + activity.id,
      type_name: `${COMPLIANCE_FINDING.class_name}: ${activity.name}`,
      severity_id: severity.id,
      severity: severity.name,
      time,
      message: summary,
      status_id: waiver ? 3 : 1,
      status: waiver ? 'Suppressed' : 'New',
      ...(waiver ? { comment: `Waived by ${waiver.approver} until ${waiver.expires}: ${waiver.justification}` } : {}),
      metadata: {
        version: OCSF_VERSION,
        product: { name: 'Rampart', vendor_name: 'Rampart', version: doc.rampartVersion },
        uid: `${doc.organisation}/${doc.reviewDate}/${f.id}`,
        log_name: 'atlas-review',
        original_time: doc.generatedAt,
      },
      finding_info: {
        uid: f.id,
        title: `${f.techniqueId} ${f.techniqueName} on ${f.assetId}`,
        desc: `${summary}\n${f.trail.map((s) => s.text).join('\n')}`,
        types: ['MITRE ATLAS gap analysis'],
        src_url: techniqueUrl(f.techniqueId),
        attacks: f.tactics.map((t) => ({ technique, ...subTechnique, tactic: { uid: t, name: tacticName.get(t) ?? t }, version: doc.atlasVersion })),
      },
      compliance: {
        standards: [`MITRE ATLAS ${doc.atlasVersion}`],
        control: f.techniqueId,
        desc: `Coverage of ${f.techniqueId} ${f.techniqueName}: ${COVERAGE_LABEL[f.coverage]}.`,
        status_id: compliance.id,
        status: compliance.name,
        status_details: [COVERAGE_LABEL[f.coverage], ...(f.controls.length > 0 ? [`controls counted: ${f.controls.join(', ')}`] : [])],
      },
      ...(f.plan.actions.length > 0 ? { remediation: { desc: planText(f) } } : {}),
      resources: asset ? [resource(asset, doc)] : [{ uid: f.assetId, name: f.assetId }],
      unmapped: { coverage: f.coverage, risk_score: f.risk.score, likelihood: f.risk.likelihood, impact: f.risk.impact, due: f.plan.due, ...(state ? { baseline_state: state } : {}) },
    };
  };
  await writeJson(out, streamedArray(mapFiltered(review.findings.read('rank'), () => true, event)));
  await out.write('\n');
}

export function renderOcsf(review: Review, context: FormatContext): Promise<string> {
  return collect((out) => writeOcsf(out, streamReview(review), context));
}

function resource(asset: AssetCard, review: ReviewHead) {
  return {
    uid: asset.id,
    name: asset.name,
    type: `${asset.element}/${asset.kind}`,
    criticality: asset.criticality,
    ...(asset.owner ? { owner: { name: asset.owner } } : {}),
    ...(asset.tags.length > 0 ? { labels: asset.tags } : {}),
    data: {
      element: asset.element,
      kind: asset.kind,
      exposure: asset.exposure,
      authentication: asset.authentication,
      data_sensitivity: asset.dataSensitivity,
      source: { file: inventoryPath(review, asset.source.file), ...(asset.source.line ? { line: asset.source.line } : {}) },
    },
  };
}
