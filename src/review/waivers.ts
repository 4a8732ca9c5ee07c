import { isTechniqueId } from '../atlas/ids.ts';
import { AssetId } from '../inventory/schema.ts';

/** Accepted risk on one finding (`assetId/techniqueId`), with who approved it, why, and until when. */
export interface Waiver {
  id: number;
  /** The organisation whose finding it waives; undefined for a waiver recorded before organisations that no organisation could be given. */
  organisation?: string | undefined;
  findingId: string;
  justification: string;
  approver: string;
  /** Last day the waiver counts (YYYY-MM-DD, inclusive). */
  expires: string;
  createdAt: string;
  createdBy: string;
}

export interface AppliedWaivers {
  /** Finding id → the waiver that accepts its risk today (the one lasting longest). */
  active: Map<string, Waiver>;
  /** Waivers on this review's findings that have run out, for findings no other waiver covers: they no longer count. */
  expired: Waiver[];
  /** Waivers whose finding is not in this review (resolved, no longer applicable, or mistyped). */
  unmatched: Waiver[];
}

/** Which waivers count on `today` (YYYY-MM-DD) for these findings. Waivers expire in real time, not review time. */
export function applyWaivers(findingIds: Iterable<string>, waivers: readonly Waiver[], today: string): AppliedWaivers {
  // The waived ids that are findings, found by one walk of the findings: a set of every finding id would cost
  // 2.7 million strings at 100,000 assets, for the few dozen waivers an organisation holds.
  const waived = new Set(waivers.map((w) => w.findingId));
  const ids = new Set<string>();
  for (const id of findingIds) if (waived.has(id)) ids.add(id);
  const active = new Map<string, Waiver>();
  const lapsed = new Map<string, Waiver>();
  const unmatched: Waiver[] = [];
  for (const waiver of waivers) {
    if (!ids.has(waiver.findingId)) {
      unmatched.push(waiver);
      continue;
    }
    const bucket = waiver.expires >= today ? active : lapsed;
    const current = bucket.get(waiver.findingId);
    if (!current || waiver.expires > current.expires) bucket.set(waiver.findingId, waiver);
  }
  const expired = [...lapsed.values()].filter((w) => !active.has(w.findingId)).sort((a, b) => a.findingId.localeCompare(b.findingId));
  return { active, expired, unmatched };
}

/** Why a finding id is not `assetId/techniqueId`, or undefined when it is. */
export function findingIdProblem(id: string): string | undefined {
  const slash = id.lastIndexOf('/');
  if (slash < 0) return 'a finding id is assetId/techniqueId, e.g. fraud-model/AML.T0043';
  const asset = id.slice(0, slash);
  const technique = id.slice(slash + 1);
  if (!AssetId.safeParse(asset).success) return `"${asset}" is not an asset id (lower-case letters, digits, ".", "_" and "-")`;
  if (!isTechniqueId(technique)) return `"${technique}" is not an ATLAS technique id (e.g. AML.T0043 or AML.T0043.001)`;
  return undefined;
}

export function today(clock: () => Date = () => new Date()): string {
  return clock().toISOString().slice(0, 10);
}
