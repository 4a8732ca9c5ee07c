import { parentTechnique, type TechniqueId } from '../atlas/ids.ts';
import { blocksPath, effectOn } from '../controls/library.ts';
import type { Control, ControlEffect, ControlType } from '../controls/schema.ts';
import type { Access } from './applicability-schema.ts';
import type { Asset } from '../inventory/asset.ts';
import type { ClaimVerdict } from './claims.ts';
import type { Coverage, FindingGist, FindingPlan, PlannedAction, RiskLevel } from './finding.ts';

const DUE_DAYS: Record<RiskLevel, number> = { critical: 14, high: 30, medium: 90, low: 180 };
const DAY = 86_400_000;

/** The coverage a finding would have if a control acting so on its technique counted too. */
export function coverageWith(current: Coverage, effect: ControlEffect): Coverage {
  const prevents = current === 'prevented' || current === 'both' || effect === 'prevents';
  const detects = current === 'detected' || current === 'both' || effect === 'detects';
  if (prevents && detects) return 'both';
  if (prevents) return 'prevented';
  if (detects) return 'detected';
  // Corrective controls limit the damage but neither prevent nor detect.
  return current === 'exploited' ? 'blind-spot' : current;
}

export interface PlanInput {
  asset: Asset;
  technique: TechniqueId;
  /** The access path the technique needs: a control that does not block it closes nothing. */
  access: Access;
  coverage: Coverage;
  score: number;
  /** Library controls that cover the technique and apply to the asset. */
  candidates: readonly Control[];
  verdicts: readonly ClaimVerdict[];
  /** Risk score the finding would have with the given coverage. */
  scoreWith: (coverage: Coverage) => number;
  /** Due date for the finding's risk level. */
  due: string;
  /** How many of the asset's applicable techniques a control covers: of equal actions, the broader one comes first. */
  breadth?: (control: Control) => number;
}

/** For one finding: the controls that would close it, ordered by the risk they remove. Pure. */
export function planFinding(input: PlanInput): FindingPlan {
  const counting = new Set(input.verdicts.filter((v) => v.effect === 'counts').map((v) => v.control.id));
  const unproven = new Set(input.verdicts.filter((v) => v.effect === 'unproven').map((v) => v.control.id));
  // An exploited technique is re-tested after the fix; plan as if the exploit no longer stood.
  const base: Coverage = input.coverage === 'exploited' ? 'blind-spot' : input.coverage;
  const actions: PlannedAction[] = [];
  if (input.coverage !== 'both') {
    for (const control of input.candidates) {
      if (counting.has(control.id) && input.coverage !== 'exploited') continue;
      if (!blocksPath(control, input.access)) continue;
      // Awareness, policy and instructions to a model stop part of the attempts; other gaps of the same size come first.
      const weight = control.procedural || control.partial ? 0.5 : 1;
      const removed = Math.round((input.score - input.scoreWith(coverageWith(base, effectOn(control, input.technique)))) * weight * 10) / 10;
      if (removed <= 0) continue;
      // A claim that counted and yet an attack got past it is the first thing to look at again: verify it.
      const contradicted = input.coverage === 'exploited' && counting.has(control.id);
      actions.push({
        action: unproven.has(control.id) || contradicted ? 'verify' : 'implement',
        control: control.id,
        title: control.title,
        type: control.type,
        mitigations: control.mitigations,
        riskRemoved: removed,
      });
    }
  }
  // Of actions that remove as much risk here, verifying a claim comes first (it may already hold), then the control
  // that closes more of the attacks that apply to the asset: rate limiting, not score rounding, on a public API nobody
  // throttles.
  const breadth = new Map(input.candidates.map((c) => [c.id, input.breadth?.(c) ?? 0]));
  actions.sort(
    (a, b) =>
      b.riskRemoved - a.riskRemoved ||
      (a.action === b.action ? 0 : a.action === 'verify' ? -1 : 1) ||
      (breadth.get(b.control) ?? 0) - (breadth.get(a.control) ?? 0) ||
      a.control.localeCompare(b.control),
  );
  return { owner: input.asset.owner, due: input.due, actions: actions.slice(0, 5) };
}

export function dueDate(reviewDate: Date, level: RiskLevel): string {
  return new Date(reviewDate.getTime() + DUE_DAYS[level] * DAY).toISOString().slice(0, 10);
}

export interface PlanItem {
  /** `contain`: an exploited asset's containment and incident response, ahead of every preventive action. */
  action: 'contain' | 'implement' | 'verify';
  control: string;
  title: string;
  type: ControlType;
  mitigations: string[];
  assets: string[];
  owners: string[];
  findings: number;
  /** Sum of the risk removed over the findings the item closes; of a technique and its sub-techniques on one asset, the largest. */
  riskRemoved: number;
  due: string;
  questions: string[];
  /** Concrete steps, for containment items. */
  steps?: string[];
}

/** The organisation's plan: one item per (action, control, owning team), ordered by total risk removed. */
export function organisationPlan(findings: Iterable<FindingGist>, assets: ReadonlyMap<string, Asset>, library: ReadonlyMap<string, Control>): PlanItem[] {
  const items = new Map<string, PlanItem>();
  const seen = new Map<string, { assets: Set<string>; owners: Set<string> }>();
  const familyBest = new Map<string, number>();
  for (const finding of findings) {
    const top = finding.plan.actions[0];
    if (!top) continue;
    // Each finding is credited to its best action only, so that totals do not count one risk twice. One item
    // per team: an action has one owner who can be held to its due date.
    const key = `${top.action}:${top.control}:${assets.get(finding.assetId)?.owner ?? ''}`;
    const item = items.get(key) ?? { ...top, questions: library.get(top.control)?.questions ?? [], assets: [], owners: [], findings: 0, riskRemoved: 0, due: finding.plan.due };
    const sets = seen.get(key) ?? { assets: new Set<string>(), owners: new Set<string>() };
    seen.set(key, sets);
    item.findings += 1;
    // A technique and its sub-techniques on one asset are one attack told at two levels of detail (supply-chain
    // compromise and its model, data and software forms): closing it removes that risk once, the largest of them, so
    // that an item spanning a family of ten sub-techniques does not outweigh one critical gap ten times over.
    const family = `${key}|${finding.assetId}|${parentTechnique(finding.techniqueId)}`;
    const counted = familyBest.get(family) ?? 0;
    if (top.riskRemoved > counted) {
      item.riskRemoved = Math.round((item.riskRemoved + top.riskRemoved - counted) * 10) / 10;
      familyBest.set(family, top.riskRemoved);
    }
    if (!sets.assets.has(finding.assetId)) item.assets.push(finding.assetId);
    sets.assets.add(finding.assetId);
    const owner = assets.get(finding.assetId)?.owner;
    if (owner && !sets.owners.has(owner)) item.owners.push(owner);
    if (owner) sets.owners.add(owner);
    if (finding.plan.due < item.due) item.due = finding.plan.due;
    items.set(key, item);
  }
  return [...items.values()].sort((a, b) => b.riskRemoved - a.riskRemoved || a.control.localeCompare(b.control));
}
