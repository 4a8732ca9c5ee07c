/** Retry policy for transient failures: exponential backoff with jitter, and the server's Retry-After first. */
export interface RetryOptions {
  /** Retries after the first attempt. */
  max: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetry: RetryOptions = { max: 3, baseDelayMs: 250, maxDelayMs: 10_000 };

/** A failure worth another attempt, carrying what the server asked us to wait. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly throttled = false,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/**
 * Why not to retry a throttled call: the server's Retry-After is longer than the policy lets us wait. Retrying
 * sooner (as capping the wait at maxDelayMs did) is refused again and spends a request of the budget each time.
 */
export function waitTooLong(transient: TransientError, options: RetryOptions): string | undefined {
  if (transient.retryAfterMs === undefined || transient.retryAfterMs <= options.maxDelayMs) return undefined;
  const s = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
  return `the server asks to wait ${s(transient.retryAfterMs)}, longer than retries.maxDelayMs (${s(options.maxDelayMs)}): raise retries.maxDelayMs in the target file to wait that long, or lower rateLimit`;
}

export function backoffDelay(attempt: number, options: RetryOptions, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxDelayMs);
  const exp = options.baseDelayMs * 2 ** attempt;
  // Full jitter keeps many clients (or many retries of ours) from hitting the server in lockstep.
  return Math.min(options.maxDelayMs, exp / 2 + random() * (exp / 2));
}

/** How long a throttled answer asks to wait: `retry-after-ms` (OpenAI, Azure OpenAI) when given, else `Retry-After`. */
export function retryAfterOf(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? '');
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfter(headers.get('retry-after'), now);
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
