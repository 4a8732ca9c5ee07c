import type { Atlas } from './atlas.ts';

export interface Renamed {
  id: string;
  from: string;
  to: string;
}

export interface CollectionDiff {
  added: string[];
  removed: string[];
  renamed: Renamed[];
  /** Names of the added and removed ids (each from the release that has it), so output can print them. */
  names: Record<string, string>;
}

/** A technique in both releases whose tactics differ (a sub-technique's are its parent's when it states none). */
export interface TacticMove {
  id: string;
  name: string;
  from: string[];
  to: string[];
  /** Tactics it joined and left. */
  added: string[];
  removed: string[];
}

export interface AtlasDiff {
  from: string;
  to: string;
  tactics: CollectionDiff;
  techniques: CollectionDiff & { maturityChanged: { id: string; from: string | null; to: string | null }[]; tacticsChanged: TacticMove[] };
  mitigations: CollectionDiff & {
    /** Mitigations present in both releases whose addressed techniques changed. */
    mappingChanged: { id: string; added: string[]; removed: string[] }[];
  };
  caseStudies: CollectionDiff;
  /** Tactic names from both releases, for printing moves. */
  tacticNames: Record<string, string>;
}

/** What changed between two ATLAS releases. Pure. */
export function diffAtlas(older: Atlas, newer: Atlas): AtlasDiff {
  const techniques = diffNamed(older.techniques, newer.techniques);
  const maturityChanged = [...newer.techniques.values()]
    .map((t) => ({ id: t.id as string, from: older.techniques.get(t.id)?.maturity ?? null, to: t.maturity ?? null, existed: older.techniques.has(t.id) }))
    .filter((c) => c.existed && c.from !== c.to)
    .map(({ id, from, to }) => ({ id, from, to }));

  const tacticsChanged: TacticMove[] = [];
  for (const t of newer.techniques.values()) {
    const before = older.techniques.get(t.id);
    if (!before) continue;
    const added = t.tactics.filter((x) => !before.tactics.includes(x));
    const removed = before.tactics.filter((x) => !t.tactics.includes(x));
    if (added.length > 0 || removed.length > 0) tacticsChanged.push({ id: t.id, name: t.name, from: [...before.tactics], to: [...t.tactics], added, removed });
  }
  tacticsChanged.sort((a, b) => a.id.localeCompare(b.id));

  const mappingChanged = [];
  for (const mitigation of newer.mitigations.values()) {
    const before = older.mitigations.get(mitigation.id);
    if (!before) continue;
    const was = new Set<string>(before.addresses.map((a) => a.technique));
    const now = new Set<string>(mitigation.addresses.map((a) => a.technique));
    const added = [...now].filter((id) => !was.has(id)).sort();
    const removed = [...was].filter((id) => !now.has(id)).sort();
    if (added.length > 0 || removed.length > 0) mappingChanged.push({ id: mitigation.id as string, added, removed });
  }

  return {
    from: older.version,
    to: newer.version,
    tactics: diffNamed(new Map(older.tactics.map((t) => [t.id, t])), new Map(newer.tactics.map((t) => [t.id, t]))),
    techniques: { ...techniques, maturityChanged, tacticsChanged },
    mitigations: { ...diffNamed(older.mitigations, newer.mitigations), mappingChanged: mappingChanged.sort((a, b) => a.id.localeCompare(b.id)) },
    tacticNames: Object.fromEntries([...older.tactics, ...newer.tactics].map((t) => [t.id, t.name])),
    caseStudies: diffNamed(older.caseStudies, newer.caseStudies),
  };
}

function diffNamed(older: ReadonlyMap<string, { name: string }>, newer: ReadonlyMap<string, { name: string }>): CollectionDiff {
  const added = [...newer.keys()].filter((id) => !older.has(id)).sort();
  const removed = [...older.keys()].filter((id) => !newer.has(id)).sort();
  const renamed = [...newer.entries()]
    .flatMap(([id, item]) => {
      const before = older.get(id);
      return before && before.name !== item.name ? [{ id, from: before.name, to: item.name }] : [];
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const names = Object.fromEntries([...added.map((id) => [id, newer.get(id)?.name ?? '']), ...removed.map((id) => [id, older.get(id)?.name ?? ''])]);
  return { added, removed, renamed, names };
}
