import type { Vector } from '../../ml/vector.ts';
import { ProtocolError, type Transport } from '../guarded-target.ts';
import { callJson } from '../http-call.ts';
import { getPath, setPath } from '../json-path.ts';
import type { Prediction } from '../prediction-target.ts';

export interface HttpJsonOptions {
  url: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  secrets: string[];
  /** JSON body with the input (or the batch of inputs) placed at `inputPath`. */
  template: unknown;
  inputPath: string;
  /** When set, the API takes up to this many inputs per call as an array at `inputPath`. */
  maxBatch: number | undefined;
  /** Path to the array of per-input answers in a batched response ("" when the body is that array). */
  itemsPath: string;
  labelPath: string | undefined;
  scoresPath: string | undefined;
  /** Maps string labels to class indices. */
  classNames: string[] | undefined;
  features: number | undefined;
  classes: number | undefined;
}

/** A generic JSON prediction API: request template in, label and scores read by path. */
export function httpJsonTransport(options: HttpJsonOptions): Transport {
  const batched = options.maxBatch !== undefined;
  return {
    features: options.features,
    classes: options.classes,
    maxBatch: options.maxBatch ?? 1,
    endpoint: `${options.method} ${options.url}`,
    async send(inputs, signal) {
      const payload = batched ? inputs.map(toArray) : toArray(inputs[0] as Vector);
      const body = setPath(options.template, options.inputPath, payload);
      const { json, status } = await callJson({ url: options.url, method: options.method, headers: options.headers, body, signal, secrets: options.secrets });
      const items = batched ? getPath(json, options.itemsPath) : [json];
      if (!Array.isArray(items)) throw new ProtocolError(`response has no array at "${options.itemsPath}"`, status);
      return { predictions: items.map((item, i) => readPrediction(item, i, options, status)), status };
    },
    close: async () => undefined,
  };
}

function toArray(v: Vector): number[] {
  return Array.from(v);
}

/** Read one answer; a label may be missing when scores are given (argmax), and scores may be a class → score map (top-k). */
export function readPrediction(item: unknown, index: number, options: Pick<HttpJsonOptions, 'labelPath' | 'scoresPath' | 'classNames' | 'classes'>, status?: number): Prediction {
  const where = `answer ${index}`;
  let scores: Float64Array | undefined;
  let scoredClasses: number | undefined;
  if (options.scoresPath !== undefined) {
    const raw = getPath(item, options.scoresPath);
    if (Array.isArray(raw)) {
      scores = Float64Array.from(raw, (v) => (typeof v === 'number' ? v : Number.NaN));
    } else if (raw !== null && typeof raw === 'object') {
      const entries = Object.entries(raw as Record<string, unknown>);
      const classes = options.classes ?? options.classNames?.length;
      if (classes === undefined) throw new ProtocolError(`${where}: scores are a map; declare "classes" in the target file`, status);
      scores = new Float64Array(classes);
      for (const [key, value] of entries) {
        const k = classIndex(key, options.classNames);
        if (k === undefined || k >= classes) {
          throw new ProtocolError(`${where}: score for unknown class ${JSON.stringify(key)}${options.classNames ? '' : '; scores keyed by class name need "classNames" in the target file'}`, status);
        }
        scores[k] = typeof value === 'number' ? value : Number.NaN;
      }
      scoredClasses = entries.length;
    } else {
      const hint = raw === undefined || raw === null ? '; if the API returns labels only, drop scoresPath from the target file' : '';
      throw new ProtocolError(`${where}: no scores at "${options.scoresPath}" (got ${raw === undefined ? 'nothing' : raw === null ? 'null' : typeof raw})${hint}`, status);
    }
  }
  let label: number | undefined;
  if (options.labelPath !== undefined) {
    const raw = getPath(item, options.labelPath);
    label = typeof raw === 'number' ? raw : typeof raw === 'string' ? classIndex(raw, options.classNames) : undefined;
    if (label === undefined) {
      const hint = typeof raw === 'string' ? (options.classNames ? ', not one of classNames' : '; string labels need "classNames" in the target file') : '';
      throw new ProtocolError(`${where}: no class label at "${options.labelPath}" (got ${JSON.stringify(raw)?.slice(0, 40) ?? 'nothing'})${hint}`, status);
    }
  } else if (scores) {
    label = argmaxOf(scores);
  } else {
    throw new ProtocolError(`${where}: the target file gives neither a label path nor a scores path`, status);
  }
  return { label, ...(scores ? { scores } : {}), ...(scoredClasses !== undefined && scoredClasses < scores!.length ? { scoredClasses } : {}) };
}

function classIndex(key: string, names: string[] | undefined): number | undefined {
  if (names) {
    const i = names.indexOf(key);
    if (i >= 0) return i;
  }
  return /^\d+$/.test(key) ? Number(key) : undefined;
}

function argmaxOf(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if ((v[i] as number) > (v[best] as number)) best = i;
  return best;
}
