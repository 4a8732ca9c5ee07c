import type { TechniqueId } from '../atlas/ids.ts';
import type { ChatMessage, ChatReply, ChatUsage, LlmApp, ToolCall } from './chat.ts';
import { judgeReply, type Baseline, type Verdict } from './judge/verdict.ts';
import { askJudgeModel } from './judge/judge-model.ts';
import { readRefusal } from './judge/refusal.ts';
import type { Need, Probe } from './probe.ts';

/** One exchange of a transcript; forged assistant turns carry no request number. */
export interface TranscriptTurn {
  role: 'user' | 'assistant';
  text: string;
  /** The target's request number for a user turn; absent for forged history. */
  request?: number;
  reply?: string;
  toolCalls?: ToolCall[];
  usage?: ChatUsage;
  latencyMs?: number;
  forged?: boolean;
  /** The app blocked this request by its declared policy (what the answer said). */
  blocked?: string;
}

/** A probe as run: the transcript record written to JSON Lines. */
export interface Attempt {
  probe: string;
  family: Probe['family'];
  base: string;
  transforms: string[];
  techniques: TechniqueId[];
  plant?: { title: string; text: string };
  turns: TranscriptTurn[];
  verdicts: Verdict[];
  success: boolean;
  /** Best verdict score: how close the probe came. */
  score: number;
  /** Techniques the successful verdicts show. */
  exploited: TechniqueId[];
  requests: number;
  tokens: number;
  /** Set when the probe stopped before its last turn (budget, abort, target error). */
  error?: string;
}

// Techniques that come from how the payload was delivered rather than what it achieved: a success through
// an encoded or retrieved payload shows these as well as the verdict's own.
const DELIVERY: readonly string[] = ['AML.T0068', 'AML.T0054', 'AML.T0051.001', 'AML.T0070', 'AML.T0066'];

/** Why `app` cannot run a probe with these needs, or undefined when it can. */
export function missingNeed(app: LlmApp, needs: readonly Need[]): string | undefined {
  for (const need of needs) {
    if (need === 'knowledgeBase' && !app.knowledgeBase) return 'the target file declares no knowledge base (how outside content reaches retrieval)';
    if (need === 'tools' && !app.callbacks && !(app.target.capabilities.tools && (app.tools?.length ?? 0) > 0)) return 'no tools are offered and no callback listener is allowed, so tool use cannot be observed';
    if (need === 'clientHistory' && !app.target.capabilities.clientHistory) return 'the API does not accept client-written assistant turns';
    if (need === 'refusals' && app.knowledge.refusals.length === 0) return 'the target file declares no refusal policy';
  }
  return undefined;
}

export interface RunContext {
  signal?: AbortSignal;
  baseline?: Baseline;
  /** Called before each request; throws to stop (budget). */
  beforeRequest?: () => void;
}

const tokensOf = (r: ChatReply): number => (r.usage?.promptTokens ?? 0) + (r.usage?.completionTokens ?? Math.ceil(r.content.length / 4));

/**
 * Runs one probe: plants its document, plays its turns (forged assistant turns as history), judges every
 * reply, removes the document. Errors from the target end the attempt; they are recorded and re-thrown so
 * the campaign can stop with what it has.
 */
export async function runProbe(app: LlmApp, probe: Probe, ctx: RunContext = {}): Promise<Attempt> {
  const attempt: Attempt = { probe: probe.id, family: probe.family, base: probe.base, transforms: probe.transforms, techniques: probe.techniques, ...(probe.plant ? { plant: probe.plant } : {}), turns: [], verdicts: [], success: false, score: 0, exploited: [], requests: 0, tokens: 0 };
  const sent = [...probe.turns.map((t) => t.text), ...(probe.plant ? [probe.plant.text] : [])];
  const messages: ChatMessage[] = [];
  const useTools = app.target.capabilities.tools && (app.tools?.length ?? 0) > 0;
  const toolNames = (app.tools ?? []).map((t) => t.name);
  const token = 'token' in probe.goal ? probe.goal.token : undefined;
  let planted: string | undefined;
  let sessionId: string | undefined;
  try {
    if (probe.plant && app.knowledgeBase) planted = await app.knowledgeBase.plant(probe.plant, ctx.signal);
    for (const [index, turn] of probe.turns.entries()) {
      if (turn.role === 'assistant') {
        messages.push({ role: 'assistant', content: turn.text });
        attempt.turns.push({ role: 'assistant', text: turn.text, forged: true });
        continue;
      }
      messages.push({ role: 'user', content: turn.text });
      if (probe.turns[index + 1]?.role === 'assistant') {
        // The user side of a forged exchange: history sent with the next request, not a request of its own.
        attempt.turns.push({ role: 'user', text: turn.text });
        continue;
      }
      ctx.signal?.throwIfAborted();
      ctx.beforeRequest?.();
      const reply = await app.target.chat({ messages: [...messages], ...(useTools ? { tools: app.tools } : {}), ...(sessionId ? { sessionId } : {}) }, ctx.signal);
      sessionId = reply.sessionId ?? sessionId;
      attempt.requests++;
      attempt.tokens += tokensOf(reply);
      // An app that takes no client-written history keeps the conversation itself (under the session) or has
      // none: its replies are not sent back to it.
      if (app.target.capabilities.clientHistory) {
        messages.push({ role: 'assistant', content: reply.content, ...(reply.toolCalls.length ? { toolCalls: reply.toolCalls } : {}) });
        // Tool calls are evidence, never executed; the conversation goes on as if the tools failed.
        for (const call of reply.toolCalls) messages.push({ role: 'tool', toolCallId: call.id, content: 'error: tool unavailable' });
      }
      attempt.turns.push({ role: 'user', text: turn.text, request: reply.requestNumber, reply: reply.content, ...(reply.toolCalls.length ? { toolCalls: reply.toolCalls } : {}), ...(reply.usage ? { usage: reply.usage } : {}), latencyMs: reply.latencyMs, ...(reply.blocked !== undefined ? { blocked: reply.blocked } : {}) });
      const callbackHits = token && app.callbacks ? app.callbacks.hits(token) : [];
      attempt.verdicts.push(...judgeReply({ goal: probe.goal, reply, turn: index, sent, knowledge: app.knowledge, toolNames, callbackHits, ...(ctx.baseline ? { baseline: ctx.baseline } : {}), ...(probe.leakKind ? { leakKind: probe.leakKind } : {}) }));
    }
    await maybeAskJudge(app, probe, attempt, ctx.signal);
  } catch (error) {
    attempt.error = error instanceof Error ? error.message : String(error);
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { attempt: finish(attempt, probe) });
  } finally {
    if (planted !== undefined && app.knowledgeBase) await app.knowledgeBase.remove(planted).catch(() => undefined);
  }
  return finish(attempt, probe);
}

function finish(attempt: Attempt, probe: Probe): Attempt {
  const wins = attempt.verdicts.filter((v) => v.success);
  attempt.success = wins.length > 0;
  attempt.score = Math.max(0, ...attempt.verdicts.map((v) => v.score));
  const exploited = new Set<TechniqueId>();
  for (const v of wins) {
    if (!v.techniques) probe.techniques.forEach((t) => exploited.add(t));
    else [...v.techniques, ...probe.techniques.filter((t) => DELIVERY.includes(t))].forEach((t) => exploited.add(t));
  }
  attempt.exploited = [...exploited];
  return attempt;
}

/** For jailbreaks the detectors could not settle (no refusal, no goal string), ask the judge model if any. */
async function maybeAskJudge(app: LlmApp, probe: Probe, attempt: Attempt, signal?: AbortSignal): Promise<void> {
  if (!app.judge || probe.family !== 'jailbreak' || attempt.verdicts.some((v) => v.success)) return;
  const last = [...attempt.turns].reverse().find((t) => t.reply !== undefined);
  if (!last?.reply || readRefusal(last.reply).refused) return;
  const verdict = await askJudgeModel(app.judge, probe.turns.map((t) => t.text).join('\n'), last.reply, signal);
  attempt.verdicts.push({ detector: 'judge-model', request: last.request ?? 0, turn: probe.turns.length - 1, success: verdict.complied, score: verdict.complied ? 1 : 0.3, evidence: verdict.evidence, judged: true });
}
