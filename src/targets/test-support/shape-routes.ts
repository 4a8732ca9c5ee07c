import type { Network } from '../../ml/network.ts';
import { BadRequest, columns, digitNames, json, parseJson, rows, score, text, v2Input, type Flavour, type Reply, type Request, type Scored } from './serving-shapes.ts';

export type Shape = 'sklearn' | 'mlflow' | 'kserve-v2' | 'triton' | 'torchserve' | 'bentoml' | 'sagemaker' | 'vertex' | 'ray-serve' | 'text' | 'get' | 'form' | 'chat';

type Handler = (req: Request, answer: (xs: number[][]) => Scored[]) => Reply;

const post = (req: Request, path: string): boolean => req.method === 'POST' && req.path === path;
const probsOrTop = (s: Scored): unknown => s.probabilities ?? s.top ?? s.label;

/** Each server at the root of its own port, as the real one would be. */
export const ROUTES: Record<Shape, { path: string; handle: Handler }> = {
  // A hand-written scikit-learn service: parallel lists of labels and probabilities.
  sklearn: {
    path: '/predict',
    handle(req, answer) {
      const out = answer(rows((parseJson(req) as { instances?: unknown }).instances, 'instances'));
      const probabilities = out.map((s) => s.probabilities ?? s.top);
      return json({ predictions: out.map((s) => s.label), ...(probabilities[0] !== undefined ? { probabilities } : {}), model: 'digits-mlp', took_ms: 1.25 });
    },
  },
  // `mlflow models serve`: pandas split or records keyed by the signature's columns, or tensors.
  mlflow: {
    path: '/invocations',
    handle(req, answer) {
      const body = parseJson(req) as Record<string, unknown>;
      let xs: number[][];
      if (body.dataframe_split) {
        const split = body.dataframe_split as { columns?: string[]; data?: unknown };
        if (JSON.stringify(split.columns) !== JSON.stringify(columns)) throw new BadRequest(`columns ${JSON.stringify(split.columns)?.slice(0, 60)} do not match the model signature`);
        xs = rows(split.data, 'dataframe_split.data');
      } else if (body.dataframe_records) {
        const records = body.dataframe_records as Record<string, number>[];
        xs = records.map((r, i) => columns.map((c) => {
          if (typeof r[c] !== 'number') throw new BadRequest(`record ${i} has no column ${c}`);
          return r[c];
        }));
      } else xs = rows(body.inputs ?? body.instances, 'inputs');
      return json({ predictions: answer(xs).map(probsOrTop) });
    },
  },
  'kserve-v2': {
    path: '/v2/models/digits/infer',
    handle(req, answer) {
      const out = answer(v2Input(parseJson(req), 'input-0', [-1, 1, 8, 8], 'FP32').map((x) => x.map(Math.fround)));
      const n = out.length;
      const outputs: unknown[] = [{ name: 'label', shape: [n], datatype: 'INT64', data: out.map((s) => s.label) }];
      if (out[0]?.probabilities) outputs.push({ name: 'output-0', shape: [n, 10], datatype: 'FP32', data: out.flatMap((s) => (s.probabilities as number[]).map(Math.fround)) });
      if (out[0]?.top) outputs.push({ name: 'top3', shape: [n, 3], datatype: 'BYTES', data: out.flatMap((s) => Object.entries(s.top as object).map(([k, v]) => `${v}:${k}:${digitNames[Number(k)]}`)) });
      return json({ model_name: 'digits', model_version: '1', id: 'r1', outputs });
    },
  },
  // Triton: its own tensor names, FP32 [-1, 64], data nested to the shape, a version in the route.
  triton: {
    path: '/v2/models/digits_onnx/versions/1/infer',
    handle(req, answer) {
      const out = answer(v2Input(parseJson(req), 'INPUT__0', [-1, 64], 'FP32'));
      const outputs: unknown[] = [{ name: 'OUTPUT__1', datatype: 'INT64', shape: [out.length, 1], data: out.map((s) => [s.label]) }];
      if (out[0]?.probabilities) outputs.push({ name: 'OUTPUT__0', datatype: 'FP32', shape: [out.length, 10], data: out.map((s) => s.probabilities) });
      return json({ model_name: 'digits_onnx', model_version: '1', outputs });
    },
  },
  // TorchServe's inference API: one input per request; the handler answers { class name: probability }.
  torchserve: {
    path: '/predictions/digits',
    handle(req, answer) {
      const [s] = answer([parseJson(req) as number[]]);
      if (!s) throw new BadRequest('no input');
      if (s.top) return json(Object.fromEntries(Object.entries(s.top).map(([k, v]) => [digitNames[Number(k)], v])));
      if (s.probabilities) return json(Object.fromEntries(s.probabilities.map((v, k) => [digitNames[k], v])));
      return json(digitNames[s.label]);
    },
  },
  // BentoML (NumpyNdarray IO): a JSON array of rows in, a JSON array out.
  bentoml: { path: '/classify', handle: (req, answer) => json(answer(rows(parseJson(req), 'body')).map(probsOrTop)) },
  // SageMaker's container contract: CSV rows in, CSV back.
  sagemaker: {
    path: '/invocations',
    handle(req, answer) {
      if (!/text\/csv/.test(req.contentType)) throw new BadRequest(`unsupported content type ${req.contentType}`);
      const xs = req.body.trim().split('\n').map((line) => line.split(',').map(Number));
      return text(answer(xs).map((s) => (s.probabilities ? s.probabilities.join(',') : String(s.label))).join('\n') + '\n', 'text/csv');
    },
  },
  // Vertex AI: {"instances": [...]} in, AutoML-style {"classes", "scores"} answers out.
  vertex: {
    path: '/v1/projects/demo/locations/europe-west4/endpoints/123:predict',
    handle(req, answer) {
      const out = answer(rows((parseJson(req) as { instances?: unknown }).instances, 'instances'));
      const predictions = out.map((s) => (s.probabilities ? { classes: digitNames, scores: s.probabilities } : s.top ? { classes: Object.keys(s.top).map((k) => digitNames[Number(k)]), scores: Object.values(s.top) } : s.label));
      return json({ predictions, deployedModelId: '987', model: 'projects/demo/models/1', modelVersionId: '1' });
    },
  },
  'ray-serve': {
    path: '/digits',
    handle(req, answer) {
      const [s] = answer([(parseJson(req) as { array?: number[] }).array ?? []]);
      return json(s?.probabilities ? { prediction: s.label, probabilities: s.probabilities } : { prediction: s?.label });
    },
  },
  text: {
    path: '/predict-text',
    handle(req, answer) {
      if (!/text\/plain/.test(req.contentType)) throw new BadRequest('send text/plain');
      const xs = req.body.trim().split('\n').map((line) => line.split(/[ ,]+/).map(Number));
      return text(answer(xs).map((s) => s.label).join('\n'));
    },
  },
  get: {
    path: '/score',
    handle(req, answer) {
      if (req.method !== 'GET') throw new BadRequest('GET only');
      const [s] = answer([(req.query.get('pixels') ?? '').split(',').map(Number)]);
      return json({ class: s?.label, ...(s?.probabilities ? { proba: s.probabilities } : {}) });
    },
  },
  form: {
    path: '/form',
    handle(req, answer) {
      if (!/x-www-form-urlencoded/.test(req.contentType)) throw new BadRequest('send a form');
      const form = new URLSearchParams(req.body);
      const [s] = answer([columns.map((c) => Number(form.get(c)))]);
      return json({ digit: digitNames[s?.label ?? 0] });
    },
  },
  // An LLM-style API: the input inside a prompt string, the class inside a sentence.
  chat: {
    path: '/chat',
    handle(req, answer) {
      const prompt = String((parseJson(req) as { prompt?: unknown }).prompt ?? '');
      const m = /pixels: ([\d.,e-]+)/.exec(prompt);
      if (!m) throw new BadRequest('no pixels in the prompt');
      const [s] = answer([(m[1] as string).split(',').map(Number)]);
      return json({ reply: `I think this digit is a ${s?.label}.` });
    },
  },
};

export function route(shape: Shape, req: Request, net: Network, flavour: Flavour): Reply {
  const r = ROUTES[shape];
  if (req.path !== r.path || (shape !== 'get' && !post(req, r.path))) return json({ error: `no route ${req.method} ${req.path}` }, 404);
  return r.handle(req, (xs) => xs.map((x) => score(net, x, flavour)));
}
