import { beforeAll, describe, expect, it } from 'vitest';
import { runCampaign } from '../../llm/campaign.ts';
import type { Attempt } from '../../llm/execute.ts';
import { CANARIES, fakeApp } from '../../llm/test-support/fake-apps.ts';
import { MAPPING_PRESETS, type LogMapping } from '../mapping.ts';
import type { DetectiveGap } from '../gaps.ts';
import { sigmaDocuments, sigmaYaml } from '../sigma/rule.ts';
import { DEFAULT_TAG_STYLE } from '../sigma/tags.ts';
import type { Event } from '../sigma/match.ts';
import { BENIGN_EXCHANGES } from '../test-support/benign-traffic.ts';
import { campaignEvents, type CampaignEvent } from '../test-support/campaign-events.ts';
import { runSigmaFile } from '../test-support/run-rule.ts';
import { RULES } from './catalogue.ts';

// The rules as `rampart detections` writes them, run over the logs of Rampart's own LLM red-team campaigns against
// the simulated support assistant (weak: everything succeeds; filtered: the adaptive search mutates past a keyword
// filter) and over ordinary support traffic. Each attack must be caught by the rule for its technique; no benign
// exchange may trip any rule.

const review = { organisation: 'Test Org', generatedAt: '2026-12-01T10:00:00.000Z', reviewDate: '2026-12-01', atlasVersion: '5.6.0' };
const gap = (rule: string): DetectiveGap => ({ findingId: `app/${rule}`, assetId: 'support-app', techniqueId: 'AML.T0051', techniqueName: 'LLM Prompt Injection', reason: 'blind-spot', rules: [rule], owner: 'team', riskScore: 10 });
const ruleFile = (rule: string, mapping: LogMapping, canaries: readonly string[] = CANARIES) =>
  sigmaYaml(sigmaDocuments('support-app', [gap(rule)], RULES[rule] as (typeof RULES)[string], { review, mapping, tagStyle: DEFAULT_TAG_STYLE, canaries, allowedHosts: ['chat.acme-bank.example'] }));

const PROMPT_RULES = ['prompt-injection', 'jailbreak', 'prompt-obfuscation', 'system-prompt-request', 'data-request', 'amplification-request'];
const OUTPUT_RULES = ['system-prompt-leak', 'data-leak', 'rendering-exfiltration'];

let attempts: Attempt[];
let events: CampaignEvent[];

beforeAll(async () => {
  const app = { knowledgeBase: true, callbacks: true, tools: true };
  const weak = await runCampaign(fakeApp('weak', app), { seed: 1, budget: 600 });
  const filtered = await runCampaign(fakeApp('filtered', app), { seed: 2, budget: 600 });
  attempts = [...weak.attempts, ...filtered.attempts];
  events = campaignEvents(attempts);
});

/** Which rules fire on which probes, in the given log shape. */
function firing(rules: readonly string[], shape: 'rampart' | 'gateway', mapping: LogMapping): Map<string, Set<string>> {
  const byProbe = new Map<string, Set<string>>();
  for (const rule of rules) {
    const matched = new Set(runSigmaFile(ruleFile(rule, mapping), events.map((e) => e[shape])).matched);
    for (const e of events) {
      if (!matched.has(e[shape])) continue;
      const set = byProbe.get(`${e.family}|${e.probe}`) ?? new Set<string>();
      set.add(rule);
      byProbe.set(`${e.family}|${e.probe}`, set);
    }
  }
  return byProbe;
}

describe.each([
  ['rampart', MAPPING_PRESETS.rampart as LogMapping],
  ['gateway', MAPPING_PRESETS['openai-gateway'] as LogMapping],
] as const)('in the %s log shape', (shape, mapping) => {
  it('catches every probe that carries an attack in its prompt', () => {
    const fired = firing(PROMPT_RULES, shape, mapping);
    const missed = attempts.filter((a) => !unmarked(a) && !fired.has(`${a.family}|${a.probe}`)).map((a) => a.probe);
    expect(attempts.filter((a) => !unmarked(a)).length).toBeGreaterThan(100);
    expect(missed).toEqual([]);
  });

  it('catches each probe with the rule for its technique', () => {
    const fired = firing(PROMPT_RULES, shape, mapping);
    const wrong = attempts.filter((a) => !unmarked(a)).flatMap((a) => {
      const want = expectedRule(a);
      return want && !fired.get(`${a.family}|${a.probe}`)?.has(want) ? [`${a.probe} → ${want}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it.each([
    ['system-prompt', 'system-prompt-leak'],
    ['data-leakage', 'data-leak'],
    ['rendering-exfiltration', 'rendering-exfiltration'],
  ])('sees the successful %s attacks in the replies (%s)', (family, rule) => {
    const fired = firing([rule], shape, mapping);
    const wins = attempts.filter((a) => a.family === family && a.success && a.turns.some((t) => t.reply && t.reply.length > 0));
    expect(wins.length).toBeGreaterThan(0);
    // discover-format leaks the prompt's format, not its text: no echo to see.
    expect(wins.filter((a) => a.base !== 'discover-format' && !fired.get(`${a.family}|${a.probe}`)?.has(rule)).map((a) => a.probe)).toEqual([]);
  });

  it('leaves ordinary support traffic alone', () => {
    const benign: Event[] = BENIGN_EXCHANGES.map(([prompt, reply], i) => {
      const time = new Date(Date.UTC(2026, 0, 2, 9, i)).toISOString();
      const messages = [{ role: 'user', content: prompt }];
      return shape === 'rampart'
        ? { time, target: 'support-app', messages, reply, completionTokens: 40, ms: 900 }
        : { timestamp: time, api_key_id: `customer-${i}`, request: { messages }, response: { choices: [{ message: { content: reply, tool_calls: [] } }], usage: { total_tokens: 120 } }, latency_ms: 900 };
    });
    for (const rule of [...PROMPT_RULES, ...OUTPUT_RULES, 'resource-intensive']) {
      const matched = runSigmaFile(ruleFile(rule, mapping), benign).matched;
      expect({ rule, matched }).toEqual({ rule, matched: [] });
    }
  });
});

const ENCODINGS = ['base64', 'hex', 'rot13', 'tags', 'leetspeak', 'homoglyph'];

/**
 * Probes whose words carry no attack: a refused request with a marker word and no jailbreak frame (only the reply
 * would tell), and the paraphrased request to delete a record (the delete_record tool call is the signal).
 */
function unmarked(a: Attempt): boolean {
  if (a.family === 'jailbreak') return a.transforms.every((t) => t === 'crescendo' || t === 'paraphrase');
  return a.probe === 'tool-abuse/destroy+paraphrase';
}

/** The rule a probe must trip: its encoding or language first (AML.T0068), else its family's technique. */
function expectedRule(a: Attempt): string | undefined {
  if (a.transforms.some((t) => ENCODINGS.includes(t) || t.startsWith('language:'))) return 'prompt-obfuscation';
  if (a.transforms.some((t) => t === 'payload-splitting' || t === 'split-turns')) return 'jailbreak';
  const byFamily: Record<string, string> = { 'direct-injection': 'prompt-injection', 'indirect-injection': 'prompt-injection', 'system-prompt': 'system-prompt-request', 'data-leakage': 'data-request', 'resource-exhaustion': 'amplification-request' };
  return byFamily[a.family];
}

describe('tool calls to unexpected destinations (gateway log: tool-call arguments)', () => {
  const text = ruleFile('tool-destination', MAPPING_PRESETS['openai-gateway'] as LogMapping);
  it('flags every successful exfiltration and planted call, and no call to the asset itself', () => {
    const calls = events.filter((e) => e.rampart.toolCalls !== undefined);
    const flagged = new Set(runSigmaFile(text, calls.map((e) => e.gateway)).matched);
    const urlCalls = calls.filter((e) => JSON.stringify(e.gateway).includes('http://127.0.0.1:8931/'));
    expect(urlCalls.length).toBeGreaterThan(2);
    expect(urlCalls.filter((e) => !flagged.has(e.gateway)).map((e) => e.probe)).toEqual([]);
    // delete_record and lookup_customer carry no URL: abuse, but not a destination.
    expect(calls.filter((e) => !urlCalls.includes(e) && flagged.has(e.gateway)).map((e) => e.probe)).toEqual([]);
  });
  it.each([
    ['https://chat.acme-bank.example/v1/docs', false],
    ['https://api.chat.acme-bank.example:8443/x', false],
    ['https://chat.acme-bank.example.evil.test/x', true],
    ['http://169.254.169.254/latest/meta-data/', true],
  ])('a call to %s is flagged: %s', (url, expected) => {
    const event = { response: { choices: [{ message: { tool_calls: [{ function: { name: 'http_get', arguments: JSON.stringify({ url }) } }] } }] } };
    expect(runSigmaFile(text, [event]).matched.length > 0).toBe(expected);
  });
});
