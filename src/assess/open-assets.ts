import type { Control } from '../controls/schema.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Finding } from './finding.ts';
import { dueDate, type PlanItem } from './plan.ts';
import { levelOf } from './risk.ts';

/** The control that puts a login in front of an asset of each element. */
const AUTHENTICATION_CONTROL: Record<Asset['element'], string | undefined> = { platform: 'ml-platform-mfa', environment: 'ml-platform-mfa', model: 'model-api-authentication', data: undefined };

const WHERE: Record<Asset['exposure'], string> = { internal: 'internal network', partner: 'partner network', public: 'internet' };

/** Whether an asset is open to whoever reaches it, so that putting a login in front of it is an action of its own. */
export function isOpen(asset: Asset): boolean {
  return asset.authentication === 'none' && AUTHENTICATION_CONTROL[asset.element] !== undefined;
}

/**
 * One plan item per open asset: authenticate it. Its gain is the risk its findings lose when an adversary
 * must first get a login (each finding rescored with the asset behind SSO); it overlaps the findings' own
 * best actions, because a login is the step that makes most of them reachable at all.
 */
export function authenticationItem(asset: Asset, gain: number, findings: readonly Finding[], library: ReadonlyMap<string, Control>, reviewDate: Date): PlanItem | undefined {
  const control = library.get(AUTHENTICATION_CONTROL[asset.element] ?? '');
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
