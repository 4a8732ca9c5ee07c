import { fileURLToPath } from 'node:url';
import type { Atlas } from '../atlas/atlas.ts';
import { parentTechnique, type MitigationId, type TechniqueId } from '../atlas/ids.ts';
import { inputError } from '../errors.ts';
import { KINDS } from '../inventory/vocabulary.ts';
import { readSourceFile, whereIn, type SourceFile } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';
import { ControlLibrary, type Control } from './schema.ts';

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

/** True when the control lists the technique itself or its parent (a parent covers its sub-techniques). */
export function coversTechnique(control: Pick<Control, 'techniques' | 'beyondAtlas'>, techniqueId: TechniqueId): boolean {
  const parent = parentTechnique(techniqueId);
  return control.techniques.includes(techniqueId) || control.techniques.includes(parent) || control.beyondAtlas.some((b) => b.technique === techniqueId || b.technique === parent);
}
