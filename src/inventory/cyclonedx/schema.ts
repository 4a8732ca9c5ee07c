import { z } from 'zod';
import { formatPath } from '../../util/yaml-source.ts';

/**
 * The parts of a CycloneDX 1.4–1.6 JSON BOM that the importer reads. Objects are loose because the standard
 * has many fields we do not need and tools add their own; enumerations the standard fixes are checked, so a
 * misspelt component type is reported instead of silently dropping an asset.
 */

export const SPEC_VERSIONS = ['1.4', '1.5', '1.6'] as const;

/** Component types of CycloneDX 1.6; 1.4 BOMs use a subset. */
export const COMPONENT_TYPES = [
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'operating-system',
  'device',
  'device-driver',
  'firmware',
  'file',
  'machine-learning-model',
  'data',
  'cryptographic-asset',
] as const;
export type ComponentType = (typeof COMPONENT_TYPES)[number];

const DATA_TYPES = ['source-code', 'configuration', 'dataset', 'definition', 'other'] as const;
const APPROACH_TYPES = ['supervised', 'unsupervised', 'reinforcement-learning', 'semi-supervised', 'self-supervised'] as const;

/** A zod message that lists what is allowed, so the user can fix the value without opening the standard. */
function oneOf(what: string, allowed: readonly string[]) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${what} is required` : `${what} ${JSON.stringify(issue.input)} is not allowed (one of: ${allowed.join(', ')})`;
}

export const Property = z.looseObject({ name: z.string(), value: z.string().optional() });
export type Property = z.infer<typeof Property>;

const Properties = z.array(Property).optional();

const OrganizationalEntity = z.looseObject({ name: z.string().optional() });
const OrganizationalContact = z.looseObject({ name: z.string().optional(), email: z.string().optional() });

const ResponsibleParty = z.looseObject({ organization: OrganizationalEntity.optional(), contact: OrganizationalContact.optional() });

export const ComponentData = z.looseObject({
  'bom-ref': z.string().optional(),
  type: z.enum(DATA_TYPES, { error: oneOf('data type', DATA_TYPES) }),
  name: z.string().optional(),
  contents: z.looseObject({ url: z.string().optional(), properties: Properties }).optional(),
  classification: z.string().optional(),
  sensitiveData: z.array(z.string()).optional(),
  description: z.string().optional(),
  governance: z
    .looseObject({ owners: z.array(ResponsibleParty).optional(), custodians: z.array(ResponsibleParty).optional(), stewards: z.array(ResponsibleParty).optional() })
    .optional(),
});
export type ComponentData = z.infer<typeof ComponentData>;

const DatasetRef = z.looseObject({ ref: z.string() });

export type DatasetEntry = ComponentData | z.infer<typeof DatasetRef>;

export function isInlineDataset(entry: DatasetEntry): entry is ComponentData {
  return typeof (entry as { type?: unknown }).type === 'string';
}

export const ModelCard = z.looseObject({
  'bom-ref': z.string().optional(),
  modelParameters: z
    .looseObject({
      approach: z.looseObject({ type: z.enum(APPROACH_TYPES, { error: oneOf('approach type', APPROACH_TYPES) }).optional() }).optional(),
      task: z.string().optional(),
      architectureFamily: z.string().optional(),
      modelArchitecture: z.string().optional(),
      // Inline data always has `type`, a reference never does.
      datasets: z
        .array(z.union([ComponentData, DatasetRef], { error: `a dataset is inline data with a type (one of: ${DATA_TYPES.join(', ')}) or a reference {"ref": "<bom-ref>"}` }))
        .optional(),
    })
    .optional(),
  properties: Properties,
});
export type ModelCard = z.infer<typeof ModelCard>;

const ExternalReference = z.looseObject({ url: z.string(), type: z.string().optional() });

export const Component = z.looseObject({
  type: z.enum(COMPONENT_TYPES, { error: oneOf('component type', COMPONENT_TYPES) }),
  'bom-ref': z.string().optional(),
  name: z.string({ error: 'a component needs a name' }),
  group: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  purl: z.string().optional(),
  supplier: OrganizationalEntity.optional(),
  externalReferences: z.array(ExternalReference).optional(),
  properties: Properties,
  modelCard: ModelCard.optional(),
  data: z.array(ComponentData).optional(),
  get components() {
    return z.array(Component).optional();
  },
});
export type Component = z.infer<typeof Component>;

export const Service = z.looseObject({
  'bom-ref': z.string().optional(),
  name: z.string({ error: 'a service needs a name' }),
  version: z.string().optional(),
  description: z.string().optional(),
  endpoints: z.array(z.string()).optional(),
  authenticated: z.boolean().optional(),
  'x-trust-boundary': z.boolean().optional(),
  trustZone: z.string().optional(),
  data: z.array(z.looseObject({ flow: z.string().optional(), classification: z.string().optional() })).optional(),
  properties: Properties,
  get services() {
    return z.array(Service).optional();
  },
});
export type Service = z.infer<typeof Service>;

export const Dependency = z.looseObject({ ref: z.string(), dependsOn: z.array(z.string()).optional() });
export type Dependency = z.infer<typeof Dependency>;

const BomShape = z.looseObject({
  bomFormat: z.literal('CycloneDX', { error: 'bomFormat must be "CycloneDX"' }),
  specVersion: z.enum(SPEC_VERSIONS, { error: oneOf('specVersion', SPEC_VERSIONS) }),
  metadata: z.looseObject({ component: Component.optional(), properties: Properties }).optional(),
  components: z.array(Component).optional(),
  services: z.array(Service).optional(),
  dependencies: z.array(Dependency).optional(),
  properties: Properties,
});

export const Bom = BomShape.superRefine((bom, ctx) => {
  const seen = new Map<string, JsonPath>();
  for (const { ref, path } of bomRefs(bom)) {
    const first = seen.get(ref);
    if (first) ctx.addIssue({ code: 'custom', path: [...path, 'bom-ref'], message: `bom-ref "${ref}" is used twice (first at ${formatPath(first)}); every bom-ref must be unique within the BOM` });
    else seen.set(ref, path);
  }
});
export type Bom = z.infer<typeof Bom>;

export type JsonPath = (string | number)[];

/** Every bom-ref the BOM declares, with where it is: components, services, model cards and data, at any depth. */
function* bomRefs(bom: z.infer<typeof BomShape>): Generator<{ ref: string; path: JsonPath }> {
  function* ofComponent(component: Component, path: JsonPath): Generator<{ ref: string; path: JsonPath }> {
    if (component['bom-ref'] !== undefined) yield { ref: component['bom-ref'], path };
    const card = component.modelCard;
    if (card?.['bom-ref'] !== undefined) yield { ref: card['bom-ref'], path: [...path, 'modelCard'] };
    for (const [i, set] of (card?.modelParameters?.datasets ?? []).entries()) {
      if (isInlineDataset(set) && set['bom-ref'] !== undefined) yield { ref: set['bom-ref'], path: [...path, 'modelCard', 'modelParameters', 'datasets', i] };
    }
    for (const [i, data] of (component.data ?? []).entries()) {
      if (data['bom-ref'] !== undefined) yield { ref: data['bom-ref'], path: [...path, 'data', i] };
    }
    for (const [i, child] of (component.components ?? []).entries()) yield* ofComponent(child, [...path, 'components', i]);
  }
  function* ofService(service: Service, path: JsonPath): Generator<{ ref: string; path: JsonPath }> {
    if (service['bom-ref'] !== undefined) yield { ref: service['bom-ref'], path };
    for (const [i, child] of (service.services ?? []).entries()) yield* ofService(child, [...path, 'services', i]);
  }
  if (bom.metadata?.component) yield* ofComponent(bom.metadata.component, ['metadata', 'component']);
  for (const [i, component] of (bom.components ?? []).entries()) yield* ofComponent(component, ['components', i]);
  for (const [i, service] of (bom.services ?? []).entries()) yield* ofService(service, ['services', i]);
}
