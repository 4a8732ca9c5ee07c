import type { Shape } from './shape-routes.ts';

const names = '[zero, one, two, three, four, five, six, seven, eight, nine]';

/** Each server shape and the target file (at most ten lines) a user writes for it; {URL} is the server. */
export const FILES: [Shape, string, string][] = [
  ['sklearn', 'parallel arrays, batched', 'kind: http-json\nurl: {URL}/predict\nrequest: { template: { instances: "{{inputs}}" }, maxBatch: 32 }\nresponse: { labels: predictions, scores: probabilities }'],
  ['mlflow', 'tensors', 'preset: mlflow\nurl: {URL}'],
  ['mlflow', 'dataframe_split', 'preset: mlflow\nurl: {URL}\nfeatures: 64\nrequest: { columns: "pixel_{i}" }'],
  ['mlflow', 'dataframe_records', 'preset: mlflow\nurl: {URL}\nfeatures: 64\nrequest: { input: record, columns: "pixel_{i}" }'],
  ['kserve-v2', '[n,1,8,8] FP32', 'preset: kserve-v2\nurl: {URL}\nmodel: digits\ninputName: input-0\nshape: [1, 8, 8]'],
  ['triton', 'nested data, versioned', 'preset: triton\nurl: {URL}\nmodel: digits_onnx\nversion: "1"\ninputName: INPUT__0\nscoresOutput: OUTPUT__0'],
  ['torchserve', 'one input per call, { name: score }', `preset: torchserve\nurl: {URL}\nmodel: digits\nresponse: { classNames: ${names} }`],
  ['bentoml', 'JSON array of rows', 'preset: bentoml\nurl: {URL}/classify'],
  ['sagemaker', 'CSV in and out', 'preset: sagemaker\nurl: {URL}'],
  ['vertex', 'instances, { classes, scores }', `preset: vertex\nurl: {URL}/v1/projects/demo/locations/europe-west4/endpoints/123:predict\nresponse: { classNames: ${names} }`],
  ['ray-serve', '{ array } per request', 'preset: ray-serve\nurl: {URL}/digits'],
  ['text', 'text body, one label per line', 'kind: http-json\nurl: {URL}/predict-text\nrequest: { body: text, template: "{{inputs.csv}}", maxBatch: 16 }\nresponse: { labels: "" }'],
  ['get', 'GET with a query string', 'kind: http-json\nurl: {URL}/score\nmethod: GET\nrequest: { template: { pixels: "{{input}}" } }\nresponse: { labels: class, scores: proba }'],
  ['form', 'form body keyed by column', `kind: http-json\nurl: {URL}/form\nfeatures: 64\nrequest: { body: form, input: record, columns: "pixel_{i}", template: "{{input}}" }\nresponse: { labels: digit, classNames: ${names} }`],
  ['chat', 'string-templated body, JSONata answer', "kind: http-json\nurl: {URL}/chat\nrequest: { template: { prompt: 'Which digit? pixels: {{input}}' } }\nresponse: { labels: { jsonata: '$number($match(reply, /[0-9]+/).match)' } }"],
];
