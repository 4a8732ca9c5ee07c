import { z } from 'zod';
import type { Severity } from '../../contract.ts';

/** ML services that real intrusions went through, fingerprinted with GET requests only. */
export type ServiceName = 'ray' | 'mlflow' | 'jupyter' | 'tensorboard' | 'gradio' | 'ollama' | 'vllm' | 'triton' | 'torchserve' | 'kubeflow' | 'label-studio';

/** A route that answers in this service's own shape; anything else (an SPA's index, a gateway's `{}`) is not it. */
export interface Fingerprint {
  path: string;
  read(body: string): { version?: string; detail: string } | undefined;
}

/** Something the service lets a caller do; reachable without credentials it is a finding. */
export interface Capability {
  path: string;
  what: string;
  techniques: string[];
  severity: Severity;
  /** What a 2xx answer in the expected shape reveals; undefined when the answer is not this route's. */
  read(body: string): string | undefined;
}

export interface Service {
  name: ServiceName;
  title: string;
  fingerprints: Fingerprint[];
  /** The PyPI package whose advisories apply to the version the service names. */
  package?: string;
  capabilities: Capability[];
}

const parse = <T extends z.ZodType>(schema: T, body: string): z.output<T> | undefined => {
  try {
    const result = schema.safeParse(JSON.parse(body));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
};

const list = (items: unknown[], name: (item: never) => string | undefined): string => {
  const names = items.map((i) => name(i as never)).filter((n): n is string => typeof n === 'string');
  return names.length ? `${names.length}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}` : `${items.length}`;
};

const EXEC = ['AML.T0049'];
const FILES = ['AML.T0049', 'AML.T0007'];
const LISTING = ['AML.T0007'];
const INFERENCE = ['AML.T0040'];

/** The services, most distinctive fingerprints first (several answer `/api/version`; their shapes differ). */
export const services: readonly Service[] = [
  {
    name: 'ray',
    title: 'Ray dashboard and Jobs API',
    package: 'ray',
    fingerprints: [{ path: 'api/version', read: (b) => ((v) => v && { version: v.ray_version, detail: `Ray ${v.ray_version}` })(parse(z.looseObject({ ray_version: z.string(), ray_commit: z.string() }), b)) }],
    capabilities: [
      { path: 'api/jobs/', what: 'job submission (the Jobs API runs any entrypoint command on the cluster)', techniques: EXEC, severity: 'critical', read: (b) => ((j) => j && `lists ${j.length} job(s); POST /api/jobs/ would run a command`)(parse(z.array(z.looseObject({})), b)) },
    ],
  },
  {
    name: 'label-studio',
    title: 'Label Studio',
    package: 'label-studio',
    fingerprints: [{ path: 'api/version', read: (b) => ((v) => v && { version: v.release, detail: `Label Studio ${v.release}` })(parse(z.looseObject({ release: z.string() }), b)) }],
    capabilities: [
      { path: 'api/projects', what: 'labelling projects and their data', techniques: FILES, severity: 'high', read: (b) => ((p) => p && `lists ${p.count ?? p.results?.length ?? 0} project(s) with their tasks`)(parse(z.looseObject({ count: z.number().optional(), results: z.array(z.unknown()).optional() }), b)) },
    ],
  },
  {
    name: 'ollama',
    title: 'Ollama',
    fingerprints: [
      { path: 'api/version', read: (b) => ((v) => v && Object.keys(v).length === 1 && { version: v.version, detail: `Ollama ${v.version}` })(parse(z.looseObject({ version: z.string() }), b)) || undefined },
      { path: 'api/tags', read: (b) => ((t) => t && { detail: `Ollama model list` })(parse(z.object({ models: z.array(z.looseObject({ name: z.string(), digest: z.string().optional() })) }), b)) },
    ],
    capabilities: [
      { path: 'api/tags', what: 'model listing; the same API pulls, creates and deletes models (POST /api/pull, /api/create, /api/delete)', techniques: [...LISTING, ...EXEC], severity: 'high', read: (b) => ((t) => t && `lists models ${list(t.models, (m: { name: string }) => m.name)}`)(parse(z.object({ models: z.array(z.looseObject({ name: z.string() })) }), b)) },
    ],
  },
  {
    name: 'jupyter',
    title: 'Jupyter Server / Notebook',
    package: 'jupyter-server',
    fingerprints: [{ path: 'api', read: (b) => ((v) => v && { version: v.version, detail: `Jupyter Server ${v.version}` })(parse(z.strictObject({ version: z.string() }), b)) }],
    capabilities: [
      { path: 'api/kernels', what: 'code execution (kernels run any code sent to them)', techniques: EXEC, severity: 'critical', read: (b) => ((k) => k && `lists ${k.length} kernel(s); POST /api/kernels starts one`)(parse(z.array(z.looseObject({ id: z.string() })), b)) },
      { path: 'api/terminals', what: 'a shell (terminals)', techniques: EXEC, severity: 'critical', read: (b) => ((t) => t && `lists ${t.length} terminal(s)`)(parse(z.array(z.looseObject({ name: z.string() })), b)) },
      { path: 'api/contents', what: 'file access (the contents API reads and writes files)', techniques: FILES, severity: 'high', read: (b) => ((c) => c && `lists ${c.content?.length ?? 0} entries of ${c.path || '/'}`)(parse(z.looseObject({ type: z.literal('directory'), path: z.string(), content: z.array(z.unknown()).nullable().optional() }), b)) },
    ],
  },
  {
    name: 'mlflow',
    title: 'MLflow tracking server',
    package: 'mlflow',
    fingerprints: [
      { path: 'version', read: (b) => (/^\d+\.\d+\.\d+\S*$/.test(b.trim()) ? { version: b.trim(), detail: `MLflow ${b.trim()}` } : undefined) },
      { path: 'api/2.0/mlflow/experiments/search?max_results=5', read: (b) => ((e) => e && { detail: 'MLflow tracking API' })(parse(z.looseObject({ experiments: z.array(z.looseObject({ experiment_id: z.string() })) }), b)) },
    ],
    capabilities: [
      { path: 'api/2.0/mlflow/experiments/search?max_results=5', what: 'experiments, runs and their parameters', techniques: LISTING, severity: 'medium', read: (b) => ((e) => e && `lists experiments ${list(e.experiments, (x: { name?: string }) => x.name)}`)(parse(z.looseObject({ experiments: z.array(z.looseObject({ name: z.string().optional() })) }), b)) },
      { path: 'api/2.0/mlflow-artifacts/artifacts', what: 'file access (the artifact proxy reads and writes the artifact store)', techniques: FILES, severity: 'high', read: (b) => ((f) => f && `lists ${f.files?.length ?? 0} artifact path(s)`)(parse(z.looseObject({ files: z.array(z.looseObject({ path: z.string() })).optional() }), b)) },
    ],
  },
  {
    name: 'tensorboard',
    title: 'TensorBoard',
    package: 'tensorboard',
    fingerprints: [{ path: 'data/environment', read: (b) => ((e) => e && { version: e.version, detail: `TensorBoard ${e.version ?? ''}`.trim() })(parse(z.looseObject({ data_location: z.string(), version: z.string().optional() }), b)) }],
    capabilities: [
      { path: 'data/environment', what: 'training logs and where they live', techniques: LISTING, severity: 'medium', read: (b) => ((e) => e && `serves training logs from ${e.data_location}`)(parse(z.looseObject({ data_location: z.string() }), b)) },
    ],
  },
  {
    name: 'gradio',
    title: 'Gradio app',
    package: 'gradio',
    fingerprints: [{ path: 'config', read: (b) => ((c) => c && { version: c.version, detail: `Gradio ${c.version}` })(parse(z.looseObject({ version: z.string(), mode: z.string().optional(), components: z.array(z.unknown()) }), b)) }],
    capabilities: [
      { path: 'config', what: 'the app and its prediction functions (callable without authentication)', techniques: INFERENCE, severity: 'medium', read: (b) => ((c) => c && `describes ${c.components.length} component(s) and ${c.dependencies?.length ?? 0} callable function(s)`)(parse(z.looseObject({ components: z.array(z.unknown()), dependencies: z.array(z.unknown()).optional(), auth_required: z.boolean().optional() }).refine((c) => c.auth_required !== true), b)) },
    ],
  },
  {
    name: 'vllm',
    title: 'vLLM OpenAI-compatible server',
    package: 'vllm',
    fingerprints: [
      { path: 'version', read: (b) => ((v) => v && { version: v.version, detail: `vLLM ${v.version}` })(parse(z.strictObject({ version: z.string() }), b)) },
      { path: 'v1/models', read: (b) => ((m) => m && m.data.some((d) => d.owned_by === 'vllm') ? { detail: 'vLLM model list' } : undefined)(parse(z.looseObject({ object: z.literal('list'), data: z.array(z.looseObject({ id: z.string(), owned_by: z.string().optional() })) }), b)) },
    ],
    capabilities: [
      { path: 'v1/models', what: 'unauthenticated inference (the OpenAI-compatible API answers anyone)', techniques: [...INFERENCE, ...LISTING], severity: 'high', read: (b) => ((m) => m && `serves ${list(m.data, (d: { id: string }) => d.id)}`)(parse(z.looseObject({ object: z.literal('list'), data: z.array(z.looseObject({ id: z.string() })) }), b)) },
    ],
  },
  {
    name: 'triton',
    title: 'Triton Inference Server',
    fingerprints: [{ path: 'v2', read: (b) => ((s) => s && s.name === 'triton' && { version: s.version, detail: `Triton ${s.version}` })(parse(z.looseObject({ name: z.string(), version: z.string(), extensions: z.array(z.string()).optional() }), b)) || undefined }],
    capabilities: [
      { path: 'v2', what: 'model control (the model_repository extension loads and unloads models: POST /v2/repository/models/NAME/load)', techniques: EXEC, severity: 'high', read: (b) => ((s) => s && s.extensions.includes('model_repository') ? 'announces the model_repository extension' : undefined)(parse(z.looseObject({ name: z.literal('triton'), extensions: z.array(z.string()) }), b)) },
      { path: 'v2/models/stats', what: 'model listing', techniques: LISTING, severity: 'medium', read: (b) => ((s) => s && `reports statistics of ${list(s.model_stats, (m: { name: string }) => m.name)} model(s)`)(parse(z.looseObject({ model_stats: z.array(z.looseObject({ name: z.string() })) }), b)) },
    ],
  },
  {
    name: 'torchserve',
    title: 'TorchServe management API',
    package: 'torchserve',
    fingerprints: [{ path: 'models', read: (b) => ((m) => m && { detail: 'TorchServe management API' })(parse(z.object({ models: z.array(z.looseObject({ modelName: z.string(), modelUrl: z.string() })) }), b)) }],
    capabilities: [
      { path: 'models', what: 'model loading (the management API registers models from URLs: POST /models?url=…)', techniques: [...EXEC, ...LISTING], severity: 'critical', read: (b) => ((m) => m && `lists ${list(m.models, (x: { modelName: string }) => x.modelName)}`)(parse(z.object({ models: z.array(z.looseObject({ modelName: z.string() })) }), b)) },
    ],
  },
  {
    name: 'kubeflow',
    title: 'Kubeflow (Pipelines API, central dashboard)',
    fingerprints: [
      { path: 'apis/v1beta1/healthz', read: (b) => ((h) => h && { version: h.tag_name, detail: `Kubeflow Pipelines ${h.tag_name}${h.multi_user === false ? ' (single-user: no authentication)' : ''}` })(parse(z.looseObject({ tag_name: z.string(), commit_sha: z.string().optional(), multi_user: z.boolean().optional() }), b)) },
      { path: 'api/workgroup/env-info', read: (b) => ((e) => e && { version: e.platform.kubeflowVersion, detail: `Kubeflow ${e.platform.kubeflowVersion ?? ''}`.trim() })(parse(z.looseObject({ platform: z.looseObject({ kubeflowVersion: z.string().optional() }) }), b)) },
    ],
    capabilities: [
      { path: 'apis/v1beta1/pipelines', what: 'pipeline runs (creating a run executes containers on the cluster)', techniques: EXEC, severity: 'critical', read: (b) => ((p) => p && `lists ${p.pipelines?.length ?? 0} pipeline(s)`)(parse(z.looseObject({ pipelines: z.array(z.looseObject({ name: z.string().optional() })).optional(), total_size: z.number().optional() }).refine((p) => p.pipelines !== undefined || p.total_size !== undefined), b)) },
    ],
  },
];
