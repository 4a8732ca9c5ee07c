import { RampartError } from '../errors.ts';
import type { Vector } from '../ml/vector.ts';
import { QueryBudget } from './budget.ts';
import type { Prediction, PredictionTarget, RawAnswer, TargetStats } from './prediction-target.ts';
import { noQueryLog, type QueryLog } from './query-log.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { backoffDelay, defaultRetry, TransientError, type RetryOptions } from './retry.ts';
import { sleep } from './sleep.ts';

/** How an adapter talks to one kind of API: one call for one batch, nothing else. */
export interface Transport {
  readonly features: number | undefined;
  readonly classes: number | undefined;
  readonly maxBatch: number;
  /** Where calls go, for messages, e.g. `POST http://host/predict`; never holds credentials. */
  readonly endpoint: string;
  /**
   * One call. Throw `TransientError` for what a retry may fix (network, 429, 5xx, timeout) and
   * `ProtocolError` for an answer that is wrong (not JSON, wrong shape, NaN).
   */
  send(inputs: readonly Vector[], signal: AbortSignal): Promise<{ predictions: Prediction[]; status?: number; raw?: RawAnswer }>;
  close(): Promise<void>;
}

/** The target answered, but not as declared. Not retried. */
export class ProtocolError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export interface TargetPolicy {
  budget?: number;
  rateLimit?: RateLimitOptions;
  retry?: RetryOptions;
  timeoutMs?: number;
  log?: QueryLog;
  /** Put inputs and scores in the query log (large); labels are always logged. */
  logInputs?: boolean;
}

/** Wraps a transport with the budget, rate limit, retries, timeout, validation and query log every target shares. */
export function guardTarget(name: string, transport: Transport, policy: TargetPolicy = {}): PredictionTarget {
  const budget = new QueryBudget(name, policy.budget);
  const limiter = policy.rateLimit ? new RateLimiter(policy.rateLimit) : undefined;
  const retry = policy.retry ?? defaultRetry;
  const timeoutMs = policy.timeoutMs ?? 30_000;
  const log = policy.log ?? noQueryLog;
  const stats: TargetStats = { queries: 0, calls: 0, retries: 0, throttled: 0, waitedMs: 0 };

  const fail = (problem: string, firstQuery: number, count: number, cause?: unknown): RampartError =>
    new RampartError(
      'target',
      `target "${name}" (${transport.endpoint}), ${count > 1 ? `queries #${firstQuery}–${firstQuery + count - 1}` : `query #${firstQuery}`}: ${problem}`,
      {},
      'check the target file (URL, request template, response paths) and that the service is healthy; the query log has every call',
      { cause },
    );

  // Queries are numbered once per input asked for, so a retried call keeps its number in messages and the log.
  let asked = 0;

  async function call(inputs: readonly Vector[], signal: AbortSignal | undefined): Promise<{ predictions: Prediction[]; raw?: RawAnswer }> {
    const firstQuery = asked + 1;
    for (let attempt = 0; ; attempt++) {
      budget.take(inputs.length);
      if (attempt === 0) asked += inputs.length;
      if (limiter) stats.waitedMs += await limiter.acquire(signal);
      stats.queries += inputs.length;
      stats.calls++;
      const started = performance.now();
      const timeout = AbortSignal.timeout(timeoutMs);
      const callSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const base = { time: new Date().toISOString(), target: name, call: stats.calls, attempt: attempt + 1, firstQuery, inputs: inputs.length };
      try {
        const { predictions, status, raw } = await transport.send(inputs, callSignal);
        validate(predictions, inputs.length, transport.classes);
        log.write({
          ...base,
          outcome: 'ok',
          status,
          ms: Math.round(performance.now() - started),
          // Built only for a real log: the attack's hot path sends tens of thousands of queries.
          ...(log === noQueryLog ? {} : { labels: predictions.map((p) => p.label) }),
          ...(policy.logInputs ? { x: inputs.map((v) => Array.from(v)), scores: predictions.map((p) => (p.scores ? Array.from(p.scores) : [])) } : {}),
        });
        return raw ? { predictions, raw } : { predictions };
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        if (signal?.aborted) {
          // Abandoned by the caller (deadline, Ctrl-C), not failed: logged, so the log still has every call.
          log.write({ ...base, outcome: 'error', ms, error: `abandoned: ${signal.reason instanceof Error ? signal.reason.message : String(signal.reason)}` });
          throw signal.reason;
        }
        const timedOut = timeout.aborted;
        const transient = timedOut ? new TransientError(`no answer within ${timeoutMs} ms`) : error instanceof TransientError ? error : undefined;
        const message = transient?.message ?? (error instanceof Error ? error.message : String(error));
        const status = error instanceof ProtocolError ? error.status : undefined;
        if (transient?.throttled) stats.throttled++;
        const canRetry = transient !== undefined && attempt < retry.max && budget.remaining() >= inputs.length;
        log.write({ ...base, outcome: canRetry ? 'retry' : 'error', status, ms, error: message });
        if (!canRetry) {
          const tries = attempt + 1;
          throw fail(transient ? `${message} (gave up after ${tries} attempt${tries > 1 ? 's' : ''})` : message, firstQuery, inputs.length, error);
        }
        stats.retries++;
        const delay = backoffDelay(attempt, retry, transient.retryAfterMs);
        stats.waitedMs += delay;
        await sleep(delay, signal);
      }
    }
  }

  return {
    kind: 'prediction-api',
    name,
    // Getters: an ONNX model tells its class count only once it has run.
    get features() {
      return transport.features;
    },
    get classes() {
      return transport.classes;
    },
    maxBatch: transport.maxBatch,
    async predict(inputs, signal) {
      if (inputs.length <= transport.maxBatch) return (await call(inputs, signal)).predictions;
      let out: Prediction[] = [];
      for (let start = 0; start < inputs.length; start += transport.maxBatch) {
        out = out.concat((await call(inputs.slice(start, start + transport.maxBatch), signal)).predictions);
      }
      return out;
    },
    async inspect(inputs, signal) {
      const predictions: Prediction[] = [];
      const raw: RawAnswer[] = [];
      for (let start = 0; start < inputs.length; start += transport.maxBatch) {
        const answer = await call(inputs.slice(start, start + transport.maxBatch), signal);
        predictions.push(...answer.predictions);
        if (answer.raw) raw.push(answer.raw);
      }
      return { predictions, raw };
    },
    remaining: () => budget.remaining(),
    stats: () => ({ ...stats }),
    async close() {
      await transport.close();
      await log.close();
    },
  };
}

function validate(predictions: Prediction[], expected: number, classes: number | undefined): void {
  if (!Array.isArray(predictions) || predictions.length !== expected) {
    throw new ProtocolError(`expected ${expected} prediction(s), got ${Array.isArray(predictions) ? predictions.length : typeof predictions}`);
  }
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i] as Prediction;
    // Scores first: a label an adapter derived from NaN scores is wrong because of them.
    const scores = p.scores;
    if (scores) {
      if (classes !== undefined && scores.length !== classes) throw new ProtocolError(`prediction ${i}: ${scores.length} scores for ${classes} classes`);
      for (let k = 0; k < scores.length; k++) {
        if (!Number.isFinite(scores[k])) throw new ProtocolError(`prediction ${i}: scores contain NaN or infinity`);
      }
    }
    if (!Number.isInteger(p.label) || p.label < 0 || (classes !== undefined && p.label >= classes)) {
      throw new ProtocolError(`prediction ${i}: label ${String(p.label)} is not a class index${classes !== undefined ? ` below ${classes}` : ''}`);
    }
  }
}
