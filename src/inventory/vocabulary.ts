import { z } from 'zod';
import { unknownValue } from '../util/suggest.ts';

/** The four ATLAS system elements assets are grouped by. */
export const Element = z.enum(['environment', 'platform', 'model', 'data']);
export type Element = z.infer<typeof Element>;

export const KINDS = {
  model: ['classifier', 'regressor', 'forecaster', 'recommender', 'llm', 'agent', 'embedding', 'generative', 'other-model'],
  data: ['training-set', 'validation-set', 'feature-store', 'rag-corpus', 'inference-logs', 'production-data', 'other-data'],
  platform: ['training-pipeline', 'model-registry', 'serving', 'notebook', 'experiment-tracker', 'vector-store', 'llm-gateway', 'other-platform'],
  environment: ['cloud-account', 'cluster', 'network', 'edge-device', 'workstation', 'other-environment'],
} as const satisfies Record<Element, readonly string[]>;

export type AssetKind = (typeof KINDS)[Element][number];
const ALL_KINDS = Object.values(KINDS).flat() as [AssetKind, ...AssetKind[]];
export const AssetKind = z.enum(ALL_KINDS, { error: unknownValue('asset kind', ALL_KINDS) });

export const Exposure = z.enum(['public', 'partner', 'internal']);
export type Exposure = z.infer<typeof Exposure>;

export const Authentication = z.enum(['none', 'api-key', 'oauth', 'mtls', 'sso', 'cloud-iam', 'unknown']);
export type Authentication = z.infer<typeof Authentication>;

export const DataSensitivity = z.enum(['public', 'internal', 'confidential', 'restricted']);
export type DataSensitivity = z.infer<typeof DataSensitivity>;

export const Criticality = z.enum(['low', 'medium', 'high', 'critical']);
export type Criticality = z.infer<typeof Criticality>;

/**
 * Facts about an asset that decide which ATLAS techniques apply. `llm`, `agent` and `inferenceApi` are
 * derived from kind and endpoints; the rest are declared under `attributes:` and default to false.
 */
export const ATTRIBUTES = {
  inferenceApi: 'answers queries over a network (derived: a model with endpoints, or a serving platform or gateway)',
  returnsScores: 'the inference API returns confidence scores or probabilities, not only labels',
  llm: 'a large language model or a system built on one (derived: kind llm or agent)',
  agent: 'an AI agent that plans and acts (derived: kind agent)',
  hasTools: 'can call tools, plugins or APIs with side effects',
  retrievesUntrustedContent: 'reads documents, web pages, e-mails or other content that outsiders can write (RAG, browsing)',
  hasMemory: 'keeps memory or conversation state across sessions',
  trainsOnExternalData: 'trained or fine-tuned on data from outside the organisation (public data sets, scrapes, vendors)',
  trainsOnUserData: 'user-supplied data feeds training or fine-tuning (feedback loops, contributions)',
  continuousLearning: 'retrained automatically on production data',
  thirdPartyArtifacts: 'uses pretrained models, weights, packages or containers from third parties (derived: declares frameworks)',
  publicArtifacts: 'the model, its weights or its architecture are published',
  vendorHosted: 'a model its vendor runs behind the vendor’s API (SaaS): the organisation holds no weights, files or serving stack of it',
  physicalInputs: 'inputs come from sensors or the physical world (cameras, microphones)',
  generatesContent: 'produces text, images, audio or code shown to people (derived: kind llm, agent or generative)',
  externalSource: 'data collected from outside the organisation (for data assets)',
  userWritable: 'outsiders or end users can add or change this data',
  runsUserCode: 'executes code written by its users (notebooks, pipelines)',
  storesSecrets: 'holds credentials, API keys or tokens',
} as const;
export type Attribute = keyof typeof ATTRIBUTES;
export const Attribute = z.enum(Object.keys(ATTRIBUTES) as [Attribute, ...Attribute[]], { error: unknownValue('attribute', Object.keys(ATTRIBUTES)) });

export const RELATIONS = {
  trainedOn: 'model → data it was trained or fine-tuned on',
  servedBy: 'model → platform that serves it',
  runsIn: 'model or platform → environment it runs in',
  retrievesFrom: 'model → data it retrieves at inference time (RAG)',
  logsTo: 'model or platform → data that records its inference traffic',
  storedIn: 'model or data → platform that stores it (registry, feature store)',
  dependsOn: 'any → any other asset it needs',
} as const;
export type Relation = keyof typeof RELATIONS;
export const Relation = z.enum(Object.keys(RELATIONS) as [Relation, ...Relation[]], { error: unknownValue('relation', Object.keys(RELATIONS)) });

export const EndpointProtocol = z.enum(['http-json', 'kserve-v2', 'openai-chat', 'ollama-chat', 'anthropic-messages', 'http-chat', 'torchserve', 'mlflow', 'other']);
export type EndpointProtocol = z.infer<typeof EndpointProtocol>;
