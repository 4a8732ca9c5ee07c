import type { VersionOrder } from '../versions.ts';
import type { OsvAdvisory, OsvRange } from './schema.ts';

/** How an installed version stands against one advisory's affected entries for its package. */
export interface Match {
  affected: boolean;
  /** The lowest fixed version above the installed one, when the advisory names one. */
  fixed?: string;
  /** The last affected version, when the advisory gives that instead of a fix. */
  lastAffected?: string;
  /** Range bounds this order could not read (e.g. a non-PEP 440 string): said, never guessed. */
  unreadable: string[];
}

/**
 * OSV's evaluation (ossf.github.io/osv-schema, "Evaluation"): a version is affected when it is listed in
 * `versions`, or when, in some ECOSYSTEM or SEMVER range, the last event at or below it is an `introduced`
 * (a `fixed` at or below it, or a `last_affected` below it, closes the range). GIT ranges need commit
 * history and are left to the listed versions.
 */
export function matchAdvisory(advisory: OsvAdvisory, packageKeyOf: (ecosystem: string, name: string) => string, key: string, version: string, order: VersionOrder): Match {
  const result: Match = { affected: false, unreadable: [] };
  const fixes: string[] = [];
  for (const affected of advisory.affected) {
    if (!affected.package || packageKeyOf(affected.package.ecosystem, affected.package.name) !== key) continue;
    if (listedIdentities(affected, order).has(order.identity(version))) result.affected = true;
    for (const range of affected.ranges) {
      if (range.type !== 'ECOSYSTEM' && range.type !== 'SEMVER') continue;
      const verdict = inRange(range, version, order, result.unreadable);
      if (verdict.affected) result.affected = true;
      if (verdict.fixed) fixes.push(verdict.fixed);
      if (verdict.lastAffected) result.lastAffected = verdict.lastAffected;
    }
  }
  const fixed = fixes.sort((a, b) => order.compare(a, b))[0];
  if (result.affected && fixed) result.fixed = fixed;
  return result;
}

const listed = new WeakMap<object, Set<string>>();

/** The identities of an affected entry's listed versions, computed once per entry. */
function listedIdentities(affected: OsvAdvisory['affected'][number], order: VersionOrder): Set<string> {
  let set = listed.get(affected);
  if (!set) {
    set = new Set(affected.versions.map((v) => order.identity(v)));
    listed.set(affected, set);
  }
  return set;
}

function inRange(range: OsvRange, version: string, order: VersionOrder, unreadable: string[]): { affected: boolean; fixed?: string; lastAffected?: string } {
  const events = range.events
    .map((event) => {
      const [kind, bound] = Object.entries(event).find(([k, v]) => typeof v === 'string' && ['introduced', 'fixed', 'last_affected', 'limit'].includes(k)) ?? [];
      return kind && typeof bound === 'string' ? { kind, bound } : undefined;
    })
    .filter((e): e is { kind: string; bound: string } => e !== undefined)
    .filter((e) => {
      if (e.bound === '0' || order.valid(e.bound)) return true;
      unreadable.push(`${e.kind} ${e.bound}`);
      return false;
    });
  const below = (bound: string): number => (bound === '0' ? -1 : order.compare(bound, version));
  events.sort((a, b) => (a.bound === '0' ? -1 : b.bound === '0' ? 1 : order.compare(a.bound, b.bound)));
  let affected = false;
  let lastAffected: string | undefined;
  for (const event of events) {
    const cmp = below(event.bound); // bound vs installed
    if (event.kind === 'introduced' && cmp <= 0) affected = true;
    else if (event.kind === 'fixed' && cmp <= 0) affected = false;
    else if (event.kind === 'last_affected' && cmp < 0) affected = false;
    else if (event.kind === 'limit' && cmp <= 0) affected = false;
    if (event.kind === 'last_affected' && cmp >= 0) lastAffected ??= event.bound;
  }
  const fixed = affected ? events.find((e) => e.kind === 'fixed' && below(e.bound) > 0)?.bound : undefined;
  return { affected, ...(fixed ? { fixed } : {}), ...(affected && lastAffected ? { lastAffected } : {}) };
}
