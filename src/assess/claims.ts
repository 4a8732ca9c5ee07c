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
 * Controls that rest on a login in front of the asset: authentication itself, least-privilege access, which needs
 * identities to grant privileges to (registry roles on a server with no login are roles nobody has to hold), and what
 * watches or revokes identities (a SOC's account-takeover rules see nothing where nobody signs in).
 */
const LOGIN_CONTROLS: readonly string[] = ['ml-platform-mfa', 'model-api-authentication', 'model-registry-access-control', 'identity-threat-detection', 'api-credential-revocation'];

/** Controls that guard people's sign-ins: a static API key accepted on the asset or one of its endpoints goes around them. */
const PEOPLE_LOGIN_CONTROLS: readonly string[] = ['ml-platform-mfa'];

/** Why a counting verdict on a login control is contradicted by what the inventory records of its holder, if it is. */
function contradiction(judged: ClaimVerdict, holder: Asset | undefined): string | undefined {
  if (judged.effect !== 'counts' || !holder) return undefined;
  if (holder.authentication === 'none' && LOGIN_CONTROLS.includes(judged.control.id)) return `claimed, but the inventory records ${holder.id} without authentication`;
  if (!PEOPLE_LOGIN_CONTROLS.includes(judged.control.id)) return undefined;
  const keyed = holder.authentication === 'api-key' ? holder.id : holder.endpoints.find((e) => e.authentication === 'api-key')?.url;
  return keyed === undefined ? undefined : `claimed, but ${keyed} takes a static API key, which ${judged.control.id} does not guard`;
}

/**
 * Across `servedBy` or `storedIn`, a claim protects the asset only if every platform on that relation has the control:
 * a model served by staging and production is queried through production too, and a rate limit on staging does not
 * slow that. The related assets no claim of the control covers.
 */
function uncoveredPaths(asset: Asset, relation: Relation, control: Control, claims: readonly Claim[], assets: ReadonlyMap<string, Asset>): string[] {
  const same = claims.filter((c) => c.control === control.id);
  return (asset.relations[relation] ?? []).filter((id) => {
    const related = assets.get(id);
    return related !== undefined && !same.some((c) => claimCovers(c, control, related));
  });
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
      const against = contradiction(judged, asset);
      verdicts.push(against ? { ...judged, effect: 'unproven', reason: against } : judged);
      continue;
    }
    const via = claimCarriedTo(claim, control, asset, assets);
    if (!via) continue;
    const judged = judgeClaim(claim, control, reviewDate, windowDays);
    // What the related asset does not have, it cannot pass on: access control on a registry nobody logs in to. Nor does
    // it protect the paths through the asset's other platforms.
    const open = judged.effect === 'counts' ? uncoveredPaths(asset, via.relation, control, claims, assets) : [];
    const against = contradiction(judged, assets.get(via.asset)) ?? (open.length > 0 ? `claimed there, but ${asset.id} is also ${via.relation} ${open.join(', ')}, which no ${control.id} claim covers` : undefined);
    verdicts.push({ ...judged, ...(against ? { effect: 'unproven' as const } : {}), via, reason: `inherited from ${via.asset} via ${via.relation}: ${against ?? judged.reason}` });
  }
  return verdicts;
}
