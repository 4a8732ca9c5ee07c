import { z } from 'zod';

/**
 * TARGET.yaml: how Rampart reaches one prediction API. Credentials are never literal here: header values use
 * `${ENV_VAR}` parts or `file:PATH` (see credentials.ts). Documented in src/attacks/README.md.
 */
export const RateLimit = z.strictObject({ perSecond: z.number().positive(), burst: z.number().int().positive().default(1) });
export const Retries = z
  .strictObject({ max: z.number().int().min(0).max(10).default(3), baseDelayMs: z.number().int().min(0).default(250), maxDelayMs: z.number().int().positive().default(10_000) })
  .default({ max: 3, baseDelayMs: 250, maxDelayMs: 10_000 });

const Common = {
  /** Shown in every message and in the evidence. */
  name: z.string().min(1).optional(),
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

export const HttpJsonTargetFile = z.strictObject({
  kind: z.literal('http-json'),
  url: HttpUrl,
  method: z.enum(['POST', 'PUT']).default('POST'),
  headers: Headers,
  request: z
    .strictObject({
      /** The JSON body; the input goes at `inputPath`. */
      template: z.unknown().default({}),
      inputPath: z.string().default('inputs'),
      /** The API takes several inputs per call (an array at inputPath), up to this many. */
      maxBatch: z.number().int().min(1).max(10_000).optional(),
    })
    .default({ template: {}, inputPath: 'inputs' }),
  response: z
    .strictObject({
      itemsPath: z.string().default('predictions'),
      labelPath: z.string().optional(),
      scoresPath: z.string().optional(),
      classNames: z.array(z.string()).optional(),
    })
    .refine((r) => r.labelPath !== undefined || r.scoresPath !== undefined, 'give labelPath, scoresPath or both'),
  ...Common,
});

export const KserveV2TargetFile = z.strictObject({
  kind: z.literal('kserve-v2'),
  url: HttpUrl,
  model: z.string().min(1),
  version: z.string().optional(),
  headers: Headers,
  inputName: z.string().default('input'),
  datatype: z.enum(['FP32', 'FP64']).default('FP32'),
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
