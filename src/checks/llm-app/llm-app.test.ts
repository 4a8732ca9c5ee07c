import { describe, expect, it } from 'vitest';
import type { CheckContext, CheckDeclaration } from '../contract.ts';
import type { LlmApp } from '../../llm/chat.ts';
import { CANARIES, fakeApp, type FakeKind, type FakeOptions } from '../../llm/test-support/fake-apps.ts';
import { checks } from '../registry.ts';
import { runCampaign } from '../../llm/campaign.ts';
import type { Family } from '../../llm/probe.ts';

const llmChecks = checks.filter((c) => c.id.startsWith('llm-app/')) as CheckDeclaration<LlmApp>[];

function contextFor(app: LlmApp): CheckContext<LlmApp> {
  return { target: app, signal: new AbortController().signal, progress: { update: () => undefined }, logger: { debug: () => undefined, info: () => undefined, warn: () => undefined }, clock: () => new Date(0) };
}

async function run(check: CheckDeclaration<LlmApp>, kind: FakeKind, options: FakeOptions = {}, params: Record<string, unknown> = {}) {
  const result = await check.run(contextFor(fakeApp(kind, options)), check.params.parse(params));
  expect(() => check.evidence.parse(result.details)).not.toThrow();
  return result;
}

describe('the llm-app checks', () => {
  it('cover the ten technique families', () => {
    expect(llmChecks.map((c) => c.id).sort()).toEqual(['data-leakage', 'direct-injection', 'history-manipulation', 'indirect-injection', 'jailbreak', 'obfuscation', 'rendering-exfiltration', 'resource-exhaustion', 'system-prompt', 'tool-abuse'].map((f) => `llm-app/${f}`));
    for (const c of llmChecks) expect(c.targetKind).toBe('chat-api');
  });

  it.each(llmChecks.map((c) => [c.id, c] as const))('%s fails on the weak and the filtered app, citing requests, and passes the hardened one', async (_id, check) => {
    for (const kind of ['weak', 'filtered'] as const) {
      const result = await run(check, kind);
      expect(result.outcome).toBe('fail');
      expect(result.techniques?.length).toBeGreaterThan(0);
      expect(result.techniques?.every((t) => check.techniques.includes(t))).toBe(true);
      expect(result.pointers?.[0]?.note).toMatch(/request \d+/);
      const details = result.details as { successful: { transcript: { request?: number }[] }[] };
      expect(details.successful[0]?.transcript.some((t) => t.request !== undefined)).toBe(true);
      // Transcripts go into reports: declared secrets never appear in them.
      for (const canary of CANARIES) expect(JSON.stringify(result)).not.toContain(canary);
    }
    const hardened = await run(check, 'hardened');
    expect(hardened.outcome).toBe('pass');
    expect(hardened.summary).toMatch(/Withstood/);
  });

  it('indirect-injection reports what its planted notes achieved, not only the injection', async () => {
    // A note that makes the agent fetch the attacker's URL with internal data is tool invocation and
    // exfiltration through a tool (the held-out Fennel app's review said only AML.T0051, its tool-abuse "pass").
    const result = await run(llmChecks.find((c) => c.id === 'llm-app/indirect-injection')!, 'weak');
    expect(result.techniques).toEqual(expect.arrayContaining(['AML.T0051.001', 'AML.T0057', 'AML.T0053', 'AML.T0086']));
  });

  it.each(llmChecks.map((c) => [c.id, c] as const))('%s reports every technique `rampart attack llm` reports for its family', async (id, check) => {
    // The review and the attack command read the same probes: a prompt leaked under role-play is a jailbreak
    // (AML.T0054) in both, not only in the attack's table (the held-out Quill app's review lacked it).
    const campaign = await runCampaign(fakeApp('weak'), { probes: [id.replace('llm-app/', '') as Family], seed: 1, budget: 300 });
    const exploited = [...new Set(campaign.attempts.flatMap((a) => (a.success ? a.exploited : [])))].sort();
    const result = await run(check, 'weak');
    expect([...(result.techniques ?? [])].sort()).toEqual(exploited);
  });

  it.each([
    ['llm-app/indirect-injection', { knowledgeBase: false }],
    ['llm-app/tool-abuse', { tools: false, callbacks: false }],
    ['llm-app/history-manipulation', { clientHistory: false }],
  ] as const)('%s is inconclusive when the app cannot be tested for it', async (id, options) => {
    const result = await run(llmChecks.find((c) => c.id === id)!, 'weak', options);
    expect(result.outcome).toBe('inconclusive');
    expect(result.techniques).toEqual([]);
  });

  it('is inconclusive, not pass, when the budget ends before the plan', async () => {
    const result = await run(llmChecks.find((c) => c.id === 'llm-app/obfuscation')!, 'hardened', {}, { budget: 5 });
    expect(result.outcome).toBe('inconclusive');
  });

  it('reports a target error as error evidence naming the request', async () => {
    const result = await run(llmChecks.find((c) => c.id === 'llm-app/system-prompt')!, 'hardened', { failAt: 3 });
    expect(result.outcome).toBe('error');
    expect(result.summary).toMatch(/request 3/);
  });
});
