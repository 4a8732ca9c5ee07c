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
}

export interface AtlasDiff {
  from: string;
  to: string;
  tactics: CollectionDiff;
  techniques: CollectionDiff & { maturityChanged: { id: string; from: string | null; to: string | null }[] };
  mitigations: CollectionDiff & {
    /** Mitigations present in both releases whose addressed techniques changed. */
    mappingChanged: { id: string; added: string[]; removed: string[] }[];
  };
  caseStudies: { added: string[]; removed: string[] };
}

/** What changed between two ATLAS releases. Pure. */
export function diffAtlas(older: Atlas, newer: Atlas): AtlasDiff {
  const techniques = diffNamed(older.techniques, newer.techniques);
  const maturityChanged = [...newer.techniques.values()]
    .map((t) => ({ id: t.id as string, from: older.techniques.get(t.id)?.maturity ?? null, to: t.maturity ?? null, existed: older.techniques.has(t.id) }))
    .filter((c) => c.existed && c.from !== c.to)
    .map(({ id, from, to }) => ({ id, from, to }));

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

  const oldCases = new Set<string>(older.caseStudies.keys());
  const newCases = new Set<string>(newer.caseStudies.keys());
  return {
    from: older.version,
    to: newer.version,
    tactics: diffNamed(new Map(older.tactics.map((t) => [t.id, t])), new Map(newer.tactics.map((t) => [t.id, t]))),
    techniques: { ...techniques, maturityChanged },
    mitigations: { ...diffNamed(older.mitigations, newer.mitigations), mappingChanged: mappingChanged.sort((a, b) => a.id.localeCompare(b.id)) },
    caseStudies: { added: [...newCases].filter((id) => !oldCases.has(id)).sort(), removed: [...oldCases].filter((id) => !newCases.has(id)).sort() },
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
  return { added, removed, renamed };
}
