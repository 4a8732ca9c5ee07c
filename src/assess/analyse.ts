import { caseStudiesOf, type Atlas, type Technique } from '../atlas/atlas.ts';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Evidence } from '../checks/contract.ts';
import { coversTechnique } from '../controls/library.ts';
import type { Control } from '../controls/schema.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Inventory } from '../inventory/load.ts';
import { dependantsIndex } from '../inventory/resolve.ts';
import type { ApplicabilityEntry } from './applicability-schema.ts';
import { matchingRule } from './applicability.ts';
import { claimCovers, judgeClaim, type ClaimVerdict } from './claims.ts';
import { assessCoverage, evidenceFor } from './coverage.ts';
import type { Finding, RiskLevel } from './finding.ts';
import { maturityResolver, type MaturityUsed } from './maturity.ts';
import { dueDate, organisationPlan, planFinding, type PlanItem } from './plan.ts';
import { effectiveCriticality, riskModel, type EffectiveCriticality } from './risk.ts';
import { rollUp, type Rollups } from './rollup.ts';

export interface AnalysisInput {
  atlas: Atlas;
  applicability: ReadonlyMap<TechniqueId, ApplicabilityEntry>;
  library: ReadonlyMap<string, Control>;
  inventory: Inventory;
  evidence: readonly Evidence[];
  reviewDate: Date;
  /** Days within which a claim's last verification still counts. */
  verificationWindowDays: number;
  /** The release that supplies maturity where `atlas` states none (the newest bundled one); see maturity.ts. */
  maturityReference?: Atlas;
}

export interface NotAssessed {
  techniqueId: TechniqueId;
  name: string;
  reason: string;
}

export interface Exclusion {
  assetId: string;
  techniqueId: TechniqueId;
  reason: string;
}

export interface Analysis {
  findings: Finding[];
  /** Techniques that would apply but the organisation ruled out for an asset. */
  excluded: Exclusion[];
  notAssessed: NotAssessed[];
  rollups: Rollups;
  plan: PlanItem[];
}

/** Gap analysis, risk and plan for a whole inventory. Pure: everything it needs is in its input. */
export function analyse(input: AnalysisInput): Analysis {
  const { atlas, applicability, library, inventory } = input;
  const techniques = [...atlas.techniques.values()].sort((a, b) => a.id.localeCompare(b.id));
  const notAssessed: NotAssessed[] = techniques
    .filter((t) => !applicability.has(t.id))
    .map((t) => ({ techniqueId: t.id, name: t.name, reason: `new in ATLAS ${atlas.version} — not yet assessed (no applicability entry)` }));

  const controlsFor = new Map<TechniqueId, Control[]>(techniques.map((t) => [t.id, [...library.values()].filter((c) => coversTechnique(c, t.id))]));
  const caseStudies = new Map(techniques.map((t) => [t.id, caseStudiesOf(atlas, t.id).length]));
  const maturityOf = maturityResolver(atlas, input.maturityReference);
  const maturities = new Map(techniques.map((t) => [t.id, maturityOf(t.id)]));
  const dependants = dependantsIndex(inventory.assets);
  const findings: Finding[] = [];
  const excluded: Exclusion[] = [];

  const due = dueDates(input.reviewDate);
  // Memoised per technique × element/kind and per rule: thousands of assets share a handful of kinds.
  const candidatesFor = new Map<string, Control[]>();
  const ruleTexts = new Map<object, string>();
  const NONE: never[] = [];
  for (const asset of inventory.assets) {
    const verdicts = claimVerdicts(asset, input);
    const criticality = effectiveCriticality(asset, dependants.get(asset.id) ?? []);
    const assetEvidence = input.evidence.length === 0 ? NONE : input.evidence.filter((e) => e.assets.includes(asset.id));
    for (const technique of techniques) {
      const entry = applicability.get(technique.id);
      if (!entry) continue;
      const rule = matchingRule(entry, asset);
      if (!rule) continue;
      const exclusion = asset.notApplicable.find((n) => n.technique === technique.id);
      if (exclusion) {
        excluded.push({ assetId: asset.id, techniqueId: technique.id, reason: exclusion.reason });
        continue;
      }
      const relevant = controlsFor.get(technique.id) ?? NONE;
      const onTechnique = verdicts.length === 0 ? NONE : verdicts.filter((v) => relevant.includes(v.control));
      const key = `${technique.id}|${asset.element}|${asset.kind}`;
      let candidates = candidatesFor.get(key);
      if (!candidates) candidatesFor.set(key, (candidates = relevant.filter((c) => appliesTo(c, asset))));
      let ruleText = ruleTexts.get(rule);
      if (ruleText === undefined) ruleTexts.set(rule, (ruleText = describeRule(rule)));
      const evidence = assetEvidence.length === 0 ? NONE : evidenceFor(technique.id, assetEvidence);
      findings.push(assessFinding({ asset, technique, entry, ruleText, verdicts: onTechnique, evidence, candidates, caseStudies: caseStudies.get(technique.id) ?? 0, maturity: maturities.get(technique.id), criticality, due }));
    }
  }

  // Plain code-unit comparison: ids are ASCII, and localeCompare is costly at hundreds of thousands of findings.
  findings.sort((a, b) => b.risk.score - a.risk.score || compare(a.assetId, b.assetId) || compare(a.techniqueId, b.techniqueId));
  const elementOf = new Map(inventory.assets.map((a) => [a.id, a.element]));
  const assetsById = new Map(inventory.assets.map((a) => [a.id, a]));
  return { findings, excluded, notAssessed, rollups: rollUp(findings, (id) => elementOf.get(id) ?? 'unknown'), plan: organisationPlan(findings, assetsById, library) };
}

function claimVerdicts(asset: Asset, input: AnalysisInput): ClaimVerdict[] {
  const verdicts: ClaimVerdict[] = [];
  for (const claim of input.inventory.claims) {
    const control = input.library.get(claim.control);
    if (control && claimCovers(claim, control, asset)) verdicts.push(judgeClaim(claim, control, input.reviewDate, input.verificationWindowDays));
  }
  return verdicts;
}

function appliesTo(control: Control, asset: Asset): boolean {
  return control.elements.includes(asset.element) && (!control.kinds || control.kinds.some((k) => k === asset.kind));
}

interface FindingInput {
  asset: Asset;
  technique: Technique;
  entry: ApplicabilityEntry;
  ruleText: string;
  verdicts: ClaimVerdict[];
  evidence: Evidence[];
  candidates: Control[];
  caseStudies: number;
  maturity: MaturityUsed | undefined;
  criticality: EffectiveCriticality;
  due: Record<RiskLevel, string>;
}

function assessFinding(f: FindingInput): Finding {
  const { coverage, trail, controls } = assessCoverage(f.verdicts, f.evidence);
  const model = riskModel({ asset: f.asset, criticality: f.criticality, maturity: f.maturity?.maturity, maturityAssumed: f.maturity?.assumed?.reason, caseStudies: f.caseStudies, access: f.entry.access, harm: f.entry.harm, tactics: f.technique.tactics });
  const risk = model.risk(coverage);
  const plan = planFinding({ asset: f.asset, coverage, score: risk.score, candidates: f.candidates, verdicts: f.verdicts, scoreWith: model.score, due: f.due[risk.level] });
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

function describeRule(rule: ReturnType<typeof matchingRule> & object): string {
  const parts: string[] = [rule.kinds ? `${rule.element} of kind ${rule.kinds.join('/')}` : `any ${rule.element}`];
  if (rule.requires?.length) parts.push(`with ${rule.requires.join(' and ')}`);
  if (rule.requiresAny?.length) parts.push(`with ${rule.requiresAny.join(' or ')}`);
  if (rule.exposure?.length) parts.push(`exposed ${rule.exposure.join('/')}`);
  return parts.join(' ');
}

function dueDates(reviewDate: Date): Record<RiskLevel, string> {
  return { critical: dueDate(reviewDate, 'critical'), high: dueDate(reviewDate, 'high'), medium: dueDate(reviewDate, 'medium'), low: dueDate(reviewDate, 'low') };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
