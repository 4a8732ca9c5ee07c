import { basename, dirname, resolve } from 'node:path';
import { readSourceFile } from '../util/yaml-source.ts';
import { parseWith } from '../util/zod-input.ts';
import { resolveSecret } from './credentials.ts';
import { guardTarget, type Transport } from './guarded-target.ts';
import { httpJsonTransport } from './http-json/http-json-transport.ts';
import { kserveV2Transport } from './kserve-v2/kserve-v2-transport.ts';
import { onnxTransport } from './onnx/onnx-transport.ts';
import type { PredictionTarget } from './prediction-target.ts';
import { fileQueryLog } from './query-log.ts';
import { TargetFile } from './target-file.ts';
import { expandPreset } from './presets.ts';
import { RampartError } from '../errors.ts';

export interface OpenOptions {
  /** Lowers the file's budget (never raises it: the file is the owner's word). */
  budget?: number;
  /** Exposure probing must see the server's own limit: no client-side limit and no retries. */
  probe?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Overrides the file's query log path. */
  queryLog?: string;
  /** Writes the inputs and scores into the query log too (what `rampart monitor` needs to replay it). */
  queryLogInputs?: boolean;
}

/** Read TARGET.yaml (or JSON) and open the target it describes. */
export async function openTargetFile(file: string, options: OpenOptions = {}): Promise<PredictionTarget> {
  const source = await readSourceFile(file, 'target file');
  const spec = parseWith(TargetFile, { ...source, data: withPresetWhere(source.data, file) }, 'target file', 'see "Target files" in src/attacks/README.md');
  return openTarget(spec, { ...options, baseDir: dirname(resolve(file)), fallbackName: basename(file).replace(/\.(ya?ml|json)$/, ''), file });
}

export async function openTarget(spec: TargetFile, options: OpenOptions & { baseDir: string; fallbackName: string; file?: string }): Promise<PredictionTarget> {
  const env = options.env ?? process.env;
  const secrets: string[] = [];
  const headers: Record<string, string> = {};
  if (spec.kind !== 'onnx') {
    for (const [key, value] of Object.entries(spec.headers)) {
      const resolved = resolveSecret(value, env, options.baseDir, { file: options.file, path: `headers.${key}` });
      if (resolved !== value) secrets.push(resolved);
      headers[key] = resolved;
    }
  }
  let transport: Transport;
  switch (spec.kind) {
    case 'http-json':
      transport = await withWhere(options.file, () =>
        httpJsonTransport({
          url: spec.url,
          method: spec.method,
          headers,
          secrets,
          request: spec.request,
          response: spec.response,
          features: spec.features,
          classes: spec.classes ?? spec.response.classNames?.length,
        }),
      );
      break;
    case 'kserve-v2':
      transport = kserveV2Transport({
        url: spec.url,
        model: spec.model,
        version: spec.version,
        headers,
        secrets,
        tensors: spec.inputs ?? [{ name: spec.inputName, datatype: spec.datatype, shape: spec.shape }],
        requestOutputs: spec.requestOutputs,
        scoresOutput: spec.scoresOutput,
        labelOutput: spec.labelOutput,
        maxBatch: spec.maxBatch,
        features: spec.features,
        classes: spec.classes,
      });
      break;
    case 'onnx':
      transport = await onnxTransport({ path: resolve(options.baseDir, spec.path), inputName: spec.inputName, outputName: spec.outputName, features: spec.features, maxBatch: spec.maxBatch, threads: spec.threads });
      break;
  }
  const budget = [spec.budget, options.budget].filter((b): b is number => b !== undefined);
  const logSpec = options.queryLog ?? spec.queryLog?.path;
  return guardTarget(spec.name ?? options.fallbackName, transport, {
    budget: budget.length > 0 ? Math.min(...budget) : undefined,
    rateLimit: options.probe ? undefined : spec.rateLimit,
    retry: options.probe ? { ...spec.retries, max: 0 } : spec.retries,
    timeoutMs: spec.timeoutMs,
    log: logSpec ? fileQueryLog(resolve(options.baseDir, logSpec)) : undefined,
    logInputs: options.queryLogInputs ?? spec.queryLog?.includeInputs ?? false,
  });
}

/** Expands a preset, naming the file in its errors. */
function withPresetWhere(data: unknown, file: string): unknown {
  try {
    return expandPreset(data);
  } catch (error) {
    if (error instanceof RampartError) throw new RampartError(error.kind, error.message, { ...error.where, file }, error.hint);
    throw error;
  }
}

/** Open-time errors from a transport (a template that cannot work) name the target file. */
async function withWhere<T>(file: string | undefined, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof RampartError && file !== undefined) throw new RampartError(error.kind, error.message, { ...error.where, file }, error.hint);
    throw error;
  }
}
