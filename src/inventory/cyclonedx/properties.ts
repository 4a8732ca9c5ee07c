import type { z } from 'zod';
import { inputError } from '../../errors.ts';
import { type SourceFile, whereIn } from '../../util/yaml-source.ts';
import { AssetId } from '../schema.ts';
import { Attribute, Authentication, AssetKind, Criticality, DataSensitivity, Element, EndpointProtocol, Exposure, KINDS, Relation } from '../vocabulary.ts';
import type { JsonPath, Property } from './schema.ts';

/**
 * `rampart:*` properties on a component or service: what the BOM cannot say in its own terms (owner, exposure,
 * criticality …) or where our inference would guess wrong. A bad value is an input error, never a silent default,
 * because a wrong exposure or criticality changes the risk the review reports.
 */
export interface RampartProperties {
  id?: string;
  element?: Element;
  kind?: AssetKind;
  owner?: string;
  exposure?: Exposure;
  authentication?: Authentication;
  dataSensitivity?: DataSensitivity;
  criticality?: Criticality;
  protocol?: EndpointProtocol;
  attributes: Attribute[];
  /** `rampart:notAttributes`: attributes stated false, which no inference from the BOM's words may set. */
  notAttributes: Attribute[];
  relations: Partial<Record<Relation, string[]>>;
  /** Where each single-valued property sits, for messages about a combination of them. */
  at: Partial<Record<'id' | 'element' | 'kind', JsonPath>>;
  /** `rampart:ignore=true`: leave this component out, e.g. a client library whose name looks like a platform. */
  ignore: boolean;
}

const PREFIX = 'rampart:';

/** Single-valued properties and the vocabulary each takes; `undefined` means any non-empty text. */
const SINGLE = {
  id: AssetId,
  element: Element,
  kind: AssetKind,
  owner: undefined,
  exposure: Exposure,
  authentication: Authentication,
  dataSensitivity: DataSensitivity,
  criticality: Criticality,
  protocol: EndpointProtocol,
} as const satisfies Record<string, z.ZodType | undefined>;
type Single = keyof typeof SINGLE;

export const RAMPART_PROPERTIES: readonly string[] = [
  ...Object.keys(SINGLE).map((key) => PREFIX + key),
  `${PREFIX}attributes`,
  `${PREFIX}notAttributes`,
  `${PREFIX}ignore`,
  ...Relation.options.map((relation) => `${PREFIX}relation:${relation}`),
];

export function readRampartProperties(properties: readonly Property[] | undefined, source: SourceFile, owner: JsonPath): RampartProperties {
  const out: RampartProperties = { attributes: [], notAttributes: [], relations: {}, at: {}, ignore: false };
  const given = new Map<string, string>();
  for (const [i, property] of (properties ?? []).entries()) {
    if (!property.name.startsWith(PREFIX)) continue;
    const name = property.name.slice(PREFIX.length);
    const at = [...owner, 'properties', i, 'value'];
    const fail = (problem: string, hint: string) => inputError(`${property.name} ${problem}`, whereIn(source, at), hint);
    const value = property.value?.trim() ?? '';
    if (value === '') throw fail('has no value', 'give the property a value or remove it');

    if (name in SINGLE) {
      const key = name as Single;
      const previous = given.get(key);
      if (previous !== undefined && previous !== value) throw fail(`is given twice ("${previous}" and "${value}")`, 'keep one of the two properties');
      given.set(key, value);
      const schema = SINGLE[key];
      if (schema && !schema.safeParse(value).success) throw fail(`"${value}" is not allowed`, allowedHint(key));
      Object.assign(out, { [key]: value });
      if (key === 'id' || key === 'element' || key === 'kind') out.at[key] = at;
    } else if (name === 'attributes' || name === 'notAttributes') {
      const into = name === 'attributes' ? out.attributes : out.notAttributes;
      const other = name === 'attributes' ? out.notAttributes : out.attributes;
      for (const attribute of list(value)) {
        if (!Attribute.safeParse(attribute).success) throw fail(`names "${attribute}", which is not an attribute`, `use comma-separated names from: ${Attribute.options.join(', ')}`);
        if (other.includes(attribute as Attribute)) throw fail(`names "${attribute}", which rampart:${name === 'attributes' ? 'notAttributes' : 'attributes'} also names`, 'state each attribute true or false, not both');
        if (!into.includes(attribute as Attribute)) into.push(attribute as Attribute);
      }
    } else if (name === 'ignore') {
      if (value !== 'true' && value !== 'false') throw fail(`"${value}" is not allowed`, 'use true or false');
      out.ignore = value === 'true';
    } else if (name.startsWith('relation:')) {
      const relation = name.slice('relation:'.length);
      if (!Relation.safeParse(relation).success) throw fail('names no relation', `use ${PREFIX}relation:<relation> with one of: ${Relation.options.join(', ')}`);
      const targets = (out.relations[relation as Relation] ??= []);
      for (const id of list(value)) {
        if (!AssetId.safeParse(id).success) throw fail(`names "${id}", which is not an asset id`, 'asset ids are lower-case letters, digits, ".", "_" and "-", separated by commas');
        if (!targets.includes(id)) targets.push(id);
      }
    } else {
      throw inputError(`unknown property ${property.name}`, whereIn(source, [...owner, 'properties', i, 'name']), `Rampart reads: ${RAMPART_PROPERTIES.join(', ')}`);
    }
  }
  return out;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function allowedHint(key: Single): string {
  if (key === 'id') return 'asset ids are lower-case letters, digits, ".", "_" and "-", starting with a letter or digit';
  if (key === 'kind') return `use one of: ${Element.options.map((element) => `${element}: ${AssetKind.options.filter((k) => kindElement(k) === element).join(', ')}`).join('; ')}`;
  const schema = SINGLE[key];
  return schema && 'options' in schema ? `use one of: ${(schema.options as readonly string[]).join(', ')}` : 'give a value';
}

/** The element a kind belongs to; kinds are unique across elements, so a kind alone places an asset. */
export function kindElement(kind: AssetKind): Element {
  return Element.options.find((element) => (KINDS[element] as readonly string[]).includes(kind)) ?? 'model';
}
