import type { AttackPath } from '../assess/attack-paths.ts';
import type { Finding } from '../assess/finding.ts';
import type { PlanItem } from '../assess/plan.ts';
import type { FindingChange } from '../review/diff.ts';
import type { Review } from '../review/review.ts';

export const EXECUTIVE_ACTIONS = 5;

export interface ExecutiveAction {
  rank: number;
  action: PlanItem['action'];
  control: string;
  title: string;
  assets: string[];
  /** Who does it: the owners of the assets it touches. */
  owner: string;
  due: string;
  riskRemoved: number;
  steps: string[];
}

export interface ExploitedItem {
  assetId: string;
  techniqueId: string;
  techniqueName: string;
  /** The checks whose attack succeeded. */
  checks: string[];
}

/** The first page of a review: what to do, what is already broken, what got worse, and the paths to harm. */
export interface ExecutiveSummary {
  actions: ExecutiveAction[];
  exploited: ExploitedItem[];
  /** Undefined when there is no earlier review to compare with. */
  regressed: FindingChange[] | undefined;
  paths: AttackPath[];
  /** The largest gaps that are steps of an attack, not consequences. */
  gaps: Finding[];
}

/** Pure: the executive page's data from a review (and the diff with the previous review, when there is one). */
export function executiveSummary(review: Pick<Review, 'plan' | 'findings' | 'paths'>, regressed?: readonly FindingChange[], size = EXECUTIVE_ACTIONS): ExecutiveSummary {
  const actions = review.plan.slice(0, size).map((p, i) => ({
    rank: i + 1,
    action: p.action,
    control: p.control,
    title: p.title,
    assets: p.assets,
    owner: p.owners.join(', ') || 'unassigned',
    due: p.due,
    riskRemoved: p.riskRemoved,
    steps: p.steps ?? [],
  }));
  const exploited = review.findings
    .filter((f) => f.coverage === 'exploited')
    .map((f) => ({ assetId: f.assetId, techniqueId: f.techniqueId, techniqueName: f.techniqueName, checks: f.trail.flatMap((s) => (s.kind === 'check' && s.outcome === 'fail' && !s.detects ? [s.check] : [])) }));
  return { actions, exploited, regressed: regressed ? [...regressed] : undefined, paths: (review.paths ?? []).slice(0, size), gaps: rankedGaps(review.findings).slice(0, size) };
}

/** Findings ranked as attack steps: consequences are shown as the outcome of their paths instead. */
export function rankedGaps(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.role !== 'consequence');
}

export function actionLine(a: ExecutiveAction): string {
  const what = a.action === 'contain' ? a.title : `${a.action} ${a.control} on ${a.assets.join(', ')}`;
  return `${what} — owner ${a.owner}, due ${a.due} (−${a.riskRemoved} risk)`;
}

export function pathLine(p: AttackPath): string {
  return `${p.assetId}: ${p.steps.map((s) => `${s.techniqueId} ${s.techniqueName}${s.assetId === p.assetId ? '' : ` on ${s.assetId}`} [${s.coverage}]`).join(' → ')} ⇒ ${p.impactTechniqueId} ${p.impactName} (risk ${p.score}, as in ${p.caseStudy.id})`;
}
