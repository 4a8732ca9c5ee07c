import { appliesToAsset } from '../controls/library.ts';
import type { Control } from '../controls/schema.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Finding } from './finding.ts';
import { dueDate, type PlanItem } from './plan.ts';
import { levelOf } from './risk.ts';

/**
 * The controls that put a login in front of an asset of each element, the first that applies to it chosen: a serving
 * platform or gateway answers machines, so API authentication; other platforms and hosts are used by people, so MFA.
 */
const AUTHENTICATION_CONTROLS: Record<Asset['element'], readonly string[]> = {
  platform: ['model-api-authentication', 'ml-platform-mfa'],
  environment: ['ml-platform-mfa'],
  model: ['model-api-authentication'],
  data: [],
};

const WHERE: Record<Asset['exposure'], string> = { internal: 'internal network', partner: 'partner network', public: 'internet' };

/** Whether an asset is open to whoever reaches it, so that putting a login in front of it is an action of its own. */
export function isOpen(asset: Asset): boolean {
  return asset.authentication === 'none' && AUTHENTICATION_CONTROLS[asset.element].length > 0;
}

/**
 * One plan item per open asset: authenticate it. Its gain is the risk its findings lose when an adversary
 * must first get a login (each finding rescored with the asset behind SSO); it overlaps the findings' own
 * best actions, because a login is the step that makes most of them reachable at all.
 */
export function authenticationItem(asset: Asset, gain: number, findings: readonly Finding[], library: ReadonlyMap<string, Control>, reviewDate: Date): PlanItem | undefined {
  const control = AUTHENTICATION_CONTROLS[asset.element].map((id) => library.get(id)).find((c) => c !== undefined && appliesToAsset(c, asset));
  if (!control || gain <= 0) return undefined;
  const top = Math.max(0, ...findings.map((f) => f.risk.score));
  return {
    action: 'implement',
    control: control.id,
    title: control.title,
    type: control.type,
    mitigations: control.mitigations,
    assets: [asset.id],
    owners: asset.owner ? [asset.owner] : [],
    findings: findings.length,
    riskRemoved: Math.round(gain * 10) / 10,
    due: dueDate(reviewDate, levelOf(top)),
    questions: control.questions,
    steps: [`Put authentication in front of ${asset.id}: today anyone who reaches it on the ${WHERE[asset.exposure]} has it.`],
  };
}

/**
 * The open assets' items folded into the plan: where the findings' own actions already propose the same control for
 * the same team on that asset, one item says both (the larger of the two gains, as they overlap, and the step).
 */
export function withAuthenticationItems(plan: readonly PlanItem[], open: readonly PlanItem[]): PlanItem[] {
  const merged = plan.map((item) => ({ ...item }));
  for (const item of open) {
    const same = merged.find((p) => p.action === item.action && p.control === item.control && item.assets.every((a) => p.assets.includes(a)) && item.owners.every((o) => p.owners.includes(o)));
    if (!same) {
      merged.push(item);
      continue;
    }
    same.riskRemoved = Math.max(same.riskRemoved, item.riskRemoved);
    same.steps = [...(same.steps ?? []), ...(item.steps ?? [])];
    if (item.due < same.due) same.due = item.due;
  }
  return merged;
}
