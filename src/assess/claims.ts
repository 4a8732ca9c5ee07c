import { appliesToAsset } from '../controls/library.ts';
import type { Control } from '../controls/schema.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Claim } from '../inventory/load.ts';
import type { Relation } from '../inventory/vocabulary.ts';

export type ClaimEffect = 'counts' | 'unproven' | 'not-in-place';

export interface ClaimVerdict {
  claim: Claim;
  control: Control;
  effect: ClaimEffect;
  /** Why, in words a reviewer reads. */
  reason: string;
  /** Set when the claim holds on a related asset and protects this one across the relation. */
  via?: { asset: string; relation: Relation };
}

const DAY = 86_400_000;

/**
 * Controls that rest on a login in front of the asset: authentication itself, and least-privilege access, which
 * needs identities to grant privileges to (registry roles on a server with no login are roles nobody has to hold).
 */
const LOGIN_CONTROLS: readonly string[] = ['ml-platform-mfa', 'model-api-authentication', 'model-registry-access-control'];

/** A counting verdict on a login control held by an asset the inventory records as open is contradicted. */
function contradicted(judged: ClaimVerdict, holder: Asset | undefined): boolean {
  return judged.effect === 'counts' && holder?.authentication === 'none' && LOGIN_CONTROLS.includes(judged.control.id);
}

/** Does the claim's scope include the asset? Explicit ids always do; broad scopes respect where the control applies. */
export function claimCovers(claim: Claim, control: Control, asset: Asset): boolean {
  const { scope } = claim;
  if (Array.isArray(scope)) return scope.includes(asset.id);
  if (scope !== 'all' && scope.assets?.includes(asset.id)) return true;
  if (!appliesToAsset(control, asset)) return false;
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
 * The related asset through which a claim protects this one: the control lists the relation under
 * `carriesVia` (registry access control across `storedIn`), the claim covers the related asset, and the
 * control is one that applies to this asset at all.
 */
export function claimCarriedTo(claim: Claim, control: Control, asset: Asset, assets: ReadonlyMap<string, Asset>): { asset: string; relation: Relation } | undefined {
  if (!appliesToAsset(control, asset)) return undefined;
  for (const relation of control.carriesVia) {
    for (const id of asset.relations[relation] ?? []) {
      const related = assets.get(id);
      if (related && claimCovers(claim, control, related)) return { asset: id, relation };
    }
  }
  return undefined;
}

/**
 * Whether a claim counts as coverage: implemented, with evidence, verified within the window before the
 * review, and neither begun nor verified after the review date (a review of a past day credits only what
 * held then).
 */
export function judgeClaim(claim: Claim, control: Control, reviewDate: Date, windowDays: number): ClaimVerdict {
  const verdict = (effect: ClaimEffect, reason: string): ClaimVerdict => ({ claim, control, effect, reason });
  const day = reviewDate.toISOString().slice(0, 10);
  if (claim.status === 'planned') return verdict('not-in-place', 'planned, not in place');
  if (claim.since && claim.since > day) return verdict('not-in-place', `in place only from ${claim.since}, after the review date ${day}`);
  if (claim.status === 'partial') return verdict('unproven', 'only partially implemented');
  if (claim.evidence.length === 0) return verdict('unproven', 'implemented, but no evidence on record');
  if (!claim.lastVerified) return verdict('unproven', 'evidence on record, but never verified');
  if (claim.lastVerified > day) return verdict('unproven', `verification dated ${claim.lastVerified}, after the review date ${day}, does not count`);
  const age = Math.floor((reviewDate.getTime() - Date.parse(claim.lastVerified)) / DAY);
  if (age > windowDays) return verdict('unproven', `last verified ${claim.lastVerified}, ${age} days before the review (window ${windowDays})`);
  return verdict('counts', `implemented, evidence on record, verified ${claim.lastVerified}`);
}

/** The verdicts on every claim that covers the asset, directly or across a relation its control protects. */
export function claimVerdictsFor(asset: Asset, claims: readonly Claim[], library: ReadonlyMap<string, Control>, assets: ReadonlyMap<string, Asset>, reviewDate: Date, windowDays: number): ClaimVerdict[] {
  const verdicts: ClaimVerdict[] = [];
  for (const claim of claims) {
    const control = library.get(claim.control);
    if (!control) continue;
    if (claimCovers(claim, control, asset)) {
      const judged = judgeClaim(claim, control, reviewDate, windowDays);
      // The inventory is the fresher word: a login control on an asset recorded as open is contradicted.
      verdicts.push(contradicted(judged, asset) ? { ...judged, effect: 'unproven', reason: `claimed, but the inventory records ${asset.id} without authentication` } : judged);
      continue;
    }
    const via = claimCarriedTo(claim, control, asset, assets);
    if (!via) continue;
    const judged = judgeClaim(claim, control, reviewDate, windowDays);
    // What the related asset does not have, it cannot pass on: access control on a registry nobody logs in to.
    const reason = contradicted(judged, assets.get(via.asset)) ? `claimed, but the inventory records ${via.asset} without authentication` : judged.reason;
    verdicts.push({ ...judged, ...(reason === judged.reason ? {} : { effect: 'unproven' as const }), via, reason: `inherited from ${via.asset} via ${via.relation}: ${reason}` });
  }
  return verdicts;
}
