import { caseStudiesOf, type Atlas, type Technique } from '../atlas/atlas.ts';
import type { TechniqueId } from '../atlas/ids.ts';
import type { Evidence } from '../checks/contract.ts';
import { appliesToAsset, coversTechnique, heldRelations } from '../controls/library.ts';
import type { Control } from '../controls/schema.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Inventory } from '../inventory/load.ts';
import { dependantsIndex } from '../inventory/resolve.ts';
import type { ApplicabilityEntry } from './applicability-schema.ts';
import { matchingRule } from './applicability.ts';
import { assetSteps, bestChain, consequenceTechniques, observedChains, withRelated, type AssetSteps, type AttackPath } from './attack-paths.ts';
import { claimVerdictsFor } from './claims.ts';
import { containmentPlan } from './containment.ts';
import { authenticationItem, isOpen, withAuthenticationItems } from './open-assets.ts';
import { evidenceAfter, evidenceAsOf, evidenceFor, setAsideNote } from './coverage.ts';
import type { Finding, RiskLevel } from './finding.ts';
import { FindingGists, type GistList } from './finding-gists.ts';
import { maturityResolver } from './maturity.ts';
import { dueDate, organisationPlan, type PlanItem } from './plan.ts';
import { dataExposures, frontDoor, type FrontDoor } from './reach.ts';
import { routeOf, type Route } from './routes.ts';
import { effectiveCriticality } from './risk.ts';
import { rollUp, type Rollups } from './rollup.ts';
import { byPathRank, byRank, compare } from './rank-order.ts';
import { assessConsequence, assessFinding, authenticationGain, type FindingInput } from './assess-finding.ts';

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
  /** The most reachable attack paths to consequences, by risk (at most TOP_PATHS). */
  paths?: AttackPath[];
}

export const TOP_PATHS = 20;

/** A finding and its place in the ranking (0 is the highest risk). */
export interface RankedFinding {
  rank: number;
  finding: Finding;
}

/**
 * An analysis for inventories too large to hold every finding: the organisation-wide results, each finding's
 * gist in rank order, and the findings themselves computed again on demand, asset by asset, each with its rank.
 * Identical to `analyse` in every value; only the order the findings come in differs (assessment order).
 */
export interface StagedAnalysis {
  analysis: Omit<Analysis, 'findings'>;
  /** Every finding's gist, in rank order: what roll-ups, plan, summary counts and the diff read. */
  ranked: GistList;
  /** The findings in assessment order (asset by asset), each with its rank; a fresh pass every call, nothing kept. */
  findings(): Generator<RankedFinding>;
  /**
   * Let go of the gists (`ranked` becomes empty) and of what passes share, once the findings are stored and the gists
   * read: at 10,000 assets a third of the heap, which the reports, reading the findings back, do not need.
   */
  release(): void;
}

/** Gap analysis, risk and plan for a whole inventory. Pure: everything it needs is in its input. */
export function analyse(input: AnalysisInput): Analysis {
  const setup = prepare(input);
  const pass = newPass();
  const findings = [...assessAll(setup, pass)];
  findings.sort(byRank);
  return { findings, ...conclude(setup, pass, findings) };
}

/**
 * The same analysis in two passes (see StagedAnalysis): the first keeps each finding's gist only — a tenth of the
 * finding, which carries its reasoning trail and plan — and ranks them; the second (each `findings()` call) assesses
 * again and hands each finding over with its rank as it is made. Memory follows the gists, not the findings.
 */
export function analyseStaged(input: AnalysisInput, afterBatch?: () => void): StagedAnalysis {
  let setup: Setup | undefined = prepare(input);
  const pass = newPass();
  // Columns, not objects: ~23 bytes a finding instead of ~425 (finding-gists.ts).
  const gists = new FindingGists();
  for (const f of assessAll(setup, pass)) {
    gists.add(f);
    if (afterBatch && gists.length % FIRST_PASS_BATCH === 0) afterBatch();
  }
  const count = gists.length;
  let rankOf: Int32Array | undefined = gists.rank();
  return {
    analysis: conclude(setup, pass, gists),
    ranked: gists,
    *findings() {
      if (!setup || !rankOf) throw new Error('the staged analysis was released');
      const ranks = rankOf;
      let seq = 0;
      for (const finding of assessAll(setup, newPass())) yield { rank: ranks[seq++] as number, finding };
      if (seq !== count) throw new Error(`the second pass made ${seq} findings, the first ${count}`);
    },
    release() {
      gists.clear();
      setup = undefined;
      rankOf = undefined;
    },
  };
}

/**
 * Findings the first pass makes between two calls of `afterBatch`. Each finding is garbage once its gist is taken, and
 * with little live V8 let that garbage reach ~520 MB at 10,000 assets before collecting it (the review's peak).
 */
const FIRST_PASS_BATCH = 100_000;

/** What every pass shares: the indexes over ATLAS, the library and the inventory, and memos that only grow. */
type Setup = ReturnType<typeof prepare>;

function prepare(input: AnalysisInput) {
  const { atlas, applicability, library, inventory } = input;
  const techniques = [...atlas.techniques.values()].sort((a, b) => a.id.localeCompare(b.id));
  const notAssessed: NotAssessed[] = techniques
    .filter((t) => !applicability.has(t.id))
    .map((t) => ({ techniqueId: t.id, name: t.name, reason: `new in ATLAS ${atlas.version} — not yet assessed (no applicability entry)` }));
  const maturityOf = maturityResolver(atlas, input.maturityReference);
  const consequences = consequenceTechniques(atlas);
  return {
    input,
    techniques,
    notAssessed,
    controlsFor: new Map<TechniqueId, Control[]>(techniques.map((t) => [t.id, [...library.values()].filter((c) => coversTechnique(c, t.id))])),
    caseStudies: new Map(techniques.map((t) => [t.id, caseStudiesOf(atlas, t.id).length])),
    maturities: new Map(techniques.map((t) => [t.id, maturityOf(t.id)])),
    consequences,
    chains: observedChains(atlas, consequences),
    dependants: dependantsIndex(inventory.assets),
    assetsById: new Map(inventory.assets.map((a) => [a.id, a])),
    dataExposure: dataExposures(inventory.assets),
    evidenceInForce: evidenceAsOf(input.evidence, input.reviewDate),
    evidenceAfter: evidenceAfter(input.evidence, input.reviewDate),
    due: dueDates(input.reviewDate),
    // Memoised per technique × element/kind and per rule: thousands of assets share a handful.
    candidatesFor: new Map<string, Control[]>(),
    ruleTexts: new Map<object, string>(),
  };
}

/** What one pass gathers beside the findings. */
interface Pass {
  excluded: Exclusion[];
  /** The best paths so far (pruned to TOP_PATHS now and then: the order is total, so the top stays the top). */
  paths: AttackPath[];
  openItems: PlanItem[];
}

function newPass(): Pass {
  return { excluded: [], paths: [], openItems: [] };
}

/** Every finding, asset by asset in inventory order, then the consequences (which need every asset's steps). */
function* assessAll(setup: Setup, pass: Pass): Generator<Finding> {
  const { input, techniques, consequences, assetsById } = setup;
  const { applicability, library, inventory } = input;
  const stepsOf = new Map<string, AssetSteps>();
  const pending: FindingInput[][] = [];
  const NONE: never[] = [];
  for (const asset of inventory.assets) {
    const verdicts = claimVerdictsFor(asset, inventory.claims, library, assetsById, input.reviewDate, input.verificationWindowDays);
    const criticality = effectiveCriticality(asset, [...(setup.dependants.get(asset.id) ?? []), ...openFootholdInto(asset, assetsById)]);
    const assetEvidence = setup.evidenceInForce.length === 0 ? NONE : setup.evidenceInForce.filter((e) => e.assets.includes(asset.id));
    const assetLater = setup.evidenceAfter.length === 0 ? NONE : setup.evidenceAfter.filter((e) => e.assets.includes(asset.id));
    const onAsset = new Map<TechniqueId, Finding>();
    const deferred: FindingInput[] = [];
    const open = isOpen(asset);
    let gain = 0;
    const applicable: { technique: Technique; entry: ApplicabilityEntry; rule: NonNullable<ReturnType<typeof matchingRule>> }[] = [];
    for (const technique of techniques) {
      const entry = applicability.get(technique.id);
      if (!entry) continue;
      const rule = matchingRule(entry, asset);
      if (!rule) continue;
      const exclusion = asset.notApplicable.find((n) => n.technique === technique.id);
      if (exclusion) {
        pass.excluded.push({ assetId: asset.id, techniqueId: technique.id, reason: exclusion.reason });
        continue;
      }
      applicable.push({ technique, entry, rule });
    }
    const breadth = breadthOn(new Set(applicable.map((a) => a.technique.id)));
    const relationsKey = heldRelations(asset);
    const doors = new Map<string, FrontDoor | undefined>();
    const doorFor = (access: ApplicabilityEntry['access']) => {
      if (!doors.has(access)) doors.set(access, frontDoor(access, asset, assetsById));
      return doors.get(access);
    };
    for (const { technique, entry, rule } of applicable) {
      const relevant = setup.controlsFor.get(technique.id) ?? NONE;
      const onTechnique = verdicts.length === 0 ? NONE : verdicts.filter((v) => relevant.includes(v.control));
      const key = `${technique.id}|${asset.element}|${asset.kind}|${relationsKey}`;
      let candidates = setup.candidatesFor.get(key);
      if (!candidates) setup.candidatesFor.set(key, (candidates = relevant.filter((c) => appliesToAsset(c, asset))));
      let ruleText = setup.ruleTexts.get(rule);
      if (ruleText === undefined) setup.ruleTexts.set(rule, (ruleText = describeRule(rule)));
      const evidence = assetEvidence.length === 0 ? NONE : evidenceFor(technique.id, assetEvidence);
      const setAside = assetLater.length === 0 ? NONE : evidenceFor(technique.id, assetLater).map((e) => setAsideNote(e, input.reviewDate));
      const finding: FindingInput = { asset, technique, entry, ruleText, verdicts: onTechnique, evidence, setAside, breadth, candidates, caseStudies: setup.caseStudies.get(technique.id) ?? 0, maturity: setup.maturities.get(technique.id), criticality, due: setup.due, ...routed(entry, asset, setup, doorFor(entry.access)) };
      // Consequences are scored once the steps that lead to them on this asset are known.
      if (consequences.has(technique.id)) {
        deferred.push(finding);
        continue;
      }
      const assessed = assessFinding(finding);
      yield assessed;
      onAsset.set(technique.id, assessed);
      if (open) gain += authenticationGain(finding, assessed);
    }
    if (open) {
      const item = authenticationItem(asset, gain, [...onAsset.values()], library, input.reviewDate);
      if (item) pass.openItems.push(item);
    }
    stepsOf.set(asset.id, assetSteps(asset.id, onAsset, consequences));
    if (deferred.length > 0) pending.push(deferred);
  }

  // Consequences last: the steps that lead to them may sit on related assets (training data, registry, serving).
  for (const deferred of pending) {
    const asset = deferred[0]!.asset;
    const steps = withRelated(asset, stepsOf);
    for (const d of deferred) {
      // Not memoised by step signature: a signature names its asset, so no two consequences share one, and a memo
      // only held every asset's chains (tens of megabytes at 10,000 assets) for nothing.
      const { finding, path } = assessConsequence(d, bestChain(d.technique.id, setup.chains, steps, consequences));
      if (path) keepPath(pass.paths, path);
      yield finding;
    }
  }
}

/** The route a technique takes on the asset, and the front door its queries come through if that is still the route. */
function routed(entry: ApplicabilityEntry, asset: Asset, setup: Setup, door: FrontDoor | undefined): { route: Route; door: FrontDoor | undefined } {
  const route = routeOf(entry, asset, { assets: setup.assetsById, data: setup.dataExposure, door });
  return { route, door: route.access === entry.access ? door : undefined };
}

function keepPath(paths: AttackPath[], path: AttackPath): void {
  paths.push(path);
  if (paths.length < 50 * TOP_PATHS) return;
  paths.sort(byPathRank);
  paths.length = TOP_PATHS;
}

/** The organisation-wide results, from the findings (or their gists) in rank order. */
function conclude(setup: Setup, pass: Pass, ranked: GistList): Omit<Analysis, 'findings'> {
  const { input, assetsById } = setup;
  pass.paths.sort(byPathRank);
  const elementOf = new Map(input.inventory.assets.map((a) => [a.id, a.element]));
  const preventive = withAuthenticationItems(organisationPlan(ranked, assetsById, input.library), pass.openItems);
  preventive.sort((a, b) => b.riskRemoved - a.riskRemoved || compare(a.control, b.control));
  const plan = [...containmentPlan(ranked, assetsById, setup.evidenceInForce, input.reviewDate), ...preventive];
  return { excluded: pass.excluded, notAssessed: setup.notAssessed, rollups: rollUp(ranked, (id) => elementOf.get(id) ?? 'unknown'), plan, paths: pass.paths.slice(0, TOP_PATHS) };
}

/**
 * An unauthenticated platform that runs its users' code is code execution inside the environment it runs in
 * for whoever reaches it, so it carries that environment's criticality.
 */
function openFootholdInto(asset: Asset, assets: ReadonlyMap<string, Asset>): Asset[] {
  if (asset.element !== 'platform' || asset.authentication !== 'none' || !asset.attributes.has('runsUserCode')) return [];
  return (asset.relations.runsIn ?? []).flatMap((id) => assets.get(id) ?? []);
}

/** A control's reach on one asset: how many of the techniques that apply there it covers (memoised per control). */
function breadthOn(applicable: ReadonlySet<TechniqueId>): (control: Control) => number {
  const memo = new Map<string, number>();
  return (control) => {
    let n = memo.get(control.id);
    if (n === undefined) {
      n = 0;
      for (const id of control.techniques) if (applicable.has(id as TechniqueId)) n += 1;
      for (const b of control.beyondAtlas) if (applicable.has(b.technique as TechniqueId)) n += 1;
      memo.set(control.id, n);
    }
    return n;
  };
}

function describeRule(rule: ReturnType<typeof matchingRule> & object): string {
  const parts: string[] = [rule.kinds ? `${rule.element} of kind ${rule.kinds.join('/')}` : `any ${rule.element}`];
  if (rule.requires?.length) parts.push(`with ${rule.requires.join(' and ')}`);
  if (rule.requiresAny?.length) parts.push(`with ${rule.requiresAny.join(' or ')}`);
  if (rule.excludes?.length) parts.push(`without ${rule.excludes.join(' or ')}`);
  if (rule.exposure?.length) parts.push(`exposed ${rule.exposure.join('/')}`);
  return parts.join(' ');
}

function dueDates(reviewDate: Date): Record<RiskLevel, string> {
  return { critical: dueDate(reviewDate, 'critical'), high: dueDate(reviewDate, 'high'), medium: dueDate(reviewDate, 'medium'), low: dueDate(reviewDate, 'low') };
}
