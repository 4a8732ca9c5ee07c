import { describe, expect, it } from 'vitest';
import { deriveAttributes } from './resolve.ts';
import { AssetInput } from './schema.ts';

const asset = (fields: Record<string, unknown>) => AssetInput.parse({ id: 'a', name: 'a', ...fields });
const endpoint = [{ url: 'http://host.example:8888/' }];

describe('inferenceApi, derived', () => {
  it.each([
    ['a model with an endpoint', { element: 'model', kind: 'classifier', endpoints: endpoint }, true],
    ['a model with none', { element: 'model', kind: 'classifier' }, false],
    ['a serving platform, endpoint or not', { element: 'platform', kind: 'serving' }, true],
    ['an LLM gateway', { element: 'platform', kind: 'llm-gateway' }, true],
    ['a notebook server with an endpoint', { element: 'platform', kind: 'notebook', endpoints: endpoint }, false],
    ['a job server or MCP server with an endpoint', { element: 'platform', kind: 'other-platform', endpoints: endpoint }, false],
    ['such a platform that says it serves models', { element: 'platform', kind: 'other-platform', endpoints: endpoint, attributes: { inferenceApi: true } }, true],
  ])('%s: %s', (_what, fields, expected) => {
    expect(deriveAttributes(asset(fields)).has('inferenceApi')).toBe(expected);
  });
});
