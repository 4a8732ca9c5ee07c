import { z } from 'zod';

/**
 * TARGET.yaml: how Rampart reaches one prediction API. Credentials are never literal here: header values use
 * `${ENV_VAR}` parts or `file:PATH` (see credentials.ts). A `preset` (presets.ts) fills in the rest for the
 * common servers. Documented in src/attacks/README.md, "Target files".
 */
export const RateLimit = z.strictObject({ perSecond: z.number().positive(), burst: z.number().int().positive().default(1) });
export const Retries = z
  .strictObject({ max: z.number().int().min(0).max(10).default(3), baseDelayMs: z.number().int().min(0).default(250), maxDelayMs: z.number().int().positive().default(10_000) })
  .default({ max: 3, baseDelayMs: 250, maxDelayMs: 10_000 });

const Common = {
  /** Shown in every message and in the evidence. */
  name: z.string().min(1).optional(),
  /** The preset the file started from, kept for messages. */
  preset: z.string().optional(),
  features: z.number().int().positive().optional(),
  classes: z.number().int().min(2).optional(),
  /** Most queries (inputs predicted) this target may receive in one run; --budget may lower it. */
  budget: z.number().int().positive().optional(),
  rateLimit: RateLimit.optional(),
  timeoutMs: z.number().int().positive().default(30_000),
  retries: Retries,
  queryLog: z
    .union([z.string().min(1).transform((path) => ({ path, includeInputs: false })), z.strictObject({ path: z.string().min(1), includeInputs: z.boolean().default(false) })])
    .optional(),
};

export const Headers = z.record(z.string(), z.string()).default({});
export const HttpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'an http:// or https:// URL').refine((u) => !/\/\/[^/]*@/.test(u), 'put credentials in headers, not in the URL');

/** Where to read something in an answer: a dotted path (`predictions`, `outputs[0].data`, `predictions.*.label`) or a JSONata expression. */
export const Selector = z.union([z.string(), z.strictObject({ jsonata: z.string().min(1) })]);
export type Selector = z.output<typeof Selector>;

/** Feature names for records and CSV headers: a list, or a pattern with `{i}` (0-based), e.g. `f{i}`. */
export const Columns = z.union([z.array(z.string().min(1)).min(1), z.string().regex(/\{i\}/, 'a pattern with {i}, e.g. "f{i}"')]);

/** One input tensor: a fixed shape per input (the batch dimension is added in front, or replaces a -1). */
export const Shape = z.array(z.number().int().min(-1)).min(1);

export const HttpRequest = z.strictObject({
  /** How the body is written: JSON (default), a form, CSV rows, plain text, or nothing (GET: `query`). */
  body: z.enum(['json', 'form', 'csv', 'text', 'query']).optional(),
  /** The body (or query) with `"{{inputs}}"`, `"{{input}}"`, `"{{columns}}"` values or `{{input}}` parts in strings. */
  template: z.unknown().optional(),
  /** Legacy: the input goes at this path of the template (default `inputs` when no placeholder is used). */
  inputPath: z.string().optional(),
  /** How one input is written: a list of numbers, an object keyed by `columns`, or nested to `shape`. */
  input: z.enum(['array', 'record', 'tensor']).optional(),
  columns: Columns.optional(),
  shape: Shape.optional(),
  /** Builds the body from `{ inputs, input, columns, records, n }`; wins over template. */
  jsonata: z.string().min(1).optional(),
  contentType: z.string().min(1).optional(),
  /** The API takes several inputs per call, up to this many. */
  maxBatch: z.number().int().min(1).max(10_000).optional(),
});
export type HttpRequest = z.output<typeof HttpRequest>;

export const HttpResponse = z
  .strictObject({
    /** How the body is read; by its content-type when omitted (JSON unless it says CSV or text). */
    format: z.enum(['json', 'csv', 'text']).optional(),
    /** Per-input answers, each read by its shape: a number or name is a label, numbers are scores, `{class: score}` top-k. */
    answers: Selector.optional(),
    /** Labels, one per input, read from the whole response (parallel arrays: `labels: predictions`). */
    labels: Selector.optional(),
    /** Scores, one list (or `{class: score}` map) per input, read from the whole response. */
    scores: Selector.optional(),
    /** Legacy: the array of per-input answers in a batched response, inside which labelPath and scoresPath are read. */
    itemsPath: z.string().optional(),
    labelPath: z.string().optional(),
    scoresPath: z.string().optional(),
    classNames: z.array(z.string()).optional(),
  })
  .refine(
    (r) => [r.answers, r.labels, r.scores, r.labelPath, r.scoresPath, r.itemsPath].some((v) => v !== undefined),
    'say where the answer is: answers, labels and/or scores (or a preset that does)',
  );
export type HttpResponse = z.output<typeof HttpResponse>;

export const HttpJsonTargetFile = z.strictObject({
  kind: z.literal('http-json'),
  url: HttpUrl,
  method: z.enum(['GET', 'POST', 'PUT']).default('POST'),
  headers: Headers,
  request: HttpRequest.default({}),
  response: HttpResponse,
  ...Common,
});

const Datatype = z.enum(['FP16', 'FP32', 'FP64', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);

/** One v2 input tensor; it takes the next `product(shape)` features of each input, in order. */
export const V2Input = z.strictObject({ name: z.string().min(1), shape: Shape.optional(), datatype: Datatype.default('FP32') });

export const KserveV2TargetFile = z.strictObject({
  kind: z.literal('kserve-v2'),
  /** The server's base URL, or the full `…/infer` URL. */
  url: HttpUrl,
  model: z.string().min(1),
  version: z.string().optional(),
  headers: Headers,
  inputName: z.string().default('input'),
  datatype: Datatype.default('FP32'),
  /** Shape of one input without the batch dimension, e.g. [1, 8, 8] (sent as [n, 1, 8, 8]); [features] by default. */
  shape: Shape.optional(),
  /** Several input tensors: the features are split among them in order. Wins over inputName, datatype and shape. */
  inputs: z.array(V2Input).min(1).optional(),
  /** Outputs to ask for in the request, e.g. [predict_proba] for MLServer; the server's defaults when omitted. */
  requestOutputs: z.array(z.string().min(1)).min(1).optional(),
  scoresOutput: z.string().optional(),
  labelOutput: z.string().optional(),
  maxBatch: z.number().int().min(1).max(10_000).default(64),
  ...Common,
});

export const OnnxTargetFile = z.strictObject({
  kind: z.literal('onnx'),
  /** Relative to the target file. */
  path: z.string().min(1),
  inputName: z.string().optional(),
  outputName: z.string().optional(),
  maxBatch: z.number().int().min(1).default(256),
  /** onnxruntime intra-op threads; omit for its default. 1 suits small models attacked in many small calls. */
  threads: z.number().int().min(1).max(256).optional(),
  ...Common,
});

export const TargetFile = z.discriminatedUnion('kind', [HttpJsonTargetFile, KserveV2TargetFile, OnnxTargetFile]);
export type TargetFile = z.output<typeof TargetFile>;
export type HttpJsonTargetFile = z.output<typeof HttpJsonTargetFile>;
export type KserveV2TargetFile = z.output<typeof KserveV2TargetFile>;
