import { inputError, RampartError } from '../../errors.ts';
import type { Vector } from '../../ml/vector.ts';
import { setPath } from '../json-path.ts';
import type { HttpRequest } from '../target-file.ts';
import { compileExpression } from './expression.ts';
import { fillTemplate, hasPlaceholder, type Batch } from './placeholders.ts';

export type BodyKind = 'json' | 'form' | 'csv' | 'text' | 'query';

/** One call's request: the URL (a GET carries its inputs in the query), headers and body. */
export interface BuiltRequest {
  url: string;
  contentType: string | undefined;
  body: string | undefined;
}

export interface RequestBuilder {
  readonly body: BodyKind;
  build(inputs: readonly Vector[]): Promise<BuiltRequest>;
  /** Builds a request for a stand-in input, so a template that cannot work fails at open time, not on query 1. */
  check(): Promise<void>;
}

const CONTENT_TYPES: Record<BodyKind, string | undefined> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  csv: 'text/csv',
  text: 'text/plain',
  query: undefined,
};

/** The request side of an http-json target file, checked once at open time. */
export function requestBuilder(url: string, method: string, spec: HttpRequest, features: number | undefined): RequestBuilder {
  const body: BodyKind = spec.body ?? (method === 'GET' ? 'query' : 'json');
  if (method === 'GET' && body !== 'query') throw inputError(`a GET request has no body; request.body "${body}" cannot be sent`, { path: 'request.body' }, 'use body: query (the default for GET) or method: POST');
  const batched = spec.maxBatch !== undefined;
  const columns = resolveColumns(spec.columns, features);
  if ((spec.input === 'record' || body === 'csv') && spec.columns !== undefined && columns === undefined) {
    throw inputError('request.columns is a pattern but the number of features is unknown', { path: 'request.columns' }, 'declare "features" in the target file, or list the columns');
  }
  if (spec.input === 'record' && spec.columns === undefined) throw inputError('request.input "record" needs request.columns (names, or a pattern like "f{i}")', { path: 'request.input' });
  if (spec.input === 'tensor' && spec.shape === undefined) throw inputError('request.input "tensor" needs request.shape, e.g. [1, 8, 8]', { path: 'request.input' });
  const expression = spec.jsonata !== undefined ? compileExpression(spec.jsonata, 'request.jsonata') : undefined;
  const templated = spec.template !== undefined && hasPlaceholder(spec.template);

  const valueFor = async (batch: Batch): Promise<unknown> => {
    if (expression) return expression.evaluate({ inputs: batch.inputs, input: batch.inputs[0], columns: batch.columns, records: batch.records, n: batch.inputs.length });
    if (templated) return fillTemplate(spec.template, batch, 'request.template');
    if (body === 'csv' && spec.template === undefined) return csvRows(batch, spec.columns !== undefined);
    // The original form: the input (or the batch) placed at inputPath of the template.
    return setPath(spec.template ?? {}, spec.inputPath ?? 'inputs', batched ? batch.inputs : batch.inputs[0]);
  };

  const build = async (batch: Batch): Promise<BuiltRequest> => encode(url, body, await valueFor(batch), spec.contentType ?? CONTENT_TYPES[body]);
  return {
    body,
    build: (inputs) => build(shapeBatch(inputs, spec, columns)),
    async check() {
      try {
        await build(sampleBatch(spec, columns, features));
      } catch (error) {
        if (error instanceof RampartError) throw error;
        throw inputError(`the request cannot be built: ${(error as Error).message}`, { path: spec.jsonata !== undefined ? 'request.jsonata' : 'request' }, 'see "Target files" in src/attacks/README.md');
      }
    },
  };
}

function encode(url: string, body: BodyKind, value: unknown, contentType: string | undefined): BuiltRequest {
  switch (body) {
    case 'json':
      return { url, contentType, body: JSON.stringify(value) };
    case 'csv':
    case 'text':
      if (typeof value !== 'string') throw new TypeError(`a ${body} body must be text; the template or expression made ${Array.isArray(value) ? 'an array' : typeof value}`);
      return { url, contentType, body: value };
    case 'form':
      return { url, contentType, body: formEncode(value).toString() };
    case 'query': {
      const target = new URL(url);
      for (const [k, v] of formEncode(value)) target.searchParams.append(k, v);
      return { url: target.href, contentType, body: undefined };
    }
  }
}

/** Flat key/value pairs; a list becomes comma-separated numbers, anything nested becomes JSON. */
function formEncode(value: unknown): URLSearchParams {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('a form or query string needs an object of fields (e.g. template: { x: "{{input}}" })');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v) && v.every((e) => typeof e !== 'object')) params.append(k, v.join(','));
    else params.append(k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  }
  return params;
}

function csvRows(batch: Batch, header: boolean): string {
  const rows = batch.raw.map((x) => Array.from(x).join(','));
  return `${[...(header && batch.columns ? [batch.columns.join(',')] : []), ...rows].join('\n')}\n`;
}

export function resolveColumns(columns: HttpRequest['columns'], features: number | undefined): string[] | undefined {
  if (columns === undefined) return undefined;
  if (Array.isArray(columns)) return columns;
  return features === undefined ? undefined : Array.from({ length: features }, (_, i) => columns.replaceAll('{i}', String(i)));
}

/** Each input written as the file says: a list, a record keyed by column, or nested to a shape. */
function shapeBatch(inputs: readonly Vector[], spec: HttpRequest, columns: string[] | undefined): Batch {
  const raw = inputs.map((v) => Array.from(v));
  const records = columns ? raw.map((x, i) => toRecord(x, columns, i)) : undefined;
  const shaped = spec.input === 'record' ? (records as unknown[]) : spec.input === 'tensor' ? raw.map((x) => nest(x, spec.shape as number[])) : raw;
  return { raw, inputs: shaped, columns, records };
}

function toRecord(x: number[], columns: string[], index: number): Record<string, number> {
  if (columns.length !== x.length) throw new TypeError(`input ${index} has ${x.length} features for ${columns.length} columns`);
  return Object.fromEntries(columns.map((c, k) => [c, x[k] as number]));
}

/** Row-major nesting of a flat vector, e.g. 64 values to [1, 8, 8]. */
export function nest(x: readonly number[], shape: readonly number[]): unknown {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== x.length) throw new TypeError(`an input of ${x.length} features does not fill shape [${shape.join(', ')}] (${size} values)`);
  const build = (offset: number, dims: readonly number[]): unknown => {
    const [first = 1, ...rest] = dims;
    if (rest.length === 0) return x.slice(offset, offset + first);
    const stride = rest.reduce((a, b) => a * b, 1);
    return Array.from({ length: first }, (_, i) => build(offset + i * stride, rest));
  };
  return build(0, shape);
}

/** A stand-in batch to check the template's placeholders at open time. */
function sampleBatch(spec: HttpRequest, columns: string[] | undefined, features: number | undefined): Batch {
  const width = columns?.length ?? features ?? (spec.shape ? spec.shape.reduce((a, b) => a * b, 1) : 2);
  return shapeBatch([new Float64Array(width)], spec, columns);
}
