import { randomBytes } from 'node:crypto';
import { atLeast, activeWaiver, type FormatContext } from './format-context.ts';
import type { Finding, RiskLevel } from '../assess/finding.ts';
import type { Review } from '../review/review.ts';
import { serialisedArray, writeJson } from './stream/json-stream.ts';
import { withSpill } from './stream/spill.ts';
import { streamReview, type StreamedReview } from './stream/finding-source.ts';
import { collect, type Sink } from './stream/sink.ts';
import { assetCards } from './stream/asset-source.ts';
import { findingSummary, inventoryPath, pathToUri, planText, severityFraction, techniqueUrl, trailText } from './interchange-shared.ts';
import { COVERAGE_LABEL } from './labels.ts';

const LEVEL: Record<RiskLevel, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** The fingerprint key: asset and technique identify a finding across runs, whatever its score or wording. */
export const FINGERPRINT_KEY = 'rampartFinding/v1';

/**
 * Which findings become SARIF results: every gap (coverage other than prevented or both — detection
 * alone still lets the attack through) and any covered finding whose residual risk is medium or more.
 * The rest are fine and would only bury the real alerts in code scanning.
 */
export function isSarifResult(finding: Finding): boolean {
  return (finding.coverage !== 'both' && finding.coverage !== 'prevented') || atLeast(finding.risk.level, 'medium');
}

/** What a rule needs of all the findings of its technique, gathered in one pass over them. */
interface RuleFacts {
  first: Finding;
  worst: Finding['risk'];
  mitigations: Set<string>;
}

/**
 * SARIF 2.1.0 for code scanning: one rule per ATLAS technique, one result per reportable finding, from one pass over
 * the findings.
 */
export async function writeSarif(out: Sink, review: StreamedReview, context: FormatContext): Promise<void> {
  const doc = review.document;
  const assets = await assetCards(review.assets);
  const tacticName = new Map(doc.matrix.tactics.map((t) => [t.id, t.name]));
  const facts = new Map<string, RuleFacts>();
  const observe = (f: Finding) => {
    const known = facts.get(f.techniqueId);
    if (!known) facts.set(f.techniqueId, { first: f, worst: f.risk, mitigations: new Set(f.plan.actions.flatMap((a) => a.mitigations)) });
    else {
      if (f.risk.score > known.worst.score) known.worst = f.risk;
      for (const a of f.plan.actions) for (const m of a.mitigations) known.mitigations.add(m);
    }
  };
  const ruleFacts = () => {
    const ruleIds = [...facts.keys()].sort();
    return { index: new Map(ruleIds.map((id, i) => [id, i])), list: ruleIds.map(rule) };
  };
  const rule = (id: string) => {
    const { first, worst, mitigations: found } = facts.get(id) as RuleFacts;
    const tactics = first.tactics.map((t) => `${t} ${tacticName.get(t) ?? ''}`.trim());
    const mitigations = [...found].sort();
    const helpText = [
      `${id} ${first.techniqueName} (MITRE ATLAS ${doc.atlasVersion}); tactics: ${tactics.join(', ')}.`,
      `Rampart reports this technique on an asset when no control in place with current evidence prevents it, or when the residual risk is medium or higher.`,
      mitigations.length > 0 ? `ATLAS mitigations that address it here: ${mitigations.join(', ')}.` : 'No library control addresses it yet.',
      `See ${techniqueUrl(id)}.`,
    ].join('\n');
    return {
      id,
      name: pascalCase(first.techniqueName),
      shortDescription: { text: `${id} ${first.techniqueName}` },
      fullDescription: { text: `MITRE ATLAS technique ${id} ${first.techniqueName}, under ${tactics.join(', ')}.` },
      helpUri: techniqueUrl(id),
      help: { text: helpText, markdown: helpText.replace(/\n/g, '\n\n') },
      defaultConfiguration: { level: LEVEL[worst.level] },
      properties: {
        tags: [...new Set(['security', 'mitre-atlas', `external/atlas/${id.toLowerCase()}`, id, ...first.tactics])],
        'security-severity': (severityFraction(worst) * 10).toFixed(1),
        precision: 'high',
      },
    };
  };

  const result = (f: Finding) => {
    const asset = assets.get(f.assetId);
    const waiver = activeWaiver(context, f.id);
    const state = context.baseline?.get(f.id);
    const physicalLocation = asset
      ? { artifactLocation: { uri: pathToUri(inventoryPath(doc, asset.source.file)) }, ...(asset.source.line && asset.source.line >= 1 ? { region: { startLine: asset.source.line } } : {}) }
      : undefined;
    return {
      ruleId: f.techniqueId,
      // Known only once every finding has been read: filled in as the spilled result is copied (indexed below).
      ruleIndex: RULE_INDEX,
      kind: 'fail',
      level: LEVEL[f.risk.level],
      message: { text: `${findingSummary(f, context)}\nReasoning:\n${trailText(f)}\nPlan: ${planText(f)}` },
      ...(physicalLocation ? { locations: [{ physicalLocation, message: { text: `asset ${f.assetId} (${asset?.name ?? f.assetId})` } }] } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: `${f.assetId}/${f.techniqueId}` },
      ...(waiver ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${waiver.justification} (approved by ${waiver.approver}, expires ${waiver.expires})` }] } : {}),
      ...(state ? { baselineState: state } : {}),
      properties: {
        asset: f.assetId,
        coverage: f.coverage,
        coverageLabel: COVERAGE_LABEL[f.coverage],
        riskScore: f.risk.score,
        riskLevel: f.risk.level,
        likelihood: f.risk.likelihood,
        impact: f.risk.impact,
        tactics: f.tactics,
        due: f.plan.due,
        ...(f.plan.owner ? { owner: f.plan.owner } : {}),
        ...(waiver ? { waiverApprover: waiver.approver, waiverExpires: waiver.expires } : {}),
      },
    };
  };

  await withSpill(async (results) => {
    // One read of the findings: the rules (a fact sheet per technique) come first in the log but need every finding,
    // so the results are spilled as they are read, each after its technique id, and copied in after the rules.
    for await (const f of review.findings.read('rank')) {
      observe(f);
      if (isSarifResult(f)) await results.record(`${f.techniqueId}${FIELD_END}${JSON.stringify(result(f), null, 2)}`);
    }
    const rules = ruleFacts();
    const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Rampart', semanticVersion: doc.rampartVersion, version: doc.rampartVersion, rules: rules.list } },
        // A fixed category: GitHub matches alerts across uploads by category, so it must not change per run.
        automationDetails: { id: 'rampart/atlas-review/' },
        invocations: [{ executionSuccessful: true, endTimeUtc: doc.generatedAt }],
        results: serialisedArray(indexed(results.records(), rules.index)),
        properties: { organisation: doc.organisation, atlasVersion: doc.atlasVersion, reviewDate: doc.reviewDate, inventoryRoot: doc.inventory.root },
      },
    ],
  };
    await writeJson(out, log);
  });
  await out.write('\n');
}

export function renderSarif(review: Review, context: FormatContext): Promise<string> {
  return collect((out) => writeSarif(out, streamReview(review), context));
}

/** Stands for a result's rule index in its spilled text; the nonce keeps a finding's own text from matching it. */
const RULE_INDEX = `@@rule-index-${randomBytes(9).toString('base64url')}@@`;
/** Between a spilled result's technique id and its JSON (never raw in JSON text, see spill.ts). */
const FIELD_END = '\u001f';

/** The spilled results with their rule indexes: the token is the first string of each result after its ruleId. */
async function* indexed(records: AsyncIterable<string>, ruleIndex: ReadonlyMap<string, number>): AsyncGenerator<string> {
  for await (const record of records) {
    const at = record.indexOf(FIELD_END);
    const index = ruleIndex.get(record.slice(0, at)) ?? -1;
    yield record.slice(at + 1).replace(`"${RULE_INDEX}"`, String(index));
  }
}

function pascalCase(name: string): string {
  return name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase());
}
