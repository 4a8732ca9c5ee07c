import { fileURLToPath } from 'node:url';
import type { TechniqueId } from '../atlas/ids.ts';
import { inputError } from '../errors.ts';
import type { Asset } from '../inventory/asset.ts';
import { KINDS } from '../inventory/vocabulary.ts';
import { readSourceFile, whereIn } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';
import { ApplicabilityData, type ApplicabilityEntry, type ApplicabilityRule } from './applicability-schema.ts';

/** The reviewed applicability data shipped with Rampart, written against the bundled ATLAS release. */
export const BUNDLED_APPLICABILITY_FILE = fileURLToPath(new URL('../../data/applicability.yaml', import.meta.url));

export interface Applicability {
  /** The ATLAS release the entries were reviewed against. */
  atlasVersion: string;
  entries: ReadonlyMap<TechniqueId, ApplicabilityEntry>;
}

const HINT = 'fix the entry in the applicability file (see data/applicability.yaml and src/assess/applicability-schema.ts)';

export async function loadApplicability(file: string = BUNDLED_APPLICABILITY_FILE): Promise<Applicability> {
  const source = await readSourceFile(file, 'applicability data');
  const data = parseWith(ApplicabilityData, source, 'invalid applicability data', HINT);
  const entries = new Map<TechniqueId, ApplicabilityEntry>();
  data.entries.forEach((entry, i) => {
    const id = entry.technique as TechniqueId;
    // A second entry would silently win over the first; a reviewer must pick one.
    if (entries.has(id)) throw inputError(`technique ${id} has more than one entry`, whereIn(source, ['entries', i, 'technique']), HINT);
    entry.appliesTo.forEach((rule, r) => {
      const allowed: readonly string[] = KINDS[rule.element];
      const stray = rule.kinds?.find((k) => !allowed.includes(k));
      // The schema accepts any kind; one of another element would make the rule silently match nothing.
      if (stray) throw inputError(`kind "${stray}" is not a kind of ${rule.element}`, whereIn(source, ['entries', i, 'appliesTo', r, 'kinds']), HINT);
    });
    entries.set(id, entry);
  });
  return { atlasVersion: data.atlasVersion, entries };
}

/** The first rule of the entry that the asset satisfies, or undefined when the technique does not apply to it. */
export function matchingRule(entry: ApplicabilityEntry, asset: Asset): ApplicabilityRule | undefined {
  return entry.appliesTo.find((rule) => matches(rule, asset));
}

function matches(rule: ApplicabilityRule, asset: Asset): boolean {
  return (
    rule.element === asset.element &&
    (!rule.kinds || rule.kinds.includes(asset.kind)) &&
    (rule.requires ?? []).every((a) => asset.attributes.has(a)) &&
    (!rule.requiresAny || rule.requiresAny.some((a) => asset.attributes.has(a))) &&
    (rule.excludes ?? []).every((a) => !asset.attributes.has(a)) &&
    (!rule.exposure || rule.exposure.includes(asset.exposure))
  );
}
