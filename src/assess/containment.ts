import type { Evidence } from '../checks/contract.ts';
import type { Asset } from '../inventory/asset.ts';
import type { FindingGist } from './finding.ts';
import type { PlanItem } from './plan.ts';

/** Pseudo-control id of containment items: they are incident response, not a library control to implement. */
export const CONTAINMENT = 'incident-containment';

const ARTIFACT_QUESTIONS = [
  'Where else was the exploited artifact loaded, deployed or copied since it arrived?',
  'Which credentials and keys could the process that loaded it read, and have they been rotated?',
  'Which version is known good, and how was that established?',
];

const ENDPOINT_QUESTIONS = [
  'Who else sent such requests since the endpoint was exposed (its logs: `rampart monitor`)?',
  'What could the exploited behaviour reach (tools, data, credentials), and was any of it used?',
  'Which configuration (model version, system prompt, filters, tools) is known good, and how was that established?',
];

/**
 * Exploited evidence means an attack worked on this very asset: before any preventive control, contain it and
 * run incident response. A file that ran code (evidence pointing into artifacts) is quarantined, what it could
 * read revoked, and the asset rolled back; an endpoint that was attacked successfully (evidence on its traffic
 * alone) is restricted — the attacked path closed — until a fix passes a re-test. One item per exploited asset,
 * due on the review date, ordered by the risk at stake.
 */
export function containmentPlan(findings: Iterable<FindingGist>, assets: ReadonlyMap<string, Asset>, evidence: readonly Evidence[], reviewDate: Date): PlanItem[] {
  const byAsset = new Map<string, FindingGist[]>();
  for (const f of findings) if (f.coverage === 'exploited') byAsset.set(f.assetId, [...(byAsset.get(f.assetId) ?? []), f]);
  const due = reviewDate.toISOString().slice(0, 10);
  const items: PlanItem[] = [];
  for (const [assetId, exploited] of byAsset) {
    const asset = assets.get(assetId);
    const failed = evidence.filter((e) => e.outcome === 'fail' && e.effect !== 'detects' && e.assets.includes(assetId));
    const files = [...new Set(failed.flatMap((e) => e.pointers.filter((p) => p.file).map((p) => [p.file, p.member].filter(Boolean).join(' → '))))];
    const incident = `${exploited.map((f) => `${f.techniqueId} ${f.techniqueName}`).join('; ')} succeeded (${failed.map((e) => e.checkId).join(', ') || 'check evidence'})`;
    const shape = files.length > 0 ? artifactSteps(assetId, asset, files, incident) : endpointSteps(assetId, asset, failed, incident);
    items.push({
      action: 'contain',
      control: CONTAINMENT,
      title: `Contain ${assetId} and respond to the incident`,
      type: 'corrective',
      mitigations: [],
      assets: [assetId],
      owners: asset?.owner ? [asset.owner] : [],
      findings: exploited.length,
      riskRemoved: Math.round(exploited.reduce((sum, f) => sum + f.risk.score, 0) * 10) / 10,
      due,
      questions: shape.questions,
      steps: shape.steps,
    });
  }
  return items.sort((a, b) => b.riskRemoved - a.riskRemoved || a.assets[0]!.localeCompare(b.assets[0]!));
}

function artifactSteps(assetId: string, asset: Asset | undefined, files: string[], incident: string): { steps: string[]; questions: string[] } {
  const version = asset?.versions.length ? ` (running ${asset.versions.join(', ')})` : '';
  return {
    questions: ARTIFACT_QUESTIONS,
    steps: [
      `Quarantine ${files.join(', ')}: take it out of the registry, serving and caches; block its hash; keep a copy for forensics.`,
      `Revoke and rotate the credentials, API keys and tokens ${assetId} holds or that the process loading it could read.`,
      `Roll ${assetId}${version} back to the last version known to be good, re-scanned before it is redeployed.`,
      `Open an incident: ${incident}; find every host that loaded it and review their logs since it arrived.`,
    ],
  };
}

function endpointSteps(assetId: string, asset: Asset | undefined, failed: readonly Evidence[], incident: string): { steps: string[]; questions: string[] } {
  const urls = [...new Set((asset?.endpoints ?? []).map((e) => e.url))];
  const targets = [...new Set(failed.map((e) => e.target).filter(Boolean))];
  const where = urls.length > 0 ? urls.join(', ') : targets.length > 0 ? `the endpoint of ${targets.join(', ')}` : `${assetId}'s endpoint`;
  const version = asset?.versions.length ? ` (running ${asset.versions.join(', ')})` : '';
  const retest = targets.length > 0 ? ` (\`rampart review --checks\` against ${targets.join(', ')})` : '';
  return {
    questions: ENDPOINT_QUESTIONS,
    steps: [
      `Restrict ${where}: close the path the attack used — the tools, retrieval sources or inputs it went through, or the endpoint itself — until a fix passes a re-test; keep its request and response logs for forensics.`,
      `Revoke and rotate the credentials, API keys and tokens ${assetId} holds or that the tools it drives could use.`,
      `Roll ${assetId}${version} back to the last configuration that passed review, if one did; otherwise keep it restricted until the fix passes a re-test${retest}.`,
      `Open an incident: ${incident}; review its logs since it was exposed for the same requests from other clients.`,
    ],
  };
}
