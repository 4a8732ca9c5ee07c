import type { Coverage, Finding } from '../assess/finding.ts';
import type { AssetSnapshot } from '../review/review.ts';
import { RULES_BY_TECHNIQUE } from './rules/catalogue.ts';
import { safeName } from './ids.ts';

/** Why a finding lacks detection; `detected` and `both` findings are not gaps. */
export type GapReason = 'blind-spot' | 'prevented-only' | 'detective-claim-unproven' | 'claimed-unproven' | 'exploited-undetected';

export interface DetectiveGap {
  findingId: string;
  assetId: string;
  techniqueId: string;
  techniqueName: string;
  reason: GapReason;
  /** Rule keys from the catalogue (rules/catalogue.ts) that reveal the technique in an inference log. */
  rules: readonly string[];
  owner: string | undefined;
  riskScore: number;
}

const REASON: Partial<Record<Coverage, GapReason>> = { 'blind-spot': 'blind-spot', prevented: 'prevented-only', claimed: 'claimed-unproven', exploited: 'exploited-undetected' };

export const GAP_TEXT: Record<GapReason, string> = {
  'blind-spot': 'blind spot: nothing prevents or detects it',
  'prevented-only': 'prevented, not detected',
  'detective-claim-unproven': 'detective control claimed without evidence',
  'claimed-unproven': 'claimed controls without evidence, none of them detective',
  'exploited-undetected': 'exploited, and nothing detected it',
};

const SERVING_PLATFORMS = new Set(['serving', 'llm-gateway']);

/** An asset whose inference traffic a log records: a model or a serving platform that answers queries. */
export function servesInference(asset: Pick<AssetSnapshot, 'element' | 'kind' | 'attributes'>): boolean {
  return asset.attributes.includes('inferenceApi') && (asset.element === 'model' || SERVING_PLATFORMS.has(asset.kind));
}

/**
 * The finding as a detective gap, or undefined: its coverage lacks detection, its asset serves inference, and
 * the technique is one an inference log can reveal. Pure; one finding at a time, so it runs over a stream.
 */
export function detectiveGap(finding: Finding, asset: Pick<AssetSnapshot, 'element' | 'kind' | 'attributes' | 'owner'> | undefined): DetectiveGap | undefined {
  let reason = REASON[finding.coverage];
  const rules = RULES_BY_TECHNIQUE[finding.techniqueId];
  if (!reason || !rules || !asset || !servesInference(asset)) return undefined;
  if (reason === 'claimed-unproven' && finding.trail.some((s) => s.kind === 'claim' && s.controlType === 'detective' && s.effect === 'unproven')) reason = 'detective-claim-unproven';
  return { findingId: finding.id, assetId: finding.assetId, techniqueId: finding.techniqueId, techniqueName: finding.techniqueName, reason, rules, owner: finding.plan.owner ?? asset.owner, riskScore: finding.risk.score };
}

/** Where `rampart detections` writes each file, relative to --out: the report lists the same paths. */
export const sigmaPath = (assetId: string, rule: string): string => `sigma/${safeName(assetId)}/${rule}.yml`;
export const cacaoPath = (gap: Pick<DetectiveGap, 'assetId' | 'techniqueId'>): string => `cacao/${safeName(gap.assetId)}/${safeName(gap.techniqueId)}.json`;
