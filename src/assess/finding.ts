import type { TacticId, TechniqueId } from '../atlas/ids.ts';
import type { ControlType } from '../controls/schema.ts';
import type { Access, Harm } from './applicability-schema.ts';

/**
 * How well an applicable technique is covered on an asset:
 * - `both`: prevented and detected, each by a control in place with current evidence (or a passing check);
 * - `prevented` / `detected`: one of the two;
 * - `claimed`: a control is claimed but unproven (no evidence, stale, partial);
 * - `blind-spot`: nothing claimed;
 * - `exploited`: a check attacked the asset with this technique and succeeded, whatever is claimed.
 */
export type Coverage = 'both' | 'prevented' | 'detected' | 'claimed' | 'blind-spot' | 'exploited';
export const COVERAGE_ORDER: readonly Coverage[] = ['exploited', 'blind-spot', 'claimed', 'detected', 'prevented', 'both'];

export type TrailStep =
  | { kind: 'applies'; text: string }
  | { kind: 'claim'; control: string; controlType: ControlType; effect: 'counts' | 'unproven' | 'not-in-place'; text: string }
  | { kind: 'check'; check: string; outcome: 'pass' | 'fail'; text: string; /** A detector's evidence: pass = caught, fail = missed. */ detects?: true }
  | { kind: 'note'; text: string }
  | { kind: 'verdict'; text: string };

export type RiskLevel = 'critical' | 'high' | 'medium' | 'low';

export interface RiskFactors {
  maturity: string;
  maturityFactor: number;
  /** Present when the reviewed ATLAS release states no maturity: why the value used was assumed. */
  maturityAssumed?: string;
  caseStudies: number;
  frequencyFactor: number;
  access: Access;
  exposure: string;
  authentication: string;
  reachFactor: number;
  coverageFactor: number;
  criticality: string;
  /** Criticality after the assets that depend on this one are taken into account. */
  effectiveCriticality: string;
  criticalityFrom: string | undefined;
  dataSensitivity: string;
  harm: Harm[];
  /** Where the technique sits in an attack; preparation does no harm by itself. */
  stage: 'preparation' | 'foothold' | 'harm';
  stageFactor: number;
}

export interface Risk {
  /** likelihood × impact, 0–25. */
  score: number;
  level: RiskLevel;
  /** 0–5. */
  likelihood: number;
  /** 0–5. */
  impact: number;
  factors: RiskFactors;
}

export interface PlannedAction {
  /** `implement` a control not in place; `verify` a claimed one (add evidence, re-verify, finish it). */
  action: 'implement' | 'verify';
  control: string;
  title: string;
  type: ControlType;
  mitigations: string[];
  /** Risk score this finding would lose if the control were in place with evidence. */
  riskRemoved: number;
}

export interface FindingPlan {
  owner: string | undefined;
  due: string;
  actions: PlannedAction[];
}

export interface Finding {
  id: string;
  assetId: string;
  techniqueId: TechniqueId;
  techniqueName: string;
  tactics: TacticId[];
  coverage: Coverage;
  trail: TrailStep[];
  /** Controls whose claims count towards coverage. */
  controls: string[];
  risk: Risk;
  plan: FindingPlan;
  /**
   * `consequence`: an Impact technique, scored as the outcome of the most reachable observed attack path
   * to it on this asset (`path`), never as a standalone gap.
   */
  role?: 'consequence';
  path?: { caseStudy: string; caseStudyName: string; reach: number; steps: string[] };
}

/**
 * What the organisation-wide results read of a finding (roll-ups, plan, containment, summary counts, diff): all a
 * large review keeps in memory of each finding while the findings themselves stream to the store.
 */
export type FindingGist = Pick<Finding, 'id' | 'assetId' | 'techniqueId' | 'techniqueName' | 'tactics' | 'coverage' | 'role'> & {
  risk: Pick<Risk, 'score' | 'level'>;
  plan: { due: string; actions: readonly PlannedAction[] };
};
