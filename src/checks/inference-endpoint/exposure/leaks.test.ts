import { describe, expect, it } from 'vitest';
import { leaksIn } from './leaks.ts';
import { basePath, modelInUrl } from './routes.ts';

describe('leaksIn', () => {
  it.each([
    { name: 'generic 400', status: 400, body: '{"error":"invalid request"}', headers: {}, kinds: [] },
    { name: 'bare nginx', status: 404, body: 'not found', headers: { server: 'nginx' }, kinds: [] },
    { name: 'nginx with version', status: 404, body: '', headers: { server: 'nginx/1.25.3' }, kinds: ['version-leak'] },
    { name: 'uvicorn server header', status: 200, body: '', headers: { server: 'uvicorn' }, kinds: ['framework-leak'] },
    { name: 'x-powered-by', status: 200, body: '', headers: { 'x-powered-by': 'Express' }, kinds: [] },
    { name: 'model version header', status: 200, body: '', headers: { 'x-mlflow-version': '2.9.2' }, kinds: ['version-leak'] },
    { name: 'framework in a 200 body is not an error leak', status: 200, body: 'torch 2.3.1', headers: {}, kinds: [] },
    { name: 'python traceback', status: 500, body: 'Traceback (most recent call last):\n  File "/app/x.py", line 3, in f\nValueError', headers: {}, kinds: ['stack-trace'] },
    { name: 'JVM trace', status: 500, body: 'java.lang.IllegalStateException\n\tat org.pytorch.serve.wlm.Model.load(Model.java:120)', headers: {}, kinds: ['stack-trace', 'framework-leak'] },
    { name: 'node trace', status: 500, body: 'TypeError: x\n    at predict (/srv/app/index.js:10:5)', headers: {}, kinds: ['stack-trace'] },
    { name: 'go panic', status: 500, body: 'panic: nil\n\ngoroutine 7 [running]:', headers: {}, kinds: ['stack-trace'] },
    { name: 'framework name', status: 422, body: '{"detail":"sklearn estimator not fitted"}', headers: {}, kinds: ['framework-leak'] },
    { name: 'framework version', status: 400, body: 'tensorflow 2.15.0: bad input', headers: {}, kinds: ['version-leak'] },
    { name: 'python version', status: 500, body: 'Python 3.11.4 error', headers: {}, kinds: ['version-leak'] },
  ])('$name → $kinds', ({ status, body, headers, kinds }) => {
    expect(leaksIn({ status, body, headers: headers as Record<string, string> }).map((l) => l.kind)).toEqual(kinds);
  });
});

describe('where a server\'s routes hang', () => {
  it.each([
    ['http://h/v2/models/fraud/infer', '', 'fraud'],
    ['http://h/fraud/v2/score', '/fraud', undefined],
    ['http://h/serving/v1/models/churn:predict', '/serving', 'churn'],
    ['http://h/predictions/resnet', '', 'resnet'],
    ['http://h/api/2.0/mlflow', '', undefined],
    ['http://h/credit/v1/predict', '/credit', undefined],
    ['http://h/predict', '', undefined],
  ])('%s → base %j, model %j', (url, base, model) => {
    expect(basePath(new URL(url))).toBe(base);
    expect(modelInUrl(new URL(url))).toBe(model);
  });
});
