import type { Evidence } from '../checks/contract.ts';
import type { Asset } from '../inventory/asset.ts';
import type { FindingGist } from './finding.ts';
import type { PlanItem } from './plan.ts';

/** Pseudo-control id of containment items: they are incident response, not a library control to implement. */
export const CONTAINMENT = 'incident-containment';

const QUESTIONS = [
  'Where else was the exploited artifact loaded, deployed or copied since it arrived?',
  'Which credentials and keys could the process that loaded it read, and have they been rotated?',
  'Which version is known good, and how was that established?',
];

/**
 * Exploited evidence means an attack worked on this very asset: before any preventive control, contain it
 * (quarantine the artifact, revoke what it could reach, roll back to a known-good version) and run incident
 * response. One item per exploited asset, due on the review date, ordered by the risk at stake.
 */
export function containmentPlan(findings: Iterable<FindingGist>, assets: ReadonlyMap<string, Asset>, evidence: readonly Evidence[], reviewDate: Date): PlanItem[] {
  const byAsset = new Map<string, FindingGist[]>();
  for (const f of findings) if (f.coverage === 'exploited') byAsset.set(f.assetId, [...(byAsset.get(f.assetId) ?? []), f]);
  const due = reviewDate.toISOString().slice(0, 10);
  const items: PlanItem[] = [];
  for (const [assetId, exploited] of byAsset) {
    const asset = assets.get(assetId);
    const failed = evidence.filter((e) => e.outcome === 'fail' && e.effect !== 'detects' && e.assets.includes(assetId));
    const items_ = failed.flatMap((e) => e.pointers.map((p) => [p.file, p.member].filter(Boolean).join(' → ')).filter(Boolean));
    const artifacts = [...new Set(items_.length > 0 ? items_ : failed.map((e) => e.target).filter(Boolean))];
    const what = artifacts.length > 0 ? artifacts.join(', ') : 'the exploited artifact or endpoint';
    const version = asset?.versions.length ? ` (running ${asset.versions.join(', ')})` : '';
    const steps = [
      `Quarantine ${what}: take it out of the registry, serving and caches; block its hash; keep a copy for forensics.`,
      `Revoke and rotate the credentials, API keys and tokens ${assetId} holds or that the process loading it could read.`,
      `Roll ${assetId}${version} back to the last version known to be good, re-scanned before it is redeployed.`,
      `Open an incident: ${exploited.map((f) => `${f.techniqueId} ${f.techniqueName}`).join('; ')} succeeded (${failed.map((e) => e.checkId).join(', ') || 'check evidence'}); find every host that loaded it and review their logs since it arrived.`,
    ];
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
      questions: QUESTIONS,
      steps,
    });
  }
  return items.sort((a, b) => b.riskRemoved - a.riskRemoved || a.assets[0]!.localeCompare(b.assets[0]!));
}
