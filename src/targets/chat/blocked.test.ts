import { describe, expect, it } from 'vitest';
import { blockedBy, BlockedRule } from './blocked.ts';

const rules = [
  { status: 400, path: 'error.code', equals: ['content_filter', 'content_policy_violation'] },
  { path: 'error.type', equals: 'guardrail' },
  { status: 200, path: 'blocked' },
].map((r) => BlockedRule.parse(r));

describe('answers a target file declares as the app refusing', () => {
  it.each([
    [400, { error: { code: 'content_filter' } }, 'HTTP 400, error.code = "content_filter"'],
    [200, { error: { type: 'guardrail', message: 'no' } }, 'HTTP 200, error.type = "guardrail"'],
    [422, { error: { type: 'guardrail' } }, 'HTTP 422, error.type = "guardrail"'],
    [200, { blocked: true, answer: null }, 'HTTP 200, blocked = true'],
  ])('HTTP %i %j is blocked', (status, json, evidence) => {
    expect(blockedBy(rules, status, json)).toBe(evidence);
  });

  it.each([
    [400, { error: { code: 'invalid_request' } }],
    [500, { error: { code: 'content_filter' } }],
    [200, { answer: 'Hello', blocked: null }],
    [400, undefined],
  ])('HTTP %i %j is not', (status, json) => {
    expect(blockedBy(rules, status, json)).toBeUndefined();
  });
});
