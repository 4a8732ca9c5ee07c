import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RampartError } from '../../errors.ts';
import { parseSourceText } from '../../util/yaml-source.ts';
import { AssetInput } from '../schema.ts';
import { Attribute, Authentication, AssetKind, Criticality, DataSensitivity, Element, Exposure, Relation } from '../vocabulary.ts';
import { importCycloneDx } from './import.ts';
import { COMPONENT_TYPES } from './schema.ts';

type Json = Record<string, unknown>;

const REFS = ['a', 'b', 'c', 'pkg:pypi/torch@2.3.1', 'urn:uuid:0b7d3c52-4e1f-4a8b-9c6d-5e2f1a3b7c90'];
const NAMES = ['mlflow', 'triton', 'torch', 'fraud model', 'RAG corpus', 'training data', 'inference logs', 'kserve', '', 'Ünïcode 名前', '---'];
const TASKS = ['classification', 'text-generation', 'feature-extraction', 'regression', 'clustering', ''];
const URLS = ['https://api.example.com/v1/chat/completions', 'http://10.0.0.1:8080/v2/models/m/infer', '/predict', 'not a url', 'ftp://x'];

const rampartProperty = fc.oneof(
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom(...['element', 'kind', 'exposure', 'authentication', 'dataSensitivity', 'criticality', 'owner', 'attributes', 'relation:dependsOn', 'ignore', 'protocol', 'id'].map((n) => `rampart:${n}`)), value: fc.oneof(fc.string(), fc.constantFrom('model', 'data', 'llm', 'public', 'high', 'true', 'llm,agent', 'x-1')) }) },
  { weight: 8, arbitrary: fc.record({ name: fc.string(), value: fc.option(fc.string(), { nil: undefined }) }) },
);

/** Anything shaped roughly like a CycloneDX component tree, valid or not. */
const { component: anyComponent } = fc.letrec<{ component: Json }>((tie) => ({
  component: fc.record(
    {
      type: fc.oneof({ arbitrary: fc.constantFrom(...COMPONENT_TYPES), weight: 20 }, fc.string(), fc.integer()),
      name: fc.oneof(fc.constantFrom(...NAMES), fc.string()),
      // Mostly fresh refs (shared ones collide, which only tests the uniqueness check), sometimes linkable ones.
      'bom-ref': fc.oneof({ arbitrary: fc.uuid(), weight: 3 }, fc.constantFrom(...REFS)),
      version: fc.oneof({ arbitrary: fc.string(), weight: 20 }, fc.constant(1)),
      description: fc.constantFrom(...NAMES),
      purl: fc.constantFrom('pkg:huggingface/acme/m@1', 'pkg:pypi/x@1'),
      properties: fc.array(rampartProperty, { maxLength: 3 }),
      modelCard: fc.record({ modelParameters: fc.record({ task: fc.constantFrom(...TASKS), datasets: fc.array(fc.oneof(fc.record({ ref: fc.constantFrom(...REFS) }), fc.record({ type: fc.constantFrom('dataset', 'dataset', 'other', 'nope'), name: fc.string() })), { maxLength: 2 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      data: fc.array(fc.record({ type: fc.constantFrom('dataset', 'configuration'), classification: fc.constantFrom('public', 'PII', 'secret', '') }), { maxLength: 2 }),
      components: fc.oneof({ depthSize: 'small' }, fc.constant([]), fc.array(tie('component'), { maxLength: 3 })),
      extra: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: ['type', 'name'] },
  ),
}));

const anyService = fc.record({ name: fc.constantFrom(...NAMES), 'bom-ref': fc.constantFrom(...REFS), endpoints: fc.array(fc.constantFrom(...URLS), { maxLength: 2 }), authenticated: fc.boolean(), 'x-trust-boundary': fc.boolean(), properties: fc.array(rampartProperty, { maxLength: 2 }) }, { requiredKeys: ['name'] });

const anyBom = fc.record(
  {
    bomFormat: fc.oneof({ arbitrary: fc.constant('CycloneDX'), weight: 10 }, fc.string()),
    specVersion: fc.oneof({ arbitrary: fc.constantFrom('1.4', '1.5', '1.6'), weight: 9 }, fc.constantFrom('1.3', '2.0')),
    metadata: fc.record({ component: anyComponent }, { requiredKeys: [] }),
    components: fc.array(anyComponent, { maxLength: 4 }),
    services: fc.array(anyService, { maxLength: 2 }),
    dependencies: fc.array(fc.record({ ref: fc.constantFrom(...REFS), dependsOn: fc.array(fc.constantFrom(...REFS), { maxLength: 3 }) }), { maxLength: 4 }),
  },
  { requiredKeys: ['bomFormat', 'specVersion'] },
);

let imported = 0;

function importJson(bom: unknown) {
  return importCycloneDx(parseSourceText(JSON.stringify(bom, null, 2), 'prop.cdx.json', 'CycloneDX BOM'));
}

function expectSoundImport(result: ReturnType<typeof importCycloneDx>): void {
  const ids = result.assets.map((a) => a.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(result.paths).toHaveLength(ids.length);
  for (const asset of result.assets) expect(AssetInput.parse(asset)).toEqual(asset);
  for (const note of result.notes) expect(note).toMatch(/^prop\.cdx\.json: /);
}

describe('arbitrary component trees', () => {
  it('import or fail with an input error, never anything else', () => {
    fc.assert(
      fc.property(anyBom, (bom) => {
        try {
          expectSoundImport(importJson(bom));
          imported += 1;
        } catch (error) {
          if (!(error instanceof RampartError)) throw error;
          expect(error.kind).toBe('input');
          expect(error.where.file).toBe('prop.cdx.json');
        }
      }),
      { numRuns: 150 },
    );
    // The generator must reach the mapping, not only the schema's rejections.
    expect(imported).toBeGreaterThan(10);
  });
});

/** Valid BOMs only: standard types, unique bom-refs, vocabulary values in rampart:* properties. */
const validProperty = fc.oneof(
  fc.constantFrom(...Exposure.options).map((value) => ({ name: 'rampart:exposure', value })),
  fc.constantFrom(...Authentication.options).map((value) => ({ name: 'rampart:authentication', value })),
  fc.constantFrom(...DataSensitivity.options).map((value) => ({ name: 'rampart:dataSensitivity', value })),
  fc.constantFrom(...Criticality.options).map((value) => ({ name: 'rampart:criticality', value })),
  fc.constantFrom(...AssetKind.options).map((value) => ({ name: 'rampart:kind', value })),
  fc.constantFrom(...Element.options).map((value) => ({ name: 'rampart:element', value })),
  fc.subarray([...Attribute.options], { minLength: 1 }).map((names) => ({ name: 'rampart:attributes', value: names.join(', ') })),
  fc.constantFrom(...Relation.options).map((relation) => ({ name: `rampart:relation:${relation}`, value: 'elsewhere' })),
  fc.constant({ name: 'vendor:other', value: 'anything' }),
);

const { component: validComponent } = fc.letrec<{ component: Json }>((tie) => ({
  component: fc.record(
    {
      type: fc.constantFrom(...COMPONENT_TYPES),
      name: fc.oneof(fc.constantFrom(...NAMES), fc.string()),
      properties: fc.uniqueArray(validProperty, { maxLength: 3, selector: (p) => (p.name === 'rampart:kind' || p.name === 'rampart:element' ? 'place' : p.name) }),
      modelCard: fc.record({ modelParameters: fc.record({ task: fc.constantFrom(...TASKS) }) }),
      components: fc.oneof({ depthSize: 'small' }, fc.constant([]), fc.array(tie('component'), { maxLength: 3 })),
    },
    { requiredKeys: ['type', 'name'] },
  ),
}));

/** Give every component a unique bom-ref (some none), as the standard requires, and link some of them. */
function withRefs(components: Json[], links: [number, number][]): Json {
  const refs: string[] = [];
  const visit = (component: Json): Json => {
    const ref = refs.length % 3 === 2 ? undefined : `ref-${refs.length}`;
    refs.push(ref ?? '');
    return { ...component, ...(ref ? { 'bom-ref': ref } : {}), components: ((component.components as Json[] | undefined) ?? []).map(visit) };
  };
  const tree = components.map(visit);
  const named = refs.filter(Boolean);
  const dependencies = named.length === 0 ? [] : links.map(([from, to]) => ({ ref: named[from % named.length], dependsOn: [named[to % named.length]] }));
  return { bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'machine-learning-model', name: 'anchor' }, ...tree], dependencies };
}

it('valid BOMs always import, with unique ids and assets that pass AssetInput', () => {
  fc.assert(
    fc.property(fc.array(validComponent, { maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }), (components, links) => {
      let result;
      try {
        result = importJson(withRefs(components, links));
      } catch (error) {
        // rampart:kind and rampart:element may disagree on one component; that is the one input error allowed.
        if (error instanceof RampartError && /is not a kind of/.test(error.message)) return;
        throw error;
      }
      expectSoundImport(result);
      expect(result.assets.some((a) => a.name === 'anchor')).toBe(true);
    }),
    { numRuns: 300 },
  );
});
