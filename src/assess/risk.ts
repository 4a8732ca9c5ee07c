import type { Maturity } from '../atlas/schema.ts';
import { DEFAULT_MATURITY } from './maturity.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Authentication, Criticality, DataSensitivity, Exposure } from '../inventory/vocabulary.ts';
import type { Access, Harm } from './applicability-schema.ts';
import type { Coverage, Risk, RiskFactors, RiskLevel } from './finding.ts';

/**
 * Likelihood × impact, each on 0–5, so scores run 0–25. Every factor is a plain table so that a reviewer
 * can follow a score by hand; the factors are stored with each finding.
 */
export const MATURITY_FACTOR: Record<Maturity, number> = { realized: 1, demonstrated: 0.8, feasible: 0.55 };

/** How reachable the access a technique needs is, given how exposed the asset is. */
export const REACH: Record<Access, Record<Exposure, number>> = {
  'public-info': { public: 1, partner: 0.7, internal: 0.5 },
  'inference-api': { public: 1, partner: 0.6, internal: 0.25 },
  'user-content': { public: 1, partner: 0.7, internal: 0.4 },
  // For these two the exposure is that of the data the content travels through (see reachExposure).
  'retrieved-content': { public: 1, partner: 0.75, internal: 0.35 },
  'training-data': { public: 0.9, partner: 0.7, internal: 0.35 },
  'supply-chain': { public: 0.7, partner: 0.7, internal: 0.7 },
  internal: { public: 0.6, partner: 0.5, internal: 0.4 },
  physical: { public: 0.35, partner: 0.3, internal: 0.25 },
  // The exposure is that of whoever holds the weights: published, or on devices the public or partners hold.
  'model-copy': { public: 1, partner: 0.7, internal: 0.4 },
  'adversary-only': { public: 0, partner: 0, internal: 0 },
};

/** Authentication raises the bar only for techniques that go through the asset's own interface. */
const AUTH_FACTOR: Record<Authentication, number> = { none: 1, unknown: 1, 'api-key': 0.85, oauth: 0.8, sso: 0.8, 'cloud-iam': 0.8, mtls: 0.7 };
const AUTH_APPLIES: readonly Access[] = ['inference-api', 'user-content'];
/** Accesses whose reach follows the exposure of the route (assess/routes.ts), not the asset's own interface. */
const ROUTE_EXPOSED: readonly Access[] = ['retrieved-content', 'training-data', 'model-copy', 'physical'];

/**
 * A platform or host without authentication hands the foothold an `internal` technique needs to whoever
 * reaches it on the network: an open notebook or tracker is code execution and model access for anyone
 * on the network (or the internet, if exposed), as an adversary would see it.
 */
const UNAUTHENTICATED_FOOTHOLD: Record<Exposure, number> = { public: 1, partner: 0.9, internal: 0.8 };

export const COVERAGE_FACTOR: Record<Coverage, number> = { exploited: 1, 'blind-spot': 1, claimed: 0.8, detected: 0.55, prevented: 0.35, both: 0.2 };

/**
 * Where in the attack a technique sits. Preparation (reconnaissance, resource development) enables harm but
 * does none; a foothold (access, execution, evasion, discovery, …) brings it closer; impact and
 * exfiltration are the harm itself. A technique takes the stage of its most harmful tactic.
 */
export type Stage = 'preparation' | 'foothold' | 'harm';
export const STAGE_FACTOR: Record<Stage, number> = { preparation: 0.5, foothold: 0.8, harm: 1 };
const PREPARATION_TACTICS: readonly string[] = ['AML.TA0002', 'AML.TA0003'];
const HARM_TACTICS: readonly string[] = ['AML.TA0010', 'AML.TA0011'];

export function stageOf(tactics: readonly string[]): Stage {
  if (tactics.some((t) => HARM_TACTICS.includes(t))) return 'harm';
  if (tactics.length > 0 && tactics.every((t) => PREPARATION_TACTICS.includes(t))) return 'preparation';
  return 'foothold';
}

const CRITICALITY_IMPACT: Record<Criticality, number> = { low: 1.5, medium: 2.5, high: 3.5, critical: 4.5 };
const CRITICALITY_RANK: readonly Criticality[] = ['low', 'medium', 'high', 'critical'];
const SENSITIVITY_ADJUST: Record<DataSensitivity, number> = { public: -0.5, internal: 0, confidential: 0.3, restricted: 0.5 };

/** The criticality an asset carries: its own, or that of the most critical asset depending on it. */
export interface EffectiveCriticality {
  level: Criticality;
  /** The dependant asset it was inherited from, if any. */
  from: string | undefined;
}

/** Assets that depend on this one (trained on it, served by it, run in it) pass their criticality on. */
export function effectiveCriticality(asset: Asset, dependants: readonly Asset[]): EffectiveCriticality {
  let top: Asset | undefined;
  for (const a of dependants) if (!top || rank(a.criticality) > rank(top.criticality)) top = a;
  return top && rank(top.criticality) > rank(asset.criticality) ? { level: top.criticality, from: top.id } : { level: asset.criticality, from: undefined };
}

export interface RiskInput {
  asset: Asset;
  criticality: EffectiveCriticality;
  /** Undefined when neither the release nor a reference states it: the documented default, marked assumed. */
  maturity: Maturity | undefined;
  /** Why the maturity is assumed rather than stated by the reviewed release (see maturity.ts). */
  maturityAssumed?: string;
  caseStudies: number;
  access: Access;
  harm: readonly Harm[];
  /** The technique's tactics, for its stage in the attack. */
  tactics: readonly string[];
  /** For content paths (retrieved content, training data): the exposure of the data it travels through. */
  pathExposure?: Exposure;
  /**
   * For a consequence (an Impact technique): how reachable it is along the attack paths that lead to it
   * (assess/attack-paths). It replaces maturity, frequency and reach: the steps already carry them.
   */
  pathReach?: number;
  coverage: Coverage;
}

/**
 * The risk of one technique on one asset as a function of coverage: everything but coverage is worked out
 * once, so the plan can ask "what if this control were in place" for the price of a multiplication.
 */
export interface RiskModel {
  score(coverage: Coverage): number;
  risk(coverage: Coverage): Risk;
}

export function riskModel(input: Omit<RiskInput, 'coverage'>): RiskModel {
  const { asset } = input;
  const maturity = input.maturity ?? DEFAULT_MATURITY;
  const maturityAssumed = input.maturity ? input.maturityAssumed : (input.maturityAssumed ?? `no maturity stated; the middle rung, ${DEFAULT_MATURITY}, is assumed`);
  const maturityFactor = MATURITY_FACTOR[maturity];
  const frequencyFactor = frequencyFactorOf(input.caseStudies);
  const reachFactor = round(input.pathReach ?? reachOf(input.access, asset, input.pathExposure), 3);
  const exposureLikelihood = input.pathReach !== undefined ? 5 * input.pathReach : 5 * maturityFactor * frequencyFactor * reachFactor;

  const effective = input.criticality.level;
  const sensitivity = input.harm.includes('confidentiality') ? SENSITIVITY_ADJUST[asset.dataSensitivity] : 0;
  const breadth = Math.min(0.3, 0.1 * (input.harm.length - 1));
  const safety = input.harm.includes('safety') ? 0.3 : 0;
  const stage = stageOf(input.tactics);
  const impact = round(clamp((CRITICALITY_IMPACT[effective] + sensitivity + breadth + safety) * STAGE_FACTOR[stage], 0.25, 5), 2);

  // A successful attack on this very asset leaves no doubt about likelihood.
  const likelihoodWith = (coverage: Coverage) => (coverage === 'exploited' ? 5 : round(exposureLikelihood * COVERAGE_FACTOR[coverage], 2));
  const score = (coverage: Coverage) => round(likelihoodWith(coverage) * impact, 1);
  return {
    score,
    risk(coverage) {
      const likelihood = likelihoodWith(coverage);
      const value = round(likelihood * impact, 1);
      const factors: RiskFactors = {
        maturity,
        maturityFactor,
        ...(maturityAssumed ? { maturityAssumed } : {}),
        caseStudies: input.caseStudies,
        frequencyFactor,
        access: input.access,
        exposure: input.pathExposure ?? asset.exposure,
        authentication: asset.authentication,
        reachFactor,
        coverageFactor: COVERAGE_FACTOR[coverage],
        criticality: asset.criticality,
        effectiveCriticality: effective,
        criticalityFrom: input.criticality.from,
        dataSensitivity: asset.dataSensitivity,
        harm: [...input.harm],
        stage,
        stageFactor: STAGE_FACTOR[stage],
      };
      return { score: value, level: levelOf(value), likelihood, impact, factors };
    },
  };
}

/** Diminishing returns: the first real-world case studies say the most. */
export function frequencyFactorOf(caseStudies: number): number {
  return round(0.6 + 0.4 * Math.min(1, Math.log2(1 + caseStudies) / Math.log2(9)), 3);
}

/** How reachable the access a technique needs is on this asset, as an adversary outside would see it. */
export function reachOf(access: Access, asset: Pick<Asset, 'exposure' | 'authentication' | 'element'>, pathExposure?: Exposure): number {
  if (ROUTE_EXPOSED.includes(access)) return REACH[access][pathExposure ?? asset.exposure];
  if (access === 'internal' && asset.authentication === 'none' && asset.element !== 'data') return UNAUTHENTICATED_FOOTHOLD[asset.exposure];
  return REACH[access][asset.exposure] * (AUTH_APPLIES.includes(access) ? AUTH_FACTOR[asset.authentication] : 1);
}

export function assessRisk(input: RiskInput): Risk {
  return riskModel(input).risk(input.coverage);
}

export function levelOf(score: number): RiskLevel {
  if (score >= 15) return 'critical';
  if (score >= 9) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

function rank(c: Criticality): number {
  return CRITICALITY_RANK.indexOf(c);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
