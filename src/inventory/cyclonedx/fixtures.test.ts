import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSourceFile } from '../../util/yaml-source.ts';
import { AssetInput } from '../schema.ts';
import { importCycloneDx } from './import.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const MODEL = 'mistral-7b-instruct-v0.3';

describe('a Hugging Face style ML-BOM (model card, datasets, libraries, container, service)', async () => {
  const { assets, notes, paths } = importCycloneDx(await readSourceFile(fixture('hf-llm.cdx.json'), 'CycloneDX BOM'));
  const byId = new Map(assets.map((asset) => [asset.id, asset]));

  it('imports the model, both data sets and the serving container, and nothing else', () => {
    expect(assets.map((a) => [a.id, a.element, a.kind])).toEqual([
      [MODEL, 'model', 'llm'],
      ['ultrachat', 'data', 'training-set'],
      ['reviews-finetune', 'data', 'training-set'],
      ['tgi', 'platform', 'serving'],
    ]);
    expect(paths).toEqual([['components', 0], ['components', 0, 'modelCard', 'modelParameters', 'datasets', 1], ['components', 1], ['components', 2]]);
  });

  it('maps the model with its frameworks, endpoint, relations and properties', () => {
    expect(byId.get(MODEL)).toEqual({
      id: MODEL,
      name: 'Mistral-7B-Instruct-v0.3',
      element: 'model',
      kind: 'llm',
      description: 'Instruction-tuned Mistral 7B, fine-tuned on customer reviews',
      owner: 'ml-platform',
      exposure: 'internal',
      authentication: 'oauth',
      dataSensitivity: 'confidential',
      criticality: 'high',
      versions: ['e0bc86c23ce5aae1db576c8cca6f06f1f73af2db'],
      frameworks: [
        { name: 'transformers', version: '4.41.2' },
        { name: 'torch', version: '2.3.1' },
        { name: 'safetensors', version: '0.4.3' },
        { name: 'triton', version: '2.3.1' },
      ],
      endpoints: [{ url: 'https://summarise.internal.acme.example/v1/chat/completions', protocol: 'openai-chat', authentication: 'oauth', target: undefined }],
      artifacts: [{ path: 'https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3', format: undefined, source: undefined }],
      relations: { trainedOn: ['ultrachat', 'reviews-finetune'], servedBy: ['tgi'] },
      attributes: { thirdPartyArtifacts: true, trainsOnExternalData: true },
      tags: ['llm', 'summarisation'],
      // Fields other engineers add to AssetInput arrive with their defaults, as from YAML.
      ...Object.fromEntries(Object.entries(byId.get(MODEL) ?? {}).filter(([key]) => !KNOWN.includes(key))),
    });
  });

  it('maps the data sets with classification, governance owner and Hugging Face origin', () => {
    expect(byId.get('reviews-finetune')).toMatchObject({ name: 'customer-reviews-2024', owner: 'Data Office', dataSensitivity: 'confidential', versions: ['2024-12'], attributes: {} });
    expect(byId.get('ultrachat')).toMatchObject({ dataSensitivity: 'public', attributes: { externalSource: true }, artifacts: [{ path: 'https://huggingface.co/datasets/HuggingFaceH4/ultrachat_200k' }] });
  });

  it('every asset is what an inventory YAML entry with the same fields gives', () => {
    for (const asset of assets) expect(AssetInput.parse(asset)).toEqual(asset);
  });

  it('states its defaults and inferences per component, and what it left out', () => {
    expect(notes).toHaveLength(assets.length + 2);
    expect(notes[0]).toMatch(/^hf-llm\.cdx\.json: component "Mistral-7B-Instruct-v0\.3" → model asset mistral-7b-instruct-v0\.3: kind llm from modelCard task "text-generation";.*exposure internal/);
    expect(notes[0]).toContain('data sensitivity confidential because it learns from or retrieves reviews-finetune');
    expect(notes).toContain('hf-llm.cdx.json: service "summarise-api": endpoint "/healthz" is not an absolute http(s) URL, so mistral-7b-instruct-v0.3 does not list it; give the full URL to let checks reach it.');
    expect(notes.at(-1)).toMatch(/2 components are not AI assets .*"review-summariser", "requests"/);
  });
});

const KNOWN = ['id', 'name', 'element', 'kind', 'description', 'owner', 'exposure', 'authentication', 'dataSensitivity', 'criticality', 'versions', 'frameworks', 'endpoints', 'artifacts', 'relations', 'attributes', 'tags'];

it('a minimal BOM with only a model gives one asset with every default stated', async () => {
  const { assets, notes } = importCycloneDx(await readSourceFile(fixture('minimal.cdx.json'), 'CycloneDX BOM'));
  expect(assets).toEqual([expect.objectContaining({ id: 'fraud-model', element: 'model', kind: 'other-model', exposure: 'internal', authentication: 'unknown', dataSensitivity: 'internal', criticality: 'medium', relations: {} })]);
  expect(notes).toEqual([
    'minimal.cdx.json: component "fraud-model" → model asset fraud-model: kind other-model by default: no modelCard task says what it does (set rampart:kind); by default exposure internal, authentication unknown, data sensitivity internal, criticality medium, because the BOM does not state them (set the rampart:* properties to state them).',
  ]);
});
