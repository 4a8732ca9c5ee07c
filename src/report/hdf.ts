import { createHash } from 'node:crypto';
import type { Finding } from '../assess/finding.ts';
import type { Review } from '../review/review.ts';
import { activeWaiver, verdictOf, type FormatContext } from './format-context.ts';
import { assetIndex, findingSummary, inventoryPath, planText, severityFraction, techniqueUrl, trailText } from './interchange-shared.ts';
import { COVERAGE_LABEL } from './labels.ts';

/**
 * Heimdall Data Format (InSpec exec JSON). One control per technique × asset, not per technique: HDF
 * gives each control one impact and one waiver, and Rampart's risk and waivers are per asset, so only
 * this grain shows them truthfully. Control ids start with the technique, so Heimdall's id sort groups
 * a technique's assets together; profile groups gather each asset's controls.
 */
export function renderHdf(review: Review, context: FormatContext): string {
  const assets = assetIndex(review);
  const tacticName = new Map(review.matrix.tactics.map((t) => [t.id, t.name]));
  const findings = [...review.findings].sort((a, b) => a.techniqueId.localeCompare(b.techniqueId) || a.assetId.localeCompare(b.assetId));

  const controls = findings.map((f) => {
    const asset = assets.get(f.assetId);
    const verdict = verdictOf(f, context);
    const waiver = activeWaiver(context, f.id);
    const summary = findingSummary(f, context);
    return {
      id: controlId(f),
      title: `${f.techniqueId} ${f.techniqueName} — ${asset?.name ?? f.assetId}`,
      desc: summary,
      descriptions: [
        { label: 'default', data: summary },
        { label: 'check', data: trailText(f) },
        { label: 'fix', data: planText(f) },
      ],
      impact: severityFraction(f.risk),
      refs: [{ url: techniqueUrl(f.techniqueId) }],
      tags: {
        atlas: [f.techniqueId, ...f.tactics],
        atlas_version: review.atlasVersion,
        atlas_tactics: f.tactics.map((t) => `${t} ${tacticName.get(t) ?? ''}`.trim()),
        asset: f.assetId,
        coverage: f.coverage,
        risk_score: f.risk.score,
        risk_level: f.risk.level,
        severity: f.risk.level,
        controls: f.controls,
        mitigations: [...new Set(f.plan.actions.flatMap((a) => a.mitigations))],
        ...(context.baseline?.get(f.id) ? { baseline: context.baseline.get(f.id) } : {}),
      },
      code: null,
      source_location: asset ? { ref: inventoryPath(review, asset.source.file), line: asset.source.line ?? null } : {},
      results: [
        {
          status: verdict,
          code_desc: `${f.assetId} is covered against ${f.techniqueId} (${COVERAGE_LABEL[f.coverage]})`,
          start_time: review.generatedAt,
          resource: f.assetId,
          ...(verdict === 'failed' ? { message: summary } : {}),
          ...(verdict === 'skipped' && waiver ? { skip_message: `Waived until ${waiver.expires} by ${waiver.approver}: ${waiver.justification}` } : {}),
        },
      ],
      ...(waiver
        ? { waiver_data: { justification: waiver.justification, expiration_date: waiver.expires, run: false, skipped_due_to_waiver: true, message: `Approved by ${waiver.approver}` } }
        : {}),
    };
  });

  const groups = review.assets.map((a) => ({ id: a.id, title: `${a.name} (${a.element}/${a.kind})`, controls: findings.filter((f) => f.assetId === a.id).map(controlId) }));
  const profileBody = { name: 'rampart-atlas-review', version: review.atlasVersion, controls };
  const count = (status: string) => controls.filter((c) => c.results[0]?.status === status).length;
  const hdf = {
    platform: { name: 'Rampart', release: review.rampartVersion, target_id: review.organisation },
    version: review.rampartVersion,
    statistics: { duration: null, controls: { passed: { total: count('passed') }, failed: { total: count('failed') }, skipped: { total: count('skipped') } } },
    profiles: [
      {
        name: 'rampart-atlas-review',
        title: `MITRE ATLAS ${review.atlasVersion} review — ${review.organisation} — ${review.reviewDate}`,
        maintainer: review.organisation,
        summary: `${review.findings.length} applicable technique × asset pairs on ${review.assets.length} assets, reviewed ${review.reviewDate}.`,
        version: review.atlasVersion,
        license: null,
        // Over the controls, so a re-render of the same review has the same checksum.
        sha256: createHash('sha256').update(JSON.stringify(profileBody)).digest('hex'),
        status: 'loaded',
        supports: [],
        attributes: [],
        groups,
        controls,
      },
    ],
  };
  return `${JSON.stringify(hdf, null, 2)}\n`;
}

function controlId(f: Finding): string {
  return `${f.techniqueId}@${f.assetId}`;
}
