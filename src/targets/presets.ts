import { z } from 'zod';
import { inputError } from '../errors.ts';

/**
 * Presets: what the common model servers take and answer, so a target file is `preset:` + `url:` (+ `model:`).
 * Each expands to an ordinary http-json or kserve-v2 target file; every key the file writes itself wins
 * (request and response are merged key by key). The table in src/attacks/README.md is written from this one.
 */
export const PRESETS = ['mlflow', 'kserve-v2', 'triton', 'torchserve', 'bentoml', 'sagemaker', 'vertex', 'tf-serving', 'ray-serve'] as const;
export type PresetName = (typeof PRESETS)[number];

/** The keys only a preset file has: the model's name and version complete the URL. */
export const PresetFields = z.looseObject({
  preset: z.enum(PRESETS),
  url: z.string(),
  model: z.string().min(1).optional(),
  version: z.string().min(1).optional(),
});

type Spec = Record<string, unknown>;

interface Preset {
  /** The URL from the one written: a base URL gets the server's route. */
  url(base: string, file: z.output<typeof PresetFields>): string;
  /** The target file the preset stands for; `file` is what the user wrote (to pick a variant). */
  spec(file: Spec): Spec;
}

const root = (url: string): boolean => /^https?:\/\/[^/]+\/?$/.test(url);
const trim = (url: string): string => url.replace(/\/+$/, '');
const needModel = (name: string, file: z.output<typeof PresetFields>): string => {
  if (file.model === undefined) throw inputError(`preset ${name} needs "model" (or the full URL of the model's route)`, { path: 'model' });
  return encodeURIComponent(file.model);
};
const request = (file: Spec): Spec => (file.request && typeof file.request === 'object' ? (file.request as Spec) : {});

const instances: Preset = {
  url: (u) => u,
  spec: () => ({ kind: 'http-json', request: { template: { instances: '{{inputs}}' }, maxBatch: 64 }, response: { answers: '' } }),
};

const table: Record<PresetName, Preset> = {
  // MLflow's scoring server (`mlflow models serve`): POST /invocations, pandas split or records, or tensors.
  mlflow: {
    url: (u) => (root(u) ? `${trim(u)}/invocations` : u),
    spec(file) {
      const r = request(file);
      const template =
        r.input === 'record' ? { dataframe_records: '{{inputs}}' } : r.columns !== undefined ? { dataframe_split: { columns: '{{columns}}', data: '{{inputs}}' } } : { inputs: '{{inputs}}' };
      // Read from the top: MLflow 2 wraps the answers in { predictions }, MLflow 1 sent the bare list.
      return { kind: 'http-json', request: { template, maxBatch: 64 }, response: { answers: '' } };
    },
  },
  'kserve-v2': { url: (u) => u, spec: () => ({ kind: 'kserve-v2' }) },
  triton: { url: (u) => u, spec: () => ({ kind: 'kserve-v2' }) },
  // TorchServe's inference API: one input per request (the server batches), the handler's JSON back.
  torchserve: {
    url: (u, f) => (root(u) ? `${trim(u)}/predictions/${needModel('torchserve', f)}${f.version ? `/${encodeURIComponent(f.version)}` : ''}` : u),
    spec: () => ({ kind: 'http-json', request: { template: '{{input}}' }, response: { answers: '' } }),
  },
  // BentoML: POST /<api>, a JSON array of rows in (NumpyNdarray / JSON IO), a JSON array out.
  bentoml: {
    url: (u) => (root(u) ? `${trim(u)}/predict` : u),
    spec: () => ({ kind: 'http-json', request: { template: '{{inputs}}', maxBatch: 64 }, response: { answers: '' } }),
  },
  // SageMaker's container contract: POST /invocations with CSV rows; JSON or CSV back.
  sagemaker: {
    url: (u) => (root(u) ? `${trim(u)}/invocations` : u),
    spec: () => ({ kind: 'http-json', request: { body: 'csv', maxBatch: 64 }, response: { answers: '' } }),
  },
  // Vertex AI and KServe v1 / TensorFlow Serving: {"instances": [...]} in, {"predictions": [...]} out.
  vertex: instances,
  'tf-serving': {
    url: (u, f) => (root(u) ? `${trim(u)}/v1/models/${needModel('tf-serving', f)}${f.version ? `/versions/${encodeURIComponent(f.version)}` : ''}:predict` : u),
    spec: instances.spec,
  },
  // Ray Serve routes are the deployment's own; its tutorials take {"array": [...]} per request.
  'ray-serve': { url: (u) => u, spec: () => ({ kind: 'http-json', request: { template: { array: '{{input}}' } }, response: { answers: '' } }) },
};

/** A preset file as the ordinary target file it stands for; a file without `preset` is returned as it is. */
export function expandPreset(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || !('preset' in data)) return data;
  const parsed = PresetFields.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || 'preset';
    throw inputError(`target file: ${path}: ${issue?.message ?? 'invalid'}`, { path }, `presets: ${PRESETS.join(', ')}`);
  }
  const file = parsed.data;
  const preset = table[file.preset];
  const { model, version, ...rest } = file as Spec & { model?: string; version?: string };
  const base = preset.spec(file as Spec);
  const merged: Spec = { ...base, ...rest, url: preset.url(file.url, file) };
  for (const part of ['request', 'response'] as const) {
    if (base[part] !== undefined || rest[part] !== undefined) merged[part] = { ...(base[part] as Spec | undefined), ...(rest[part] as Spec | undefined) };
  }
  if (base.kind === 'kserve-v2') {
    if (model !== undefined) merged.model = model;
    if (version !== undefined) merged.version = version;
  }
  // A file that names where the answer is replaces the preset's reading, not adds to it.
  const response = merged.response as Spec | undefined;
  const own = rest.response as Spec | undefined;
  if (response && own && ['labels', 'scores', 'labelPath', 'scoresPath', 'itemsPath'].some((k) => k in own) && !('answers' in own)) delete response.answers;
  return merged;
}

/** A preset file for the JSON Schema: the preset's keys plus any key of the kind it expands to. */
const PresetFile = PresetFields.extend({ url: z.string().regex(/^https?:\/\//) }).catchall(z.unknown());

/** The JSON Schema of TARGET.yaml shipped in schemas/target.schema.json (`npm run schemas`). */
export function targetJsonSchema(targetFile: z.ZodType): object {
  return {
    ...z.toJSONSchema(z.union([PresetFile, targetFile]), { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    $id: 'https://github.com/rampart/rampart/schemas/target.schema.json',
    title: 'Rampart prediction-API target file',
    description: 'How Rampart reaches one prediction API (http-json, kserve-v2, onnx), or a preset for a common model server. See src/attacks/README.md, "Target files".',
  };
}
