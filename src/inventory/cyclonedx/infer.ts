import type { AssetKind, DataSensitivity, EndpointProtocol, Exposure } from '../vocabulary.ts';
import type { Component, ComponentData, ComponentType, Service } from './schema.ts';

/**
 * What the importer concludes from standard CycloneDX fields. Every conclusion carries the reason, which the
 * import notes repeat, so a reviewer can see why an asset counts as an LLM or as public.
 */
export interface Inferred<T> {
  value: T;
  because: string;
}

type Rule<T> = readonly [RegExp, T];

function firstMatch<T>(rules: readonly Rule<T>[], text: string): T | undefined {
  return rules.find(([pattern]) => pattern.test(text))?.[1];
}

/** The rule whose match starts first: a description names what the data is before what it contains. */
function earliestMatch<T>(rules: readonly Rule<T>[], text: string): T | undefined {
  let best: { at: number; value: T } | undefined;
  for (const [pattern, value] of rules) {
    const at = text.search(pattern);
    if (at >= 0 && (!best || at < best.at)) best = { at, value };
  }
  return best?.value;
}

/** modelParameters.task → kind. Hugging Face pipeline tags and free text both occur, so match loosely. */
const TASK_KINDS: readonly Rule<AssetKind>[] = [
  [/agent/, 'agent'],
  [/text.?generation|text2text|chat|conversational|causal.?lm|instruct|code.?generation|completion/, 'llm'],
  [/embedding|feature.?extraction|sentence.?similarity/, 'embedding'],
  [/text.?to.?(image|speech|audio|video)|image.?(generation|to.?image)|diffusion|summari[sz]|translat|generat/, 'generative'],
  [/classif|detection|segmentation|recognition|sentiment|moderation/, 'classifier'],
  [/regress/, 'regressor'],
  [/forecast|time.?series/, 'forecaster'],
  [/recommend|ranking/, 'recommender'],
];

/** Model families that are LLMs whatever the card says about the task. */
const LLM_NAMES = /\b(gpt|llama|mistral|mixtral|falcon|gemma|qwen|phi-?\d|claude|gemini|deepseek|command-r|bloom|olmo|granite)/;

export function modelKind(component: Component): Inferred<AssetKind> {
  const parameters = component.modelCard?.modelParameters;
  const task = parameters?.task?.toLowerCase();
  const byTask = task === undefined ? undefined : firstMatch(TASK_KINDS, task);
  if (byTask) return { value: byTask, because: `from modelCard task "${parameters?.task}"` };
  for (const [field, text] of [
    ['modelArchitecture', parameters?.modelArchitecture],
    ['architectureFamily', parameters?.architectureFamily],
    ['name', component.name],
  ] as const) {
    if (text && LLM_NAMES.test(text.toLowerCase())) return { value: 'llm', because: `from its ${field} "${text}", an LLM family` };
  }
  const approach = parameters?.approach?.type;
  if (approach === 'supervised' || approach === 'semi-supervised') {
    return { value: 'classifier', because: `assumed from the ${approach} approach with no task (set rampart:kind if it is not a classifier)` };
  }
  return { value: 'other-model', because: 'by default: no modelCard task says what it does (set rampart:kind)' };
}

/** Keywords in a data component's names, descriptions and classification → kind. */
const DATA_KINDS: readonly Rule<AssetKind>[] = [
  [/\brag\b|retriev|knowledge.?base|vector|embeddings?\b/, 'rag-corpus'],
  [/inference.?logs?|request.?logs?|prompt.?logs?|\blogs?\b|logging|telemetry/, 'inference-logs'],
  [/feature.?(store|view)|\bfeast\b/, 'feature-store'],
  [/\b(pre-?)?train|fine.?tun|\bsft\b/, 'training-set'],
  [/\bvalidation|\beval|\btest(ing)?\b|benchmark|holdout/, 'validation-set'],
  [/\bproduction\b|\bprod\b/, 'production-data'],
];

export function dataKind(texts: readonly (string | undefined)[], listedInModelCard: string | undefined): Inferred<AssetKind> {
  for (const text of texts) {
    if (!text) continue;
    const kind = earliestMatch(DATA_KINDS, text.toLowerCase());
    if (kind) return { value: kind, because: `from "${text.length > 60 ? `${text.slice(0, 57)}…` : text}"` };
  }
  if (listedInModelCard) return { value: 'training-set', because: `because model ${listedInModelCard} lists it among its modelCard datasets` };
  return { value: 'other-data', because: 'by default: nothing says what the data is used for (set rampart:kind)' };
}

/** The texts `dataKind` reads for a data component, most explicit first. */
export function dataTexts(component: Component | undefined, data: readonly ComponentData[]): (string | undefined)[] {
  return [...data.map((d) => d.classification), ...data.flatMap((d) => [d.name, d.description]), component?.description, component?.name];
}

const SENSITIVITY: readonly Rule<DataSensitivity>[] = [
  [/restricted|secret|\bpci\b|\bphi\b|health|special.?categor|biometric/, 'restricted'],
  [/confidential|\bpii\b|personal|sensitive|private/, 'confidential'],
  [/internal|proprietary/, 'internal'],
  [/public|\bopen\b/, 'public'],
];

export function dataSensitivity(data: readonly Pick<ComponentData, 'classification' | 'sensitiveData'>[]): Inferred<DataSensitivity> | undefined {
  for (const { classification } of data) {
    const level = classification ? firstMatch(SENSITIVITY, classification.toLowerCase()) : undefined;
    if (level) return { value: level, because: `from data classification "${classification}"` };
  }
  const sensitive = data.flatMap((d) => d.sensitiveData ?? []);
  if (sensitive.length > 0) return { value: 'confidential', because: `because it lists sensitive data (${sensitive.slice(0, 3).join(', ')})` };
  return undefined;
}

/** ML platforms recognisable by name; component types other than these are never platforms by name. */
const PLATFORM_TYPES: readonly ComponentType[] = ['platform', 'framework', 'library', 'container', 'application'];

const PLATFORMS: readonly Rule<AssetKind>[] = [
  [/mlflow/, 'experiment-tracker'],
  [/kubeflow|\bkfp\b/, 'training-pipeline'],
  [/tritonserver|triton.?inference.?server|torchserve|kserve|kfserving|seldon|bentoml|\bvllm\b|text-generation-inference|ollama|tensorflow.?serving|tf.?serving/, 'serving'],
  [/litellm/, 'llm-gateway'],
  [/pinecone|weaviate|qdrant|milvus|chromadb|pgvector/, 'vector-store'],
  [/jupyter/, 'notebook'],
  [/sagemaker|vertex/, 'other-platform'],
];

export function platformKind(type: ComponentType | 'service', name: string, group: string | undefined): Inferred<AssetKind> | undefined {
  if (type !== 'service' && !PLATFORM_TYPES.includes(type)) return undefined;
  const text = `${group ?? ''}/${name}`.toLowerCase();
  const kind = firstMatch(PLATFORMS, text) ?? (type !== 'library' && /\btriton\b/.test(text) ? 'serving' : undefined);
  // `triton` alone is also OpenAI's GPU compiler, which PyTorch pulls in as a library: only containers and apps count.
  return kind && { value: kind, because: `from its name "${name}", a known ML platform` };
}

/** Exposure a service's own fields imply; `undefined` when they say nothing. */
export function serviceExposure(service: Service): Inferred<Exposure> | undefined {
  const zone = service.trustZone?.toLowerCase();
  if (zone && /public|internet|external|\bdmz\b/.test(zone)) return { value: 'public', because: `from trustZone "${service.trustZone}" of service "${service.name}"` };
  if (zone && /partner|vendor|b2b/.test(zone)) return { value: 'partner', because: `from trustZone "${service.trustZone}" of service "${service.name}"` };
  if (service['x-trust-boundary'] === true) return { value: 'public', because: `because service "${service.name}" crosses a trust boundary (x-trust-boundary)` };
  return undefined;
}

const PROTOCOLS: readonly Rule<EndpointProtocol>[] = [
  [/\/v2\/models\//, 'kserve-v2'],
  [/\/chat\/completions|\/v1\/completions/, 'openai-chat'],
  [/\/predictions\//, 'torchserve'],
  [/\/invocations\b/, 'mlflow'],
];

export function endpointProtocol(url: string): EndpointProtocol | undefined {
  return firstMatch(PROTOCOLS, url.toLowerCase());
}
