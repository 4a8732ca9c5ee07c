import type { Control } from '../controls/schema.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Claim } from '../inventory/load.ts';

export type ClaimEffect = 'counts' | 'unproven' | 'not-in-place';

export interface ClaimVerdict {
  claim: Claim;
  control: Control;
  effect: ClaimEffect;
  /** Why, in words a reviewer reads. */
  reason: string;
}

const DAY = 86_400_000;

/** Does the claim's scope include the asset? Explicit ids always do; broad scopes respect where the control applies. */
export function claimCovers(claim: Claim, control: Control, asset: Asset): boolean {
  const { scope } = claim;
  if (Array.isArray(scope)) return scope.includes(asset.id);
  if (scope !== 'all' && scope.assets?.includes(asset.id)) return true;
  if (!control.elements.includes(asset.element)) return false;
  if (control.kinds && !control.kinds.some((k) => k === asset.kind)) return false;
  if (scope === 'all') return true;
  const criteria = [scope.elements, scope.kinds, scope.tags].filter((c) => c !== undefined);
  if (criteria.length === 0) return false;
  return (
    (!scope.elements || scope.elements.includes(asset.element)) &&
    (!scope.kinds || scope.kinds.some((k) => k === asset.kind)) &&
    (!scope.tags || scope.tags.some((t) => asset.tags.includes(t)))
  );
}

/**
 * Whether a claim counts as coverage: implemented, with evidence, verified within the window before the
 * review. Anything less is a claim a reviewer cannot rely on yet.
 */
export function judgeClaim(claim: Claim, control: Control, reviewDate: Date, windowDays: number): ClaimVerdict {
  const verdict = (effect: ClaimEffect, reason: string): ClaimVerdict => ({ claim, control, effect, reason });
  if (claim.status === 'planned') return verdict('not-in-place', 'planned, not in place');
  if (claim.status === 'partial') return verdict('unproven', 'only partially implemented');
  if (claim.evidence.length === 0) return verdict('unproven', 'implemented, but no evidence on record');
  if (!claim.lastVerified) return verdict('unproven', 'evidence on record, but never verified');
  const age = Math.floor((reviewDate.getTime() - Date.parse(claim.lastVerified)) / DAY);
  if (age > windowDays) return verdict('unproven', `last verified ${claim.lastVerified}, ${age} days before the review (window ${windowDays})`);
  return verdict('counts', `implemented, evidence on record, verified ${claim.lastVerified}`);
}
