import { RampartError } from '../../errors.ts';
import type { ChatCapabilities, ChatReply, ChatRequest, ChatSpend, ChatTarget } from '../../llm/chat.ts';
import { QueryBudget } from '../budget.ts';
import { ProtocolError } from '../guarded-target.ts';
import { BlockedByApp } from './blocked.ts';
import { BudgetExhaustedError } from '../prediction-target.ts';
import { noQueryLog, type QueryLog } from '../query-log.ts';
import { RateLimiter, type RateLimitOptions } from '../rate-limit.ts';
import { backoffDelay, defaultRetry, TransientError, waitTooLong, type RetryOptions } from '../retry.ts';
import { sleep } from '../sleep.ts';

/** What one chat API call returned, before the guard numbers and times it. */
export type TransportReply = Omit<ChatReply, 'latencyMs' | 'requestNumber'>;

/** How a chat adapter talks to one kind of API: one call for one request, nothing else. */
export interface ChatTransport {
  /** Where calls go, e.g. `POST http://host/v1/chat/completions`; never holds credentials. */
  readonly endpoint: string;
  readonly capabilities: ChatCapabilities;
  /** Throw `TransientError` for what a retry may fix and `ProtocolError` for an answer that is wrong. */
  send(request: ChatRequest, signal: AbortSignal): Promise<{ reply: TransportReply; status?: number }>;
  close(): Promise<void>;
}

/** One line of a chat target's query log. Content is logged only when asked, with declared secrets redacted. */
export interface ChatLogEntry {
  time: string;
  target: string;
  /** 1-based request number (what verdicts cite); a retried request keeps its number. */
  request: number;
  attempt: number;
  /** `blocked`: the app refused by a declared policy answer (see `blocked` in the target file). */
  outcome: 'ok' | 'blocked' | 'retry' | 'error';
  status?: number;
  ms: number;
  error?: string;
  promptTokens?: number;
  completionTokens?: number;
  /** The API reported no usage: tokens were estimated from the text (about 4 characters a token). */
  estimatedTokens?: boolean;
  finishReason?: string;
  toolCalls?: string[];
  messages?: { role: string; content: string }[];
  reply?: string;
}

export interface ChatPolicy {
  /** Most requests (every attempt counted). */
  requests?: number;
  /** Most tokens, prompt and completion together, as the API reports them (estimated when it does not). */
  tokens?: number;
  rateLimit?: RateLimitOptions;
  retry?: RetryOptions;
  timeoutMs?: number;
  log?: QueryLog<ChatLogEntry>;
  /** Put messages and replies in the query log. */
  logContent?: boolean;
  /** Hides declared secrets (canaries, system prompt) in anything logged. */
  redact?: (text: string) => string;
}

/** Thrown before a request once the token budget is spent; a `BudgetExhaustedError`, so callers stop the same way. */
export class TokenBudgetExhaustedError extends BudgetExhaustedError {
  constructor(target: string, budget: number) {
    super(target, budget);
    this.message = `target "${target}": token budget of ${budget} spent`;
  }
}

const estimate = (text: string): number => Math.ceil(text.length / 4);

/** Wraps a chat transport with the budgets, rate limit, retries, timeout and query log every chat target shares. */
export function guardChatTarget(name: string, transport: ChatTransport, policy: ChatPolicy = {}): ChatTarget {
  const requests = new QueryBudget(name, policy.requests);
  const limiter = policy.rateLimit ? new RateLimiter(policy.rateLimit) : undefined;
  const retry = policy.retry ?? defaultRetry;
  const timeoutMs = policy.timeoutMs ?? 60_000;
  const log = policy.log ?? noQueryLog;
  const redact = policy.redact ?? ((s: string) => s);
  const spend: ChatSpend = { requests: 0, promptTokens: 0, completionTokens: 0, retries: 0, throttled: 0 };
  let numbered = 0;

  const fail = (problem: string, request: number, cause?: unknown): RampartError => {
    const status = cause instanceof ProtocolError ? cause.status : undefined;
    // A guardrail that refuses with 400/422 (or a JSON error with 200) looks like a broken request until declared.
    const policy = status !== undefined && (status === 400 || status === 422 || status === 200) ? '; if this answer is the app refusing by policy, declare it under "blocked" in the target file' : '';
    return new RampartError(
      'target',
      `target "${name}" (${transport.endpoint}), request #${request}: ${problem}`,
      {},
      `check the target file (URL, model, request template, reply path) and that the service is healthy${policy}; the query log has every call`,
      { cause },
    );
  };

  async function chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatReply> {
    if (!transport.capabilities.clientHistory && request.messages.some((m) => m.role === 'assistant')) {
      throw new RampartError('usage', `target "${name}" keeps the conversation itself: it takes no client-written assistant turns`, {}, 'send user turns only (with the session id) to this target');
    }
    const number = ++numbered;
    for (let attempt = 0; ; attempt++) {
      if (policy.tokens !== undefined && spend.promptTokens + spend.completionTokens >= policy.tokens) throw new TokenBudgetExhaustedError(name, policy.tokens);
      requests.take(1);
      if (limiter) await limiter.acquire(signal);
      spend.requests++;
      const started = performance.now();
      const timeout = AbortSignal.timeout(timeoutMs);
      const callSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const base = { time: new Date().toISOString(), target: name, request: number, attempt: attempt + 1 };
      const content = policy.logContent ? { messages: request.messages.map((m) => ({ role: m.role, content: redact(m.content) })) } : {};
      try {
        const { reply, status } = await transport.send(request, callSignal);
        const latencyMs = Math.round(performance.now() - started);
        const usage = reply.usage;
        const prompt = usage?.promptTokens ?? estimate(request.messages.map((m) => m.content).join('\n'));
        const completion = usage?.completionTokens ?? estimate(reply.content + reply.toolCalls.map((c) => c.arguments).join(''));
        spend.promptTokens += prompt;
        spend.completionTokens += completion;
        log.write({
          ...base,
          outcome: 'ok',
          status,
          ms: latencyMs,
          promptTokens: prompt,
          completionTokens: completion,
          ...(usage?.promptTokens === undefined || usage.completionTokens === undefined ? { estimatedTokens: true } : {}),
          finishReason: reply.finishReason,
          ...(reply.toolCalls.length > 0 ? { toolCalls: reply.toolCalls.map((c) => c.name) } : {}),
          ...content,
          ...(policy.logContent ? { reply: redact(reply.content) } : {}),
        });
        return { ...reply, latencyMs, requestNumber: number };
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        if (signal?.aborted) {
          log.write({ ...base, outcome: 'error', ms, error: `abandoned: ${signal.reason instanceof Error ? signal.reason.message : String(signal.reason)}`, ...content });
          throw signal.reason;
        }
        if (error instanceof BlockedByApp) {
          // A refusal by policy, not a failure: no retry, nothing spent but the request.
          log.write({ ...base, outcome: 'blocked', status: error.status, ms, error: redact(error.message), ...content });
          return { content: '', toolCalls: [], blocked: redact(error.evidence), latencyMs: ms, requestNumber: number };
        }
        const transient = timeout.aborted ? new TransientError(`no complete answer within ${timeoutMs} ms`) : error instanceof TransientError ? error : undefined;
        const message = transient?.message ?? (error instanceof Error ? error.message : String(error));
        const status = error instanceof ProtocolError ? error.status : undefined;
        if (transient?.throttled) spend.throttled++;
        const tooLong = transient ? waitTooLong(transient, retry) : undefined;
        const canRetry = transient !== undefined && tooLong === undefined && attempt < retry.max && requests.remaining() >= 1;
        log.write({ ...base, outcome: canRetry ? 'retry' : 'error', status, ms, error: redact(message), ...content });
        if (!canRetry) {
          const tries = attempt + 1;
          const gaveUp = tooLong ?? `gave up after ${tries} attempt${tries > 1 ? 's' : ''}`;
          throw fail(redact(transient ? `${message} (${gaveUp})` : message), number, error);
        }
        spend.retries++;
        await sleep(backoffDelay(attempt, retry, transient.retryAfterMs), signal);
      }
    }
  }

  return {
    kind: 'chat-api',
    name,
    capabilities: transport.capabilities,
    chat,
    spent: () => ({ ...spend }),
    async close() {
      await transport.close();
      await log.close();
    },
  };
}
