import type { Atlas } from '../atlas/atlas.ts';
import { parentTechnique, type TacticId, type TechniqueId } from '../atlas/ids.ts';
import type { Coverage, Finding, RiskLevel } from './finding.ts';
import { stageOf } from './risk.ts';

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

/**
 * The most reachable observed chain to a consequence on one asset. A chain step counts where the same
 * technique (or one of its family) applies to the asset; steps that do not apply, and reconnaissance and
 * resource development, are the adversary's own work and cost nothing here. Per tactic the adversary takes the easiest step;
 * the tactics multiply. Undefined when no step of any chain applies to the asset.
 */
export function bestChain(impact: TechniqueId, chains: ChainIndex, onAsset: ReadonlyMap<TechniqueId, Finding>, consequences: ReadonlySet<TechniqueId>): { chain: ObservedChain; steps: PathStep[]; reach: number } | undefined {
  const families = new Map<TechniqueId, Finding[]>();
  for (const f of onAsset.values()) {
    if (consequences.has(f.techniqueId)) continue;
    const key = family(f.techniqueId);
    families.set(key, [...(families.get(key) ?? []), f]);
  }
  let best: { chain: ObservedChain; steps: PathStep[]; reach: number } | undefined;
  for (const chain of chains.byImpact.get(impact) ?? chains.anyImpact) {
    const perTactic = new Map<string, PathStep>();
    for (const s of chain.steps) {
      // Reconnaissance and resource development are the adversary's own work: they cost nothing on our side.
      if (consequences.has(s.technique) || stageOf([s.tactic]) === 'preparation') continue;
      const exact = onAsset.get(s.technique);
      const finding = exact && !consequences.has(exact.techniqueId) ? exact : strongest(families.get(family(s.technique)));
      if (!finding) continue;
      const step: PathStep = { techniqueId: finding.techniqueId, techniqueName: finding.techniqueName, tactic: s.tactic, coverage: finding.coverage, pass: Math.min(1, finding.risk.likelihood / 5) };
      const held = perTactic.get(s.tactic);
      if (!held || step.pass > held.pass) perTactic.set(s.tactic, step);
    }
    if (perTactic.size === 0) continue;
    const steps = [...perTactic.values()];
    const reach = round(steps.reduce((p, s) => p * s.pass, 1));
    if (!best || reach > best.reach || (reach === best.reach && steps.length < best.steps.length)) best = { chain, steps, reach };
  }
  return best;
}

function strongest(findings: readonly Finding[] | undefined): Finding | undefined {
  let top: Finding | undefined;
  for (const f of findings ?? []) if (!top || f.risk.likelihood > top.risk.likelihood) top = f;
  return top;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
