import type { Finding } from '../assess/finding.ts';
import type { AssetSnapshot } from '../review/review.ts';
import { cacaoPath, detectiveGap, sigmaPath, type DetectiveGap } from './gaps.ts';

/** Gaps listed in full in the reports; the rest are counted (`rampart detections` writes them all). */
export const DETECTIONS_LISTED = 30;

export interface PlannedDetection {
  gap: DetectiveGap;
  /** Paths under `rampart detections --out`, with the default log mapping. */
  rules: string[];
  playbook: string;
}

export interface DetectionPlan {
  count: number;
  /** The highest-risk gaps, in the order the findings came (rank order in the reports). */
  listed: PlannedDetection[];
  rules: number;
}

/**
 * The "Detections to deploy" part of the plan, gathered as the findings stream past (one pass, memory bounded by
 * `keep` and the number of asset × rule pairs): what `rampart detections` would write, per finding.
 */
export function detectionCollector(byId: ReadonlyMap<string, Pick<AssetSnapshot, 'element' | 'kind' | 'attributes' | 'owner'>>, keep = DETECTIONS_LISTED): { observe: (f: Finding) => void; plan: DetectionPlan } {
  const rules = new Set<string>();
  const plan: DetectionPlan = { count: 0, listed: [], rules: 0 };
  return {
    plan,
    observe(finding) {
      const gap = detectiveGap(finding, byId.get(finding.assetId));
      if (!gap) return;
      plan.count += 1;
      const paths = gap.rules.map((r) => sigmaPath(gap.assetId, r));
      for (const p of paths) rules.add(p);
      plan.rules = rules.size;
      if (plan.listed.length < keep) plan.listed.push({ gap, rules: paths, playbook: cacaoPath(gap) });
    },
  };
}

export const DETECTIONS_INTRO =
  'Findings an inference log can reveal (on assets that answer queries) that no proven detective control covers. `rampart detections --out DIR` writes a Sigma rule per asset and rule (ATLAS technique as a tag) and a CACAO 2.0 response playbook per finding (triage, contain, eradicate, recover, notify, with the ATLAS mitigations and the asset owner).';
