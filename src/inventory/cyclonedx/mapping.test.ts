import { describe, expect, it } from 'vitest';
import { parseSourceText } from '../../util/yaml-source.ts';
import { importCycloneDx } from './import.ts';

type Json = Record<string, unknown>;

function load(parts: { components?: Json[]; services?: Json[]; dependencies?: Json[]; metadata?: Json }) {
  const text = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', ...parts }, null, 2);
  return importCycloneDx(parseSourceText(text, 'test.cdx.json', 'CycloneDX BOM'));
}

const prop = (name: string, value: string) => ({ name: `rampart:${name}`, value });
const model = (name: string, extra: Json = {}) => ({ type: 'machine-learning-model', 'bom-ref': name, name, ...extra });
const data = (name: string, extra: Json = {}) => ({ type: 'data', 'bom-ref': name, name, ...extra });
const task = (t: string) => ({ modelCard: { modelParameters: { task: t } } });

describe('model kinds', () => {
  it.each([
    ['classification', task('classification'), 'classifier'],
    ['HF image-classification', task('image-classification'), 'classifier'],
    ['text-generation', task('text-generation'), 'llm'],
    ['text2text-generation', task('text2text-generation'), 'llm'],
    ['feature-extraction', task('feature-extraction'), 'embedding'],
    ['text-to-image', task('text-to-image'), 'generative'],
    ['time-series-forecasting', task('time-series-forecasting'), 'forecaster'],
    ['tabular-regression', task('tabular-regression'), 'regressor'],
    ['an LLM family in the architecture', { modelCard: { modelParameters: { modelArchitecture: 'LlamaForCausalLM' } } }, 'llm'],
    ['supervised approach without task', { modelCard: { modelParameters: { approach: { type: 'supervised' } } } }, 'classifier'],
    ['nothing known', {}, 'other-model'],
    ['rampart:kind beats the task', { ...task('classification'), properties: [prop('kind', 'recommender')] }, 'recommender'],
  ])('%s', (_label, extra, kind) => {
    const [asset] = load({ components: [model('m', extra)] }).assets;
    expect(asset).toMatchObject({ element: 'model', kind });
  });
});

describe('data kinds', () => {
  it.each([
    ['RAG corpus description', { description: 'RAG corpus of help articles' }, 'rag-corpus'],
    ['training data in data[]', { data: [{ type: 'dataset', description: 'training data for the fraud model' }] }, 'training-set'],
    ['evaluation set', { description: 'held-out evaluation set' }, 'validation-set'],
    ['inference logs', { data: [{ type: 'dataset', name: 'inference logs', description: 'retrieved passages and answers' }] }, 'inference-logs'],
    ['nothing known', {}, 'other-data'],
    ['rampart:kind', { properties: [prop('kind', 'feature-store')] }, 'feature-store'],
  ])('%s', (_label, extra, kind) => {
    const [asset] = load({ components: [data('d', extra)] }).assets;
    expect(asset).toMatchObject({ element: 'data', kind });
  });

  it('treats data a model card lists as training data', () => {
    const { assets } = load({ components: [model('m', { modelCard: { modelParameters: { datasets: [{ ref: 'd' }] } } }), data('d')] });
    expect(assets.find((a) => a.id === 'd')?.kind).toBe('training-set');
    expect(assets.find((a) => a.id === 'm')?.relations).toEqual({ trainedOn: ['d'] });
  });

  it('retrieves from a retrieval index a model card lists among its datasets, rather than training on it', () => {
    const { assets } = load({ components: [model('m', { modelCard: { modelParameters: { datasets: [{ ref: 'd' }] } } }), data('d', { data: [{ type: 'dataset', classification: 'retrieval index' }] })] });
    expect(assets.find((a) => a.id === 'd')?.kind).toBe('rag-corpus');
    expect(assets.find((a) => a.id === 'm')?.relations).toEqual({ retrievesFrom: ['d'] });
  });

  it.each([
    ['classification public', { data: [{ type: 'dataset', classification: 'public' }] }, 'public'],
    ['classification PII', { data: [{ type: 'dataset', classification: 'PII' }] }, 'confidential'],
    ['classification restricted', { data: [{ type: 'dataset', classification: 'Restricted' }] }, 'restricted'],
    ['sensitiveData listed', { data: [{ type: 'dataset', sensitiveData: ['e-mail addresses'] }] }, 'confidential'],
    ['nothing said', {}, 'internal'],
  ])('sensitivity from %s', (_label, extra, sensitivity) => {
    expect(load({ components: [data('d', extra)] }).assets[0]?.dataSensitivity).toBe(sensitivity);
  });
});

describe('platforms and libraries', () => {
  it.each([
    [{ type: 'application', name: 'mlflow' }, 'experiment-tracker'],
    [{ type: 'container', name: 'nvcr.io/nvidia/tritonserver' }, 'serving'],
    [{ type: 'container', name: 'triton' }, 'serving'],
    [{ type: 'platform', name: 'kubeflow-pipelines' }, 'training-pipeline'],
    [{ type: 'application', name: 'jupyterhub' }, 'notebook'],
    [{ type: 'application', name: 'kserve-controller' }, 'serving'],
    [{ type: 'framework', name: 'custom-runtime', properties: [prop('element', 'platform')] }, 'other-platform'],
  ])('%o is a %s platform', (component, kind) => {
    const { assets } = load({ components: [model('m'), component] });
    expect(assets.find((a) => a.element === 'platform')?.kind).toBe(kind);
  });

  it('makes libraries the frameworks of the model that uses them, transitively, with versions', () => {
    const { assets } = load({
      components: [
        model('m'),
        { type: 'library', 'bom-ref': 'pkg:pypi/transformers@4.41.2', name: 'transformers', version: '4.41.2' },
        { type: 'library', 'bom-ref': 'pkg:pypi/torch@2.3.1', name: 'torch', version: '2.3.1' },
        { type: 'library', 'bom-ref': 'pkg:pypi/triton@2.3.1', name: 'triton', version: '2.3.1' },
      ],
      dependencies: [
        { ref: 'm', dependsOn: ['pkg:pypi/transformers@4.41.2'] },
        { ref: 'pkg:pypi/transformers@4.41.2', dependsOn: ['pkg:pypi/torch@2.3.1'] },
        { ref: 'pkg:pypi/torch@2.3.1', dependsOn: ['pkg:pypi/triton@2.3.1'] },
      ],
    });
    expect(assets).toHaveLength(1);
    expect(assets[0]?.frameworks).toEqual([
      { name: 'transformers', version: '4.41.2' },
      { name: 'torch', version: '2.3.1' },
      { name: 'triton', version: '2.3.1' },
    ]);
  });

  it('reads nested components: a library inside a model is its framework, a model inside an application is an asset', () => {
    const { assets } = load({
      components: [{ type: 'application', name: 'app', components: [model('m', { components: [{ type: 'library', name: 'onnxruntime', version: '1.18.0' }] })] }],
    });
    expect(assets).toEqual([expect.objectContaining({ id: 'm', frameworks: [{ name: 'onnxruntime', version: '1.18.0' }] })]);
  });

  it('rampart:ignore keeps a platform-looking library a framework', () => {
    const { assets } = load({
      components: [model('m'), { type: 'library', 'bom-ref': 'vllm', name: 'vllm', version: '0.6.3', properties: [prop('ignore', 'true')] }],
      dependencies: [{ ref: 'm', dependsOn: ['vllm'] }],
    });
    expect(assets.map((a) => a.id)).toEqual(['m']);
    expect(assets[0]?.frameworks).toEqual([{ name: 'vllm', version: '0.6.3' }]);
  });
});

describe('relations', () => {
  it.each([
    ['training data', { description: 'training set' }, 'trainedOn'],
    ['a RAG corpus', { description: 'RAG corpus' }, 'retrievesFrom'],
    ['inference logs', { description: 'inference logs' }, 'logsTo'],
    ['other data', {}, 'dependsOn'],
  ])('model depending on %s → %s', (_label, extra, relation) => {
    const { assets } = load({ components: [model('m'), data('d', extra)], dependencies: [{ ref: 'm', dependsOn: ['d'] }] });
    expect(assets[0]?.relations).toEqual({ [relation]: ['d'] });
  });

  it('a serving platform that depends on a model serves it', () => {
    const { assets } = load({ components: [model('m'), { type: 'container', 'bom-ref': 'ts', name: 'pytorch/torchserve' }], dependencies: [{ ref: 'ts', dependsOn: ['m'] }] });
    expect(assets.find((a) => a.id === 'm')?.relations).toEqual({ servedBy: ['ts'] });
    expect(assets.find((a) => a.id === 'ts')?.relations).toEqual({});
  });

  it('an environment declared with rampart:element is where its models run', () => {
    const cluster = { type: 'platform', 'bom-ref': 'gke', name: 'gke-prod', properties: [prop('element', 'environment'), prop('kind', 'cluster')] };
    const { assets } = load({ components: [cluster, model('m')], dependencies: [{ ref: 'm', dependsOn: ['gke'] }] });
    expect(assets.find((a) => a.id === 'm')?.relations).toEqual({ runsIn: ['gke'] });
    expect(assets.find((a) => a.id === 'gke')).toMatchObject({ element: 'environment', kind: 'cluster' });
  });

  it('rampart:relation:* adds relations to assets outside the BOM', () => {
    const { assets } = load({ components: [model('m', { properties: [prop('relation:runsIn', 'aws-prod, eks-main'), prop('relation:storedIn', 'registry')] })] });
    expect(assets[0]?.relations).toEqual({ runsIn: ['aws-prod', 'eks-main'], storedIn: ['registry'] });
  });
});

describe('services', () => {
  const service = (extra: Json = {}) => ({ 'bom-ref': 'api', name: 'predict-api', endpoints: ['https://api.example.com/v2/models/m/infer'], ...extra });

  it('a service that serves a model becomes its endpoints, in either dependency direction', () => {
    for (const dependencies of [[{ ref: 'api', dependsOn: ['m'] }], [{ ref: 'm', dependsOn: ['api'] }]]) {
      const { assets } = load({ components: [model('m')], services: [service({ authenticated: false })], dependencies });
      expect(assets).toHaveLength(1);
      expect(assets[0]).toMatchObject({ authentication: 'none', endpoints: [{ url: 'https://api.example.com/v2/models/m/infer', protocol: 'kserve-v2', authentication: 'none' }] });
    }
  });

  it('a service in front of a platform component is its endpoint, and says whether it is open', () => {
    const hub = { type: 'application', 'bom-ref': 'hub', name: 'jupyterhub', version: '5.2.0' };
    const web = { 'bom-ref': 'hub-web', name: 'jupyterhub-web', endpoints: ['http://jupyter.example:8000/'], authenticated: false, trustZone: 'internet' };
    const { assets } = load({ components: [hub], services: [web], dependencies: [{ ref: 'hub-web', dependsOn: ['hub'] }] });
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({ id: 'hub', kind: 'notebook', authentication: 'none', exposure: 'public', endpoints: [{ url: 'http://jupyter.example:8000/', authentication: 'none' }] });
  });

  it.each([
    [{ 'x-trust-boundary': true }, 'public'],
    [{ trustZone: 'partner-network' }, 'partner'],
    [{ trustZone: 'internet' }, 'public'],
    [{ properties: [prop('exposure', 'partner')] }, 'partner'],
    [{}, 'internal'],
  ])('service %o makes the model %s', (extra, exposure) => {
    const { assets } = load({ components: [model('m')], services: [service(extra)], dependencies: [{ ref: 'api', dependsOn: ['m'] }] });
    expect(assets[0]?.exposure).toBe(exposure);
  });

  it('the model’s own rampart:exposure wins over its service', () => {
    const { assets } = load({ components: [model('m', { properties: [prop('exposure', 'internal')] })], services: [service({ 'x-trust-boundary': true })], dependencies: [{ ref: 'api', dependsOn: ['m'] }] });
    expect(assets[0]?.exposure).toBe('internal');
  });

  it('a service that serves no model is a serving platform', () => {
    const { assets } = load({ components: [model('m')], services: [service({ properties: [prop('protocol', 'http-json')] })] });
    expect(assets.find((a) => a.id === 'api')).toMatchObject({ element: 'platform', kind: 'serving', endpoints: [{ protocol: 'http-json' }] });
  });

  it('skips endpoints that are not absolute URLs and says so', () => {
    const { assets, notes } = load({ components: [model('m')], services: [service({ endpoints: ['/predict'] })], dependencies: [{ ref: 'api', dependsOn: ['m'] }] });
    expect(assets[0]?.endpoints).toEqual([]);
    expect(notes.join('\n')).toMatch(/service "predict-api": endpoint "\/predict" is not an absolute/);
  });
});

describe('ids and notes', () => {
  it.each([
    [{ 'bom-ref': 'fraud-v3', name: 'Fraud Model' }, 'fraud-v3'],
    [{ 'bom-ref': 'pkg:huggingface/acme/Fraud-Model@abc', name: 'Fraud Model' }, 'fraud-model'],
    [{ 'bom-ref': '6c1e2f5a-9b0d-4c3e-8f7a-2d4b6e8a0c11', name: 'Fraud Model' }, 'fraud-model'],
    [{ name: 'Modèle de fraude' }, 'modele-de-fraude'],
    [{ name: '???' }, 'model'],
    [{ 'bom-ref': 'x', name: 'x', properties: [prop('id', 'fraud')] }, 'fraud'],
  ])('%o → %s', (fields, id) => {
    expect(load({ components: [{ type: 'machine-learning-model', ...fields }] }).assets[0]?.id).toBe(id);
  });

  it('keeps generated ids unique and lets rampart:id win a clash', () => {
    const { assets } = load({ components: [model('a', { name: 'scorer' }), { type: 'machine-learning-model', name: 'scorer' }, model('b', { properties: [prop('id', 'scorer')] })] });
    expect(assets.map((a) => a.id)).toEqual(['a', 'scorer-2', 'scorer']);
  });

  it('names the component in a note for every default it applies', () => {
    const { notes } = load({ components: [model('m', { name: 'churn', properties: [prop('criticality', 'high')] })] });
    expect(notes[0]).toMatch(/^test\.cdx\.json: component "churn" → model asset m: kind other-model by default.*by default exposure internal, authentication unknown, data sensitivity internal, because/);
    expect(notes[0]).not.toMatch(/criticality medium/);
  });

  it('reports components it leaves out', () => {
    const { notes } = load({ components: [model('m'), { type: 'operating-system', name: 'ubuntu' }, { type: 'library', name: 'left-pad' }] });
    expect(notes.at(-1)).toMatch(/2 components are not AI assets .*"ubuntu", "left-pad"/);
  });
});
