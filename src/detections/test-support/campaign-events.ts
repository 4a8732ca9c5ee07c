import type { Attempt } from '../../llm/execute.ts';
import type { Event } from '../sigma/match.ts';

/**
 * A red-team campaign's transcripts as inference-log events, one per request, in two shapes: Rampart's own chat
 * query log (messages, reply, tool-call names) and an OpenAI-compatible gateway log (request and response bodies,
 * tool-call arguments). A planted document appears as a context message, as a RAG gateway logs what it retrieved.
 */
export interface CampaignEvent {
  probe: string;
  family: string;
  success: boolean;
  rampart: Event;
  gateway: Event;
}

export function campaignEvents(attempts: readonly Attempt[], start = Date.UTC(2026, 0, 1)): CampaignEvent[] {
  const out: CampaignEvent[] = [];
  let clock = start;
  for (const attempt of attempts) {
    const history: { role: string; content: string }[] = attempt.plant ? [{ role: 'system', content: `Context: ${attempt.plant.text}` }] : [];
    for (const turn of attempt.turns) {
      history.push({ role: turn.role, content: turn.text });
      if (turn.forged || turn.request === undefined) continue;
      clock += 1000;
      const time = new Date(clock).toISOString();
      const messages = history.map((m) => ({ ...m }));
      const calls = turn.toolCalls ?? [];
      const rampart: Event = { time, target: 'support-app', request: turn.request, messages, reply: turn.reply ?? '', ms: turn.latencyMs ?? 0, completionTokens: turn.usage?.completionTokens ?? 0, ...(calls.length > 0 ? { toolCalls: calls.map((c) => c.name) } : {}) };
      const gateway: Event = {
        timestamp: time,
        api_key_id: 'key-red-team',
        request: { messages },
        response: { choices: [{ message: { content: turn.reply ?? '', tool_calls: calls.map((c) => ({ type: 'function', function: { name: c.name, arguments: c.arguments } })) } }], usage: { total_tokens: (turn.usage?.promptTokens ?? 0) + (turn.usage?.completionTokens ?? 0) } },
        latency_ms: turn.latencyMs ?? 0,
      };
      out.push({ probe: attempt.probe, family: attempt.family, success: attempt.success, rampart, gateway });
      if (turn.reply !== undefined) history.push({ role: 'assistant', content: turn.reply });
    }
  }
  return out;
}
