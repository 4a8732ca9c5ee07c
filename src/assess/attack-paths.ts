import type { Atlas } from '../atlas/atlas.ts';
import { parentTechnique, type TacticId, type TechniqueId } from '../atlas/ids.ts';
import type { Coverage, Finding, RiskLevel } from './finding.ts';
import { stageOf } from './risk.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Relation } from '../inventory/vocabulary.ts';

/**
 * Impact-tactic techniques (External Harms, Denial of AI Service, Cost Harvesting, …) are consequences: they
 * happen once an attack has got through. Which tactic is Impact comes from the ATLAS data (its name), so a
 * new release needs no hand list; a technique is a consequence when every tactic it has is Impact
 * (Evade AI Model is also initial access and defence evasion, so it stays a step).
 */
export function consequenceTechniques(atlas: Atlas): Set<TechniqueId> {
  const impact = new Set<TacticId>(atlas.tactics.filter((t) => t.name.toLowerCase() === 'impact').map((t) => t.id));
  const result = new Set<TechniqueId>();
  for (const t of atlas.techniques.values()) if (t.tactics.length > 0 && t.tactics.every((x) => impact.has(x))) result.add(t.id);
  return result;
}

/** A case study's procedure: the tactics and techniques one real attack combined, in order. */
export interface ObservedChain {
  caseStudy: string;
  name: string;
  steps: { tactic: TacticId; technique: TechniqueId }[];
}

/** The chains that end in each consequence technique: case studies whose procedure reached it (or its family). */
export interface ChainIndex {
  byImpact: ReadonlyMap<TechniqueId, readonly ObservedChain[]>;
  /** Chains that reached any consequence: the fallback for one no case study has reached yet. */
  anyImpact: readonly ObservedChain[];
}

const family = (id: TechniqueId) => parentTechnique(id);

/** Initial Access and AI Model Access: the tactics by which a chain gets in. */
const ENTRY_TACTICS: ReadonlySet<string> = new Set(['AML.TA0004', 'AML.TA0000']);

export function observedChains(atlas: Atlas, consequences: ReadonlySet<TechniqueId>): ChainIndex {
  const chains: ObservedChain[] = [...atlas.caseStudies.values()].map((c) => ({ caseStudy: c.id, name: c.name, steps: c.steps.map((s) => ({ tactic: s.tactic, technique: s.technique })) }));
  const byImpact = new Map<TechniqueId, ObservedChain[]>();
  const anyImpact: ObservedChain[] = [];
  for (const chain of chains) {
    const reached = new Set(chain.steps.filter((s) => consequences.has(s.technique)).map((s) => family(s.technique)));
    if (reached.size > 0) anyImpact.push(chain);
    for (const id of consequences) if (reached.has(family(id))) byImpact.set(id, [...(byImpact.get(id) ?? []), chain]);
  }
  return { byImpact, anyImpact };
}

export interface PathStep {
  /** The asset the step is taken on: the impacted asset or one it relies on. */
  assetId: string;
  techniqueId: string;
  techniqueName: string;
  tactic: string;
  coverage: Coverage;
  /** Chance the adversary gets through this step on this asset: the step finding's likelihood / 5. */
  pass: number;
}

export interface AttackPath {
  assetId: string;
  impactTechniqueId: string;
  impactName: string;
  caseStudy: { id: string; name: string };
  steps: PathStep[];
  /** Product over the chain's tactics of the easiest step of each: how reachable the impact is (0–1). */
  reach: number;
  score: number;
  level: RiskLevel;
}

/** What a chain step reads of a finding: kept for every asset until consequences are scored, so only this. */
export type StepFinding = Pick<Finding, 'assetId' | 'techniqueId' | 'techniqueName' | 'coverage'> & { risk: Pick<Finding['risk'], 'likelihood'> };

/** The findings on one asset as chain steps can use them: by technique and by technique family. */
export interface AssetSteps {
  exact: ReadonlyMap<TechniqueId, StepFinding>;
  families: ReadonlyMap<TechniqueId, StepFinding>;
  /** Equal for assets whose steps are alike, so a path found for one serves the others. */
  signature: string;
}

export function assetSteps(assetId: string, onAsset: ReadonlyMap<TechniqueId, Finding>, consequences: ReadonlySet<TechniqueId>): AssetSteps {
  const exact = new Map<TechniqueId, StepFinding>();
  const families = new Map<TechniqueId, StepFinding>();
  const parts: string[] = [];
  for (const whole of onAsset.values()) {
    if (consequences.has(whole.techniqueId)) continue;
    // A copy of what steps read, not the finding: the whole findings of every asset need not stay in memory.
    const f: StepFinding = { assetId: whole.assetId, techniqueId: whole.techniqueId, techniqueName: whole.techniqueName, coverage: whole.coverage, risk: { likelihood: whole.risk.likelihood } };
    exact.set(f.techniqueId, f);
    const key = family(f.techniqueId);
    const held = families.get(key);
    if (!held || f.risk.likelihood > held.risk.likelihood) families.set(key, f);
    parts.push(`${f.techniqueId}:${f.risk.likelihood}:${f.coverage}`);
  }
  return { exact, families, signature: `${assetId}=${parts.join(',')}` };
}

/** What an asset relies on: a step taken on any of these is a step towards harming the asset. */
const RELIED_ON: readonly Relation[] = ['trainedOn', 'retrievesFrom', 'storedIn', 'servedBy', 'runsIn', 'dependsOn'];

/**
 * The steps an adversary can take towards an asset: its own, and those on the assets it relies on (its
 * training data, corpus, registry, serving platform, environment), the easiest of each technique.
 */
export function withRelated(asset: Asset, stepsOf: ReadonlyMap<string, AssetSteps>): AssetSteps {
  const own = stepsOf.get(asset.id);
  const related = [...new Set(RELIED_ON.flatMap((r) => asset.relations[r] ?? []))].flatMap((id) => stepsOf.get(id) ?? []);
  if (!own || related.length === 0) return own ?? { exact: new Map(), families: new Map(), signature: asset.id };
  const exact = new Map(own.exact);
  const families = new Map(own.families);
  for (const r of related) {
    for (const [id, f] of r.exact) if (!exact.has(id) || f.risk.likelihood > exact.get(id)!.risk.likelihood) exact.set(id, f);
    for (const [id, f] of r.families) if (!families.has(id) || f.risk.likelihood > families.get(id)!.risk.likelihood) families.set(id, f);
  }
  return { exact, families, signature: [own.signature, ...related.map((r) => r.signature.slice(r.signature.indexOf('=')))].join('|') };
}

/**
 * The most reachable observed chain to a consequence on one asset. A chain step counts where the same
 * technique (or one of its family) applies to the asset; steps that do not apply, and reconnaissance and
 * resource development, are the adversary's own work and cost nothing here. A chain that got in somewhere
 * must find a way in here too. Per tactic the adversary takes the easiest step; the tactics multiply. Undefined when no step of any chain applies to the asset.
 */
export function bestChain(impact: TechniqueId, chains: ChainIndex, steps: AssetSteps, consequences: ReadonlySet<TechniqueId>): { chain: ObservedChain; steps: PathStep[]; reach: number } | undefined {
  let best: { chain: ObservedChain; steps: PathStep[]; reach: number } | undefined;
  for (const chain of chains.byImpact.get(impact) ?? chains.anyImpact) {
    const perTactic = new Map<string, PathStep>();
    for (const s of chain.steps) {
      // Reconnaissance and resource development are the adversary's own work: they cost nothing on our side.
      if (consequences.has(s.technique) || stageOf([s.tactic]) === 'preparation') continue;
      const finding = steps.exact.get(s.technique) ?? steps.families.get(family(s.technique));
      if (!finding) continue;
      const step: PathStep = { assetId: finding.assetId, techniqueId: finding.techniqueId, techniqueName: finding.techniqueName, tactic: s.tactic, coverage: finding.coverage, pass: Math.min(1, Math.round((finding.risk.likelihood / 5) * 1000) / 1000) };
      const held = perTactic.get(s.tactic);
      if (!held || step.pass > held.pass) perTactic.set(s.tactic, step);
    }
    // A chain that got in somewhere (initial access, AI model access) needs a way in on this asset too.
    if (perTactic.size === 0 || (chain.steps.some((x) => ENTRY_TACTICS.has(x.tactic)) && ![...perTactic.keys()].some((t) => ENTRY_TACTICS.has(t)))) continue;
    const found = [...perTactic.values()];
    const reach = round(found.reduce((p, x) => p * x.pass, 1));
    if (!best || reach > best.reach || (reach === best.reach && found.length < best.steps.length)) best = { chain, steps: found, reach };
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
