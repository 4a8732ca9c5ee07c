import { ProtocolError, type Transport } from '../guarded-target.ts';
import { callJson } from '../http-call.ts';
import type { Prediction } from '../prediction-target.ts';

export interface KserveV2Options {
  /** Server base URL, e.g. `http://host:8080`. */
  url: string;
  model: string;
  version: string | undefined;
  headers: Record<string, string>;
  secrets: string[];
  /** The input tensors; each takes the next product(shape) features of every input, in order. */
  tensors: V2Tensor[];
  /** Outputs to ask for by name (MLServer answers `predict_proba` only when asked). */
  requestOutputs: string[] | undefined;
  /** Output holding per-class scores (FP32/FP64, shape [n, classes]). */
  scoresOutput: string | undefined;
  /** Output holding class indices (INT*, shape [n] or [n, 1]). */
  labelOutput: string | undefined;
  maxBatch: number;
  features: number | undefined;
  classes: number | undefined;
}

export interface V2Tensor {
  name: string;
  datatype: string;
  /** Shape of one input's part without the batch dimension (which goes first, or replaces a -1); [width] when undefined. */
  shape?: number[] | undefined;
}

interface V2Output {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}

/** The KServe / Triton "v2" open inference protocol: POST {url}/v2/models/{model}[/versions/{v}]/infer. */
export function kserveV2Transport(options: KserveV2Options): Transport {
  const base = options.url.replace(/\/+$/, '');
  const url = /\/infer$/.test(base) ? base : `${base}/v2/models/${encodeURIComponent(options.model)}${options.version ? `/versions/${encodeURIComponent(options.version)}` : ''}/infer`;
  return {
    features: options.features,
    classes: options.classes,
    maxBatch: options.maxBatch,
    endpoint: `POST ${url}`,
    async send(inputs, signal) {
      const body = { inputs: tensorsFor(inputs, options.tensors), ...(options.requestOutputs ? { outputs: options.requestOutputs.map((name) => ({ name })) } : {}) };
      const { json, status } = await callJson({ url, method: 'POST', headers: options.headers, body, signal, secrets: options.secrets });
      const listed = (json as { outputs?: unknown }).outputs;
      if (!Array.isArray(listed)) throw new ProtocolError('response has no "outputs" array (not the v2 protocol?)', status);
      // The protocol allows data nested to the shape as well as flat (row-major).
      const outputs = listed.map((o: V2Output) => (o && Array.isArray(o.data) ? { ...o, data: o.data.flat(Infinity) } : o));
      const find = (name: string | undefined, want: 'scores' | 'label'): V2Output | undefined => {
        const list = outputs as V2Output[];
        if (name !== undefined) {
          const found = list.find((o) => o?.name === name);
          if (!found) throw new ProtocolError(`response has no output named "${name}" (has ${list.map((o) => o?.name).join(', ')})`, status);
          return found;
        }
        // One float per input is a label served as a float (3.0), not a score vector.
        const single = (o: V2Output): boolean => Array.isArray(o?.shape) && o.shape.slice(1).reduce((a, b) => a * b, 1) === 1 && !isClassification(o);
        return list.find((o) => (want === 'scores' ? (/^FP/.test(o?.datatype) && !single(o)) || isClassification(o) : /^U?INT/.test(o?.datatype) || (/^FP/.test(o?.datatype) && single(o))));
      };
      const scoresOut = find(options.scoresOutput, 'scores');
      const labelOut = options.labelOutput !== undefined || !scoresOut ? find(options.labelOutput, 'label') : undefined;
      if (!scoresOut && !labelOut) throw new ProtocolError('response has neither a float scores output nor an integer label output', status);
      const predictions: Prediction[] = [];
      for (let i = 0; i < inputs.length; i++) {
        let scores: Float64Array | undefined;
        let scoredClasses: number | undefined;
        if (scoresOut) {
          const per = checkShape(scoresOut, inputs.length, status);
          const values = scoresOut.data.slice(i * per, (i + 1) * per);
          if (scoresOut.datatype === 'BYTES') ({ scores, scoredClasses } = readClassification(scoresOut.name, values, i, options.classes, status));
          else scores = Float64Array.from(values, (v) => (typeof v === 'number' ? v : Number.NaN));
        }
        let label: number;
        if (labelOut) {
          checkShape(labelOut, inputs.length, status);
          label = Math.round(Number(labelOut.data[i]));
        } else {
          label = scores ? scores.indexOf(Math.max(...scores)) : -1;
        }
        predictions.push(scores ? { label, scores, ...(scoredClasses !== undefined ? { scoredClasses } : {}) } : { label });
      }
      const fields = [scoresOut, labelOut].filter((o): o is V2Output => o !== undefined).map((o) => `outputs.${o.name}.data`);
      return { predictions, status, raw: { body: json, inputs: inputs.length, fields } };
    },
    close: async () => undefined,
  };
}

/** The request's input tensors: each input's features split among them in order, laid out row-major. */
export function tensorsFor(inputs: readonly ArrayLike<number>[], tensors: readonly V2Tensor[]): unknown[] {
  const width = inputs[0]?.length ?? 0;
  let offset = 0;
  return tensors.map((t, k) => {
    const per = t.shape ? t.shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1) : width - offset;
    const start = offset;
    offset += per;
    if (offset > width || (k === tensors.length - 1 && offset !== width)) {
      throw new ProtocolError(`inputs of ${width} features do not fill the input tensors (${tensors.map((x) => `${x.name} ${JSON.stringify(x.shape ?? [width])}`).join(', ')}); check "shape" / "inputs" against "features"`);
    }
    const shape = t.shape ? (t.shape.includes(-1) ? t.shape.map((d) => (d === -1 ? inputs.length : d)) : [inputs.length, ...t.shape]) : [inputs.length, per];
    const data: number[] = [];
    const integer = /INT/.test(t.datatype);
    for (const x of inputs) for (let i = start; i < start + per; i++) data.push(integer ? Math.round(x[i] as number) : (x[i] as number));
    return { name: t.name, shape, datatype: t.datatype, data };
  });
}

/** Values per input, after checking that shape, batch and data length agree. */
function checkShape(out: V2Output, batch: number, status: number): number {
  if (!Array.isArray(out.shape) || !Array.isArray(out.data) || out.shape[0] !== batch) {
    throw new ProtocolError(`output "${out?.name}" has shape ${JSON.stringify(out?.shape)} for a batch of ${batch}`, status);
  }
  const per = out.shape.slice(1).reduce((a, b) => a * b, 1);
  if (out.data.length !== batch * per) throw new ProtocolError(`output "${out.name}" has ${out.data.length} values for shape ${JSON.stringify(out.shape)}`, status);
  return per;
}

// Triton's classification extension: top-k as BYTES strings "score:index" or "score:index:label".
const CLASSIFICATION = /^\s*(-?[\d.]+(?:[eE][-+]?\d+)?|-?inf|nan)\s*:\s*(\d+)(?::.*)?$/i;

function isClassification(out: V2Output | undefined): boolean {
  return out?.datatype === 'BYTES' && Array.isArray(out.data) && typeof out.data[0] === 'string' && CLASSIFICATION.test(out.data[0]);
}

/** One input's top-k entries scattered into a per-class vector (the classes left out score 0). */
function readClassification(name: string, values: unknown[], index: number, classes: number | undefined, status: number): { scores: Float64Array; scoredClasses?: number } {
  if (classes === undefined) throw new ProtocolError(`output "${name}" holds top-k "score:index:label" strings; declare "classes" in the target file`, status);
  const scores = new Float64Array(classes);
  for (const value of values) {
    const match = typeof value === 'string' ? CLASSIFICATION.exec(value) : null;
    if (!match) throw new ProtocolError(`prediction ${index}: output "${name}" entry ${JSON.stringify(value)?.slice(0, 40)} is not "score:index[:label]"`, status);
    const k = Number(match[2]);
    if (k >= classes) throw new ProtocolError(`prediction ${index}: output "${name}" scores class ${k}, not below ${classes}`, status);
    scores[k] = Number(match[1]);
  }
  return { scores, ...(values.length < classes ? { scoredClasses: values.length } : {}) };
}
