import type { Finding } from '../assess/finding.ts';
import type { Review } from '../review/review.ts';
import { runsOf, streamReview, type StreamedReview } from './stream/finding-source.ts';
import { serialisedArray, streamedArray, writeJson } from './stream/json-stream.ts';
import { withSpill } from './stream/spill.ts';
import { collect, HashSink, type Sink } from './stream/sink.ts';
import { activeWaiver, verdictOf, type FormatContext } from './format-context.ts';
import { assetCards } from './stream/asset-source.ts';
import { findingSummary, inventoryPath, planText, severityFraction, techniqueUrl, trailText } from './interchange-shared.ts';
import { COVERAGE_LABEL } from './labels.ts';

/**
 * Heimdall Data Format (InSpec exec JSON). One control per technique × asset, not per technique: HDF
 * gives each control one impact and one waiver, and Rampart's risk and waivers are per asset, so only
 * this grain shows them truthfully. Control ids start with the technique, so Heimdall's id sort groups
 * a technique's assets together; profile groups gather each asset's controls.
 */
export async function writeHdf(out: Sink, review: StreamedReview, context: FormatContext): Promise<void> {
  const doc = review.document;
  const assets = await assetCards(review.assets);
  const tacticName = new Map(doc.matrix.tactics.map((t) => [t.id, t.name]));

  const control = (f: Finding) => {
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
        atlas_version: doc.atlasVersion,
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
      source_location: asset ? { ref: inventoryPath(doc, asset.source.file), line: asset.source.line ?? null } : {},
      results: [
        {
          status: verdict,
          code_desc: `${f.assetId} is covered against ${f.techniqueId} (${COVERAGE_LABEL[f.coverage]})`,
          start_time: doc.generatedAt,
          resource: f.assetId,
          ...(verdict === 'failed' ? { message: summary } : {}),
          ...(verdict === 'skipped' && waiver ? { skip_message: `Waived until ${waiver.expires} by ${waiver.approver}: ${waiver.justification}` } : {}),
        },
      ],
      ...(waiver
        ? { waiver_data: { justification: waiver.justification, expiration_date: waiver.expires, run: false, skipped_due_to_waiver: true, message: `Approved by ${waiver.approver}` } }
        : {}),
    };
  };

  const title = (id: string) => {
    const a = assets.get(id);
    return a ? `${a.name} (${a.element}/${a.kind})` : id;
  };
  const group = (id: string, controls: string[]) => ({ id, title: title(id), controls });
  await withSpill((groupTexts) => withSpill(async (controlTexts) => {
    // The profile's statistics and checksum come before its groups and controls, and need every control. So the
    // findings are read once, each asset's together: every control goes into the checksum, into a spill as it will
    // be written, and its id into its asset's group; then the profile is written with the spills copied in.
    const tally = { passed: 0, failed: 0, skipped: 0 };
    const grouped = new Set<string>();
    const controls = async function* () {
      for await (const run of runsOf(review.findings.read('asset'), (f) => f.assetId)) {
        grouped.add(run.key);
        const ids: string[] = [];
        for await (const f of run.items) {
          const c = control(f);
          const status = c.results[0]?.status;
          if (status !== undefined) tally[status] = (tally[status] ?? 0) + 1;
          ids.push(c.id);
          await controlTexts.record(JSON.stringify(c, null, 2));
          yield c;
        }
        await groupTexts.record(JSON.stringify(group(run.key, ids), null, 2));
      }
    };
    const checksum = new HashSink();
    // Over the controls, so a re-render of the same review has the same checksum.
    await writeJson(checksum, { name: 'rampart-atlas-review', version: doc.atlasVersion, controls: streamedArray(controls()) }, 0);
    for await (const a of review.assets.snapshots()) if (!grouped.has(a.id)) await groupTexts.record(JSON.stringify(group(a.id, []), null, 2));

    const hdf = {
      platform: { name: 'Rampart', release: doc.rampartVersion, target_id: doc.organisation },
      version: doc.rampartVersion,
      statistics: { duration: null, controls: { passed: { total: tally.passed }, failed: { total: tally.failed }, skipped: { total: tally.skipped } } },
      profiles: [
        {
          name: 'rampart-atlas-review',
          title: `MITRE ATLAS ${doc.atlasVersion} review — ${doc.organisation} — ${doc.reviewDate}`,
          maintainer: doc.organisation,
          summary: `${review.findings.count} applicable technique × asset pairs on ${review.assets.count} assets, reviewed ${doc.reviewDate}.`,
          version: doc.atlasVersion,
          license: null,
          sha256: checksum.hash.digest('hex'),
          status: 'loaded',
          supports: [],
          attributes: [],
          groups: serialisedArray(groupTexts.records()),
          controls: serialisedArray(controlTexts.records()),
        },
      ],
    };
    await writeJson(out, hdf);
  }));
  await out.write('\n');
}

export function renderHdf(review: Review, context: FormatContext): Promise<string> {
  return collect((out) => writeHdf(out, streamReview(review), context));
}

function controlId(f: Finding): string {
  return `${f.techniqueId}@${f.assetId}`;
}
