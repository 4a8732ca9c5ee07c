import type { CaseStudyId, MitigationId, TacticId, TechniqueId } from './ids.ts';
import { parentTechnique } from './ids.ts';
import type { AtlasRelease, Maturity } from './schema.ts';

export interface Tactic {
  id: TacticId;
  name: string;
  description: string;
}

export interface Technique {
  id: TechniqueId;
  name: string;
  description: string;
  /** Tactics of the technique; a sub-technique inherits its parent's. */
  tactics: TacticId[];
  parent: TechniqueId | undefined;
  subtechniques: TechniqueId[];
  maturity: Maturity | undefined;
  /** Case studies whose procedure uses this technique itself. */
  caseStudies: CaseStudyId[];
  /** Mitigations that address this technique itself. */
  mitigations: MitigationId[];
}

export interface MitigationUse {
  technique: TechniqueId;
  use: string;
}

export interface Mitigation {
  id: MitigationId;
  name: string;
  description: string;
  categories: string[];
  lifecycle: string[];
  addresses: MitigationUse[];
}

export interface CaseStudy {
  id: CaseStudyId;
  name: string;
  type: 'incident' | 'exercise' | undefined;
  incidentDate: string | undefined;
  steps: { tactic: TacticId; technique: TechniqueId; description: string }[];
}

/** A parsed, indexed ATLAS release. Pure data plus look-ups; no I/O. */
export interface Atlas {
  version: string;
  /** Tactics in matrix order. */
  tactics: Tactic[];
  techniques: ReadonlyMap<TechniqueId, Technique>;
  mitigations: ReadonlyMap<MitigationId, Mitigation>;
  caseStudies: ReadonlyMap<CaseStudyId, CaseStudy>;
  /** References to ids the release does not define (kept, not fatal: releases have shipped with them). */
  warnings: string[];
}

export function buildAtlas(release: AtlasRelease): Atlas {
  const warnings: string[] = [];
  const tactics = new Map<TacticId, Tactic>();
  const techniques = new Map<TechniqueId, Technique>();
  const mitigations = new Map<MitigationId, Mitigation>();
  const caseStudies = new Map<CaseStudyId, CaseStudy>();

  const matrixMitigations = release.matrices.flatMap((m) => m.mitigations);
  for (const matrix of release.matrices) {
    for (const t of matrix.tactics) {
      if (!tactics.has(t.id as TacticId)) tactics.set(t.id as TacticId, { id: t.id as TacticId, name: t.name, description: t.description });
    }
    for (const t of matrix.techniques) {
      const id = t.id as TechniqueId;
      techniques.set(id, {
        id,
        name: t.name,
        description: t.description,
        tactics: (t.tactics ?? []) as TacticId[],
        parent: t['subtechnique-of'] as TechniqueId | undefined,
        subtechniques: [],
        maturity: t.maturity,
        caseStudies: [],
        mitigations: [],
      });
    }
  }

  for (const technique of techniques.values()) {
    if (!technique.parent) continue;
    const parent = techniques.get(technique.parent);
    if (!parent) {
      warnings.push(`${technique.id} is a sub-technique of ${technique.parent}, which this release does not define`);
      continue;
    }
    parent.subtechniques.push(technique.id);
    if (technique.tactics.length === 0) technique.tactics = [...parent.tactics];
  }
  for (const technique of techniques.values()) {
    for (const tactic of technique.tactics) {
      if (!tactics.has(tactic)) warnings.push(`${technique.id} names tactic ${tactic}, which this release does not define`);
    }
  }

  for (const m of [...matrixMitigations, ...(release.mitigations ?? [])]) {
    const id = m.id as MitigationId;
    const addresses: MitigationUse[] = m.techniques.map((entry) =>
      typeof entry === 'string' ? { technique: entry as TechniqueId, use: '' } : { technique: entry.id as TechniqueId, use: entry.use.trim() },
    );
    mitigations.set(id, { id, name: m.name, description: m.description, categories: strings(m.category), lifecycle: strings(m['ml-lifecycle']), addresses });
    for (const { technique } of addresses) {
      const target = techniques.get(technique);
      if (target) target.mitigations.push(id);
      else warnings.push(`${id} addresses ${technique}, which this release does not define`);
    }
  }

  for (const cs of release['case-studies']) {
    const id = cs.id as CaseStudyId;
    const date = cs['incident-date'];
    caseStudies.set(id, {
      id,
      name: cs.name,
      type: cs['case-study-type'],
      incidentDate: date instanceof Date ? date.toISOString().slice(0, 10) : date,
      steps: cs.procedure.map((s) => ({ tactic: s.tactic as TacticId, technique: s.technique as TechniqueId, description: s.description })),
    });
    for (const techniqueId of new Set(cs.procedure.map((s) => s.technique as TechniqueId))) {
      const target = techniques.get(techniqueId);
      if (target) target.caseStudies.push(id);
      else warnings.push(`${id} uses ${techniqueId}, which this release does not define`);
    }
  }

  return { version: release.version, tactics: [...tactics.values()], techniques, mitigations, caseStudies, warnings };
}

/** Case studies that used the technique or any of its sub-techniques (each counted once). */
export function caseStudiesOf(atlas: Atlas, id: TechniqueId): CaseStudyId[] {
  const technique = atlas.techniques.get(id);
  if (!technique) return [];
  const all = new Set(technique.caseStudies);
  for (const sub of technique.subtechniques) for (const cs of atlas.techniques.get(sub)?.caseStudies ?? []) all.add(cs);
  return [...all];
}

/** Mitigations addressing the technique, or its parent when the release maps only the parent. */
export function mitigationsOf(atlas: Atlas, id: TechniqueId): MitigationId[] {
  const own = atlas.techniques.get(id)?.mitigations ?? [];
  if (own.length > 0) return own;
  const parent = parentTechnique(id);
  return parent === id ? [] : (atlas.techniques.get(parent)?.mitigations ?? []);
}

export function techniquesOfTactic(atlas: Atlas, tactic: TacticId): Technique[] {
  return [...atlas.techniques.values()].filter((t) => t.tactics.includes(tactic));
}

function strings(values: unknown[] | undefined): string[] {
  return (values ?? []).filter((v): v is string => typeof v === 'string');
}
