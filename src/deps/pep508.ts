import { normaliseName } from './names.ts';
import type { Dependency, Origin } from './types.ts';

/** A PEP 508 requirement, as far as matching needs it. */
export interface Requirement {
  name: string;
  /** The exact version when the specifier pins one (`==1.2.3` or `===1.2.3`, no wildcard). */
  pinned?: string;
  /** The specifier as written (`>=1.2,<2`), without spaces. */
  spec: string;
  /** Installed from a URL or path (`name @ https://…`): no version to match. */
  direct?: string;
}

// Name and extras by PEP 508; the version specifier and marker are taken as the rest, split at `;`.
const head = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/s;

/** Parses one requirement string; returns a message instead of throwing when it is not one. */
export function parseRequirement(text: string): Requirement | { problem: string } {
  const [withoutMarker = ''] = text.split(';', 1);
  const match = head.exec(withoutMarker.trim());
  if (!match) return { problem: `not a requirement: "${text.trim()}"` };
  const [, rawName = '', , rest = ''] = match;
  const name = normaliseName('PyPI', rawName);
  const tail = rest.trim();
  if (tail.startsWith('@')) return { name, spec: '', direct: tail.slice(1).trim() };
  const spec = tail.replace(/^\((.*)\)$/s, '$1').replace(/\s+/g, '');
  if (spec !== '' && !/^(?:(?:===|==|!=|~=|>=|<=|>|<)[A-Za-z0-9.*+!_-]+)(?:,(?:===|==|!=|~=|>=|<=|>|<)[A-Za-z0-9.*+!_-]+)*$/.test(spec)) {
    return { problem: `"${text.trim()}": version specifier "${tail}" is not PEP 440` };
  }
  const exact = /^(?:===|==)([^,*]+)$/.exec(spec);
  return exact?.[1] ? { name, spec, pinned: exact[1] } : { name, spec };
}

/** A parsed requirement as a dependency: pinned versions are matched, the rest kept as a specifier. */
export function dependencyOf(requirement: Requirement, origin: Origin): Dependency {
  return {
    ecosystem: 'PyPI',
    name: requirement.name,
    ...(requirement.pinned ? { version: requirement.pinned } : {}),
    spec: requirement.direct ? `@ ${requirement.direct}` : requirement.spec,
    origin,
  };
}
