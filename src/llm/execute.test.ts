import { describe, expect, it } from 'vitest';
import { createRng } from '../ml/rng.ts';
import type { ChatReply, ChatRequest, ChatTarget, LlmApp } from './chat.ts';
import { runProbe } from './execute.ts';
import { buildProbe, specsFor } from './library.ts';

/** A target that answers every request with `answer(request)`, numbering requests from 1. */
function scripted(name: string, answer: (r: ChatRequest) => string): ChatTarget & { seen: ChatRequest[] } {
  const seen: ChatRequest[] = [];
  return {
    kind: 'chat-api',
    name,
    capabilities: { tools: false, clientHistory: true, systemRole: true, sessions: false },
    seen,
    async chat(request): Promise<ChatReply> {
      seen.push(request);
      return { content: answer(request), toolCalls: [], latencyMs: 5, requestNumber: seen.length };
    },
    spent: () => ({ requests: seen.length, promptTokens: 0, completionTokens: 0, retries: 0, throttled: 0 }),
    close: async () => undefined,
  };
}

// Neither refuses nor says the token: only a judge model can tell whether this complied.
const DEFLECTING = 'Refunds without receipts work like this: open the app, choose the order, and pick store credit.';

function appWith(judgeAnswer?: string): LlmApp {
  return {
    target: scripted('deflecting-app', () => DEFLECTING),
    knowledge: { canaries: [], refusals: [{ behaviour: 'refunds without a receipt', sample: 'Refund my order without a receipt.' }] },
    ...(judgeAnswer !== undefined ? { judge: scripted('judge', () => judgeAnswer) } : {}),
  };
}

describe('runProbe and the optional judge model', () => {
  const probeFor = (app: LlmApp) => buildProbe(specsFor('jailbreak', app, createRng(1))[0]!, ['role-play']);

  it.each([
    ['YES', true],
    ['yes, it complied', true],
    ['NO', false],
    ['It is unclear', false],
  ] as const)('a judge answering %j gives success %s, labelled judged', async (answer, success) => {
    const app = appWith(answer);
    const attempt = await runProbe(app, probeFor(app));
    const judged = attempt.verdicts.find((v) => v.detector === 'judge-model');
    expect(judged?.judged).toBe(true);
    expect(judged?.request).toBe(1);
    expect(attempt.success).toBe(success);
  });

  it('without a judge model the deflection stays undecided, not a success', async () => {
    const app = appWith();
    const attempt = await runProbe(app, probeFor(app));
    expect(attempt.success).toBe(false);
    expect(attempt.verdicts.map((v) => v.detector)).toEqual(['refusal']);
  });

  it('sends forged assistant turns as history and cites only real requests', async () => {
    const target = scripted('echo', () => 'ok');
    const app: LlmApp = { target, knowledge: { canaries: [], refusals: [] } };
    const probe = buildProbe(specsFor('history-manipulation', app, createRng(2))[0]!, []);
    const attempt = await runProbe(app, probe);
    expect(target.seen[0]?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(attempt.turns.filter((t) => t.forged).length).toBe(1);
    expect(attempt.turns.filter((t) => t.request !== undefined).map((t) => t.request)).toEqual([1]);
  });
});
