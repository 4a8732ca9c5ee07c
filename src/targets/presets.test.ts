import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support/run-cli.ts';
import { predictProba } from '../ml/network.ts';
import { argmax } from '../ml/vector.ts';
import type { Shape } from './test-support/shape-routes.ts';
import { startShapeServer, type ShapeServer } from './test-support/shape-server.ts';
import { digitsFixture, type DigitsFixture } from './test-support/victims.ts';

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

let fx: DigitsFixture;
let dir: string;
const servers: ShapeServer[] = [];
let inputsFile: string;

beforeAll(async () => {
  fx = await digitsFixture();
  dir = await mkdtemp(join(tmpdir(), 'rampart-presets-'));
  const net = fx.victims.mlp;
  const idx = fx.test.x.map((_, i) => i).filter((i) => argmax(predictProba(net, fx.test.x[i] as Float64Array)) === fx.test.y[i]).slice(0, 3);
  inputsFile = join(dir, 'inputs.json');
  await writeFile(inputsFile, JSON.stringify({ inputs: idx.map((i) => Array.from(fx.test.x[i] as Float64Array)), labels: idx.map((i) => fx.test.y[i]) }));
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

describe('every server shape is reached by a short target file and attacked end to end', () => {
  it.each(FILES)('%s (%s)', async (shape, _what, yaml) => {
    expect(yaml.split('\n').length).toBeLessThanOrEqual(10);
    const server = await startShapeServer(fx.victims.mlp, shape, { flavour: 'full' });
    servers.push(server);
    const file = join(dir, `${shape}-${servers.length}.yaml`);
    await writeFile(file, yaml.replaceAll('{URL}', server.url));
    const { code, stdout, stderr } = await runCli('attack', 'evasion', '--target', file, '--inputs', inputsFile, '--queries-per-input', '150', '--format', 'json');
    expect(stderr).not.toMatch(/error/);
    const report = JSON.parse(stdout) as { summary: { attacked: number; successRate: number; medianL2: number | null }; target: { queries: number } };
    // Every input attacked and evaded: the labels came back right, or the attack could not have moved them.
    expect(report.summary.attacked).toBe(3);
    expect(report.summary.successRate).toBe(1);
    expect(report.summary.medianL2).toBeGreaterThan(0);
    expect(server.seen.rejected).toEqual([]);
    // 3: inconclusive, as no meaningful distance is declared; never 2 (a target or input error).
    expect([0, 1, 3]).toContain(code);
  });
});

describe('a wrong target file gets one message and exit 2', () => {
  it.each([
    ['a path that is not in the answer', 'sklearn', 'kind: http-json\nurl: {URL}/predict\nrequest: { template: { instances: "{{inputs}}" }, maxBatch: 8 }\nresponse: { labels: prediction }', /labels "prediction": the response is an object with keys predictions, probabilities, model, took_ms, with no "prediction"/],
    ['an unknown preset', 'sklearn', 'preset: seldon\nurl: {URL}', /preset: Invalid option: expected one of "mlflow"\|/],
    ['a preset that needs the model', 'torchserve', 'preset: torchserve\nurl: {URL}', /preset torchserve needs "model"/],
    ['a shape the server refuses', 'kserve-v2', 'preset: kserve-v2\nurl: {URL}\nmodel: digits\ninputName: input-0', /HTTP 400.*shape \[3,64\] but the model expects \[-1,1,8,8\]/],
  ] as const)('%s', async (_what, shape, yaml, message) => {
    const server = await startShapeServer(fx.victims.mlp, shape, { flavour: 'full' });
    servers.push(server);
    const file = join(dir, `wrong-${servers.length}.yaml`);
    await writeFile(file, yaml.replaceAll('{URL}', server.url));
    const { code, stderr } = await runCli('attack', 'exposure', '--target', file, '--inputs', inputsFile, '--format', 'json');
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
