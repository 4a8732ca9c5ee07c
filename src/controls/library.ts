import { fileURLToPath } from 'node:url';
import type { Atlas } from '../atlas/atlas.ts';
import type { MitigationId, TechniqueId } from '../atlas/ids.ts';
import type { Access } from '../assess/applicability-schema.ts';
import { inputError } from '../errors.ts';
import type { Asset } from '../inventory/asset.ts';
import { KINDS, type Attribute } from '../inventory/vocabulary.ts';
import { readSourceFile, whereIn, type SourceFile } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';
import { ControlLibrary, type Control, type ControlEffect, type ControlType } from './schema.ts';

/** The control library shipped with Rampart. */
export const BUNDLED_CONTROLS_FILE = fileURLToPath(new URL('../../data/controls.yaml', import.meta.url));

/**
 * Read a control library and check it against one ATLAS release. References are checked here rather than
 * in the schema because the same file may be read against another release, which may drop or rename ids.
 */
export async function loadControlLibrary(atlas: Atlas, file: string = BUNDLED_CONTROLS_FILE): Promise<ReadonlyMap<string, Control>> {
  const source = await readSourceFile(file, 'control library');
  const library = parseWith(
    ControlLibrary,
    source,
    'not a control library',
    'each control needs id, title, type, description, mitigations, techniques, elements, questions and evidence (see data/controls.yaml)',
  );
  const controls = new Map<string, Control>();
  library.controls.forEach((control, i) => {
    if (controls.has(control.id)) {
      throw inputError(`control id "${control.id}" is used twice`, whereIn(source, ['controls', i, 'id']), 'give each control its own id');
    }
    checkReferences(control, i, atlas, source);
    controls.set(control.id, control);
  });
  return controls;
}

function checkReferences(control: Control, i: number, atlas: Atlas, source: SourceFile): void {
  const hint = `use ids defined by ATLAS ${atlas.version} (rampart atlas show <id>)`;
  control.mitigations.forEach((id, j) => {
    if (!atlas.mitigations.has(id as MitigationId)) {
      throw inputError(`control "${control.id}" names mitigation ${id}, which ATLAS ${atlas.version} does not define`, whereIn(source, ['controls', i, 'mitigations', j]), hint);
    }
  });
  control.techniques.forEach((id, j) => {
    if (!atlas.techniques.has(id as TechniqueId)) {
      throw inputError(`control "${control.id}" names technique ${id}, which ATLAS ${atlas.version} does not define`, whereIn(source, ['controls', i, 'techniques', j]), hint);
    }
  });
  control.beyondAtlas.forEach(({ technique }, j) => {
    if (!atlas.techniques.has(technique as TechniqueId)) {
      throw inputError(`control "${control.id}" names technique ${technique}, which ATLAS ${atlas.version} does not define`, whereIn(source, ['controls', i, 'beyondAtlas', j, 'technique']), hint);
    }
  });
  Object.keys(control.effects).forEach((id) => {
    if (!coversTechnique(control, id as TechniqueId)) {
      throw inputError(`control "${control.id}" declares an effect on ${id}, which it does not list under techniques or beyondAtlas`, whereIn(source, ['controls', i, 'effects', id]), 'list the technique, or remove the effect');
    }
  });
  // A requirement on an element the control is not applied to would never be read.
  Object.keys(control.requires).forEach((element) => {
    if (!control.elements.includes(element as Control['elements'][number])) {
      throw inputError(`control "${control.id}" requires relations of ${element} assets, but is not applied to ${element}`, whereIn(source, ['controls', i, 'requires', element]), 'add the element to elements, or remove the requirement');
    }
  });
  // A kind outside the listed elements would make the control silently apply nowhere.
  const allowed = new Set<string>(control.elements.flatMap((element) => KINDS[element]));
  control.kinds?.forEach((kind, j) => {
    if (!allowed.has(kind)) {
      throw inputError(
        `control "${control.id}" names kind "${kind}", which is not a kind of ${control.elements.join(' or ')}`,
        whereIn(source, ['controls', i, 'kinds', j]),
        'add the element the kind belongs to, or remove the kind',
      );
    }
  });
}

/**
 * True when the control lists the technique itself. A parent does not stand for its sub-techniques: each
 * sub-technique needs another kind of access (weights, queries, nothing at all), so the data names it.
 */
export function coversTechnique(control: Pick<Control, 'techniques' | 'beyondAtlas'>, techniqueId: TechniqueId): boolean {
  return control.techniques.includes(techniqueId) || control.beyondAtlas.some((b) => b.technique === techniqueId);
}

const EFFECT_OF_TYPE: Record<ControlType, ControlEffect> = { preventive: 'prevents', detective: 'detects', corrective: 'corrects' };

/** How the control acts on a technique: as declared for it, else as its type says. Logging detects; it never prevents. */
export function effectOn(control: Pick<Control, 'type' | 'effects'>, techniqueId: TechniqueId): ControlEffect {
  return control.effects[techniqueId] ?? EFFECT_OF_TYPE[control.type];
}

/** Whether the control blocks the access path a technique needs; a control without `paths` blocks every path. */
export function blocksPath(control: Pick<Control, 'paths'>, access: Access): boolean {
  return !control.paths || control.paths.includes(access);
}

/**
 * Whether the control is applied on an asset at all: its element and kind, the relations the control `requires`
 * there (registry access control on a model only if the model is `storedIn` a registry), and none of the attributes it
 * `excludes` (no file scanning on a vendor-hosted model).
 */
export function appliesToAsset(control: Pick<Control, 'elements' | 'kinds' | 'requires'> & { excludes?: readonly Attribute[] }, asset: Pick<Asset, 'element' | 'kind' | 'relations'> & { attributes?: ReadonlySet<Attribute> }): boolean {
  if (!control.elements.includes(asset.element) || (control.kinds && !control.kinds.some((k) => k === asset.kind))) return false;
  if (control.excludes?.some((a) => asset.attributes?.has(a))) return false;
  return (control.requires[asset.element] ?? []).every((relation) => (asset.relations[relation]?.length ?? 0) > 0);
}

/** The relations and attributes an asset holds, for memo keys of where controls apply (`requires` and `excludes` read them). */
export function heldRelations(asset: Pick<Asset, 'relations' | 'attributes'>): string {
  const relations = Object.entries(asset.relations)
    .filter(([, ids]) => (ids?.length ?? 0) > 0)
    .map(([relation]) => relation)
    .sort()
    .join(',');
  return `${relations}|${[...asset.attributes].sort().join(',')}`;
}
