// One finding assessed: the claims that block its access path, its coverage, risk and plan; and a consequence
// finding scored along the best observed chain to it (analyse.ts walks the assets and techniques).
import type { Technique } from '../atlas/atlas.ts';
import type { Evidence } from '../checks/contract.ts';
import { blocksPath } from '../controls/library.ts';
import type { Control } from '../controls/schema.ts';
import type { Asset } from '../inventory/asset.ts';
import type { ApplicabilityEntry } from './applicability-schema.ts';
import type { AttackPath, bestChain } from './attack-paths.ts';
import type { ClaimVerdict } from './claims.ts';
import { assessCoverage } from './coverage.ts';
import type { Finding, RiskLevel } from './finding.ts';
import type { MaturityUsed } from './maturity.ts';
import { planFinding } from './plan.ts';
import { frontDoorNote, throughDoor, type FrontDoor } from './reach.ts';
import type { Route } from './routes.ts';
import { reachOf, riskModel, type EffectiveCriticality } from './risk.ts';

/** A consequence no observed chain reaches on the asset keeps a small share of its direct reach. */
const UNCHAINED_REACH = 0.15;

export interface FindingInput {
  asset: Asset;
  technique: Technique;
  entry: ApplicabilityEntry;
  ruleText: string;
  verdicts: ClaimVerdict[];
  evidence: Evidence[];
  /** Notes on evidence the review date leaves out. */
  setAside: string[];
  /** How many of the techniques that apply to the asset a control covers. */
  breadth: (control: Control) => number;
  candidates: Control[];
  caseStudies: number;
  maturity: MaturityUsed | undefined;
  criticality: EffectiveCriticality;
  due: Record<RiskLevel, string>;
  /** The path the technique takes on this asset and the exposure that decides its reach (assess/routes.ts). */
  route: Route;
  /** The platform through which the model's queries are most reachable, when wider than the model's own endpoint. */
  door?: FrontDoor;
  pathReach?: number;
}

/** The risk a finding would lose if its asset were behind a login (SSO): what authenticating an open asset buys. */
export function authenticationGain(f: FindingInput, finding: Finding): number {
  if (f.pathReach !== undefined) return 0;
  const behindLogin = { ...f.asset, authentication: 'sso' as const };
  const model = riskModel({ asset: behindLogin, criticality: f.criticality, maturity: f.maturity?.maturity, maturityAssumed: f.maturity?.assumed?.reason, caseStudies: f.caseStudies, access: f.route.access, harm: f.entry.harm, tactics: f.technique.tactics, pathExposure: f.route.exposure });
  return Math.max(0, finding.risk.score - model.score(finding.coverage));
}

export function assessFinding(f: FindingInput): Finding {
  // A claim credits only the access paths its control blocks: API authentication says nothing about content
  // that arrives through retrieval. Nor does a control on the registry or server a model is kept in or served by
  // reach the copy of its weights an adversary holds (and is not proposed for it: see `candidates` below).
  const access = f.route.access;
  const blocks = (v: ClaimVerdict) => blocksPath(v.control, access) && !(access === 'model-copy' && (v.via || keptWhereStored(v.control)));
  const onPath = f.verdicts.filter(blocks);
  const offPath = f.verdicts.filter((v) => !blocks(v)).map((verdict) => ({ verdict, access }));
  const { coverage, trail, controls } = assessCoverage(onPath, f.evidence, f.technique.id, offPath);
  if (f.setAside.length > 0) trail.splice(trail.length - 1, 0, ...f.setAside.map((text) => ({ kind: 'note' as const, text })));
  if (f.door) trail.splice(trail.length - 1, 0, { kind: 'note', text: frontDoorNote(f.door) });
  if (f.route.note) trail.splice(trail.length - 1, 0, { kind: 'note', text: f.route.note });
  const reached = throughDoor(f.asset, f.door);
  const model = riskModel({ asset: reached, criticality: f.criticality, maturity: f.maturity?.maturity, maturityAssumed: f.maturity?.assumed?.reason, caseStudies: f.caseStudies, access, harm: f.entry.harm, tactics: f.technique.tactics, pathExposure: f.route.exposure, pathReach: f.pathReach });
  const risk = model.risk(coverage);
  const candidates = access === 'model-copy' ? f.candidates.filter((c) => !keptWhereStored(c)) : f.candidates;
  const plan = planFinding({ asset: f.asset, technique: f.technique.id, access, coverage, score: risk.score, candidates, verdicts: onPath, scoreWith: model.score, due: f.due[risk.level], breadth: f.breadth });
  return {
    id: `${f.asset.id}/${f.technique.id}`,
    assetId: f.asset.id,
    techniqueId: f.technique.id,
    techniqueName: f.technique.name,
    tactics: f.technique.tactics,
    coverage,
    trail: [{ kind: 'applies', text: `applies: ${f.ruleText}; ${f.entry.rationale}` }, ...trail],
    controls,
    risk,
    plan,
  };
}

/** A control that protects a model where it is stored or served: it acts on our copy, never on the adversary's. */
function keptWhereStored(control: Control): boolean {
  return control.carriesVia.some((r) => r === 'storedIn' || r === 'servedBy');
}

/** A consequence finding, scored along the most reachable observed chain to it on the asset; its path, if any. */
export function assessConsequence(d: FindingInput, best: ReturnType<typeof bestChain>): { finding: Finding; path?: AttackPath } {
  const pathReach = best ? best.reach : Math.round(UNCHAINED_REACH * reachOf(d.route.access, throughDoor(d.asset, d.door), d.route.exposure) * 1000) / 1000;
  const finding = assessFinding({ ...d, pathReach });
  finding.role = 'consequence';
  if (!best) {
    finding.trail.splice(finding.trail.length - 1, 0, { kind: 'note', text: `consequence: no observed chain reaches it on ${d.asset.id}; scored at ${UNCHAINED_REACH} of its direct reach` });
    return { finding };
  }
  const route = best.steps.map((s) => `${s.techniqueId} ${s.techniqueName}${s.assetId === d.asset.id ? '' : ` on ${s.assetId}`} (${s.coverage}, ${Math.round(s.pass * 100)}%)`).join(' → ');
  finding.path = { caseStudy: best.chain.caseStudy, caseStudyName: best.chain.name, reach: best.reach, steps: best.steps.map((s) => s.techniqueId) };
  finding.trail.splice(finding.trail.length - 1, 0, { kind: 'note', text: `consequence: reached as in ${best.chain.caseStudy} ${best.chain.name} — ${route}; reach ${best.reach}` });
  const path: AttackPath = { assetId: d.asset.id, impactTechniqueId: d.technique.id, impactName: d.technique.name, caseStudy: { id: best.chain.caseStudy, name: best.chain.name }, steps: best.steps, reach: best.reach, score: finding.risk.score, level: finding.risk.level };
  return { finding, path };
}
