import { ProtocolError } from './guarded-target.ts';
import { redact } from './credentials.ts';
import { parseRetryAfter, TransientError } from './retry.ts';

export interface JsonCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  /** Resolved credentials, scrubbed from anything quoted back to the user. */
  secrets: readonly string[];
}

/**
 * One JSON request. Sorts every failure into "try again" (network, 408, 429, 5xx) or "the target is wrong"
 * (other statuses, a body that is not JSON), with a short quote of what came back.
 */
export async function callJson({ url, method, headers, body, signal, secrets }: JsonCall): Promise<{ json: unknown; status: number }> {
  const response = await sendRequest(url, method, { 'content-type': 'application/json', accept: 'application/json', ...headers }, method === 'GET' ? undefined : JSON.stringify(body), signal);
  const text = await response.text();
  if (!response.ok) throw failureFor(response, text, secrets);
  try {
    return { json: JSON.parse(text) as unknown, status: response.status };
  } catch {
    const type = response.headers.get('content-type') ?? 'no content-type';
    // Python's json module and others write NaN and Infinity bare; say so, quoting where, not just the start.
    const bare = /(?<![\w".])(-?Infinity|NaN)(?![\w"])/.exec(text);
    if (bare) {
      const near = `${bare.index > 50 ? '…' : ''}${text.slice(Math.max(0, bare.index - 50), bare.index + 20)}…`;
      throw new ProtocolError(`answer is not valid JSON: it holds a bare ${bare[1]} (a score that is not a number?) (${type}): ${JSON.stringify(redact(near, secrets))}`, response.status);
    }
    throw new ProtocolError(`answer is not JSON (${type}): ${JSON.stringify(redact(text.slice(0, 120), secrets))}`, response.status);
  }
}

/**
 * The error for a non-2xx answer: "try again" (408, 429, 503 with Retry-After, 5xx) or "the target is wrong",
 * quoting the start of the body with credentials scrubbed. Shared by JSON and streaming calls.
 */
export function failureFor(response: Response, text: string, secrets: readonly string[]): TransientError | ProtocolError {
  const quote = JSON.stringify(redact(text.slice(0, 120), secrets));
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (response.status === 429 || (response.status === 503 && retryAfter !== undefined)) {
    return new TransientError(`HTTP ${response.status} (throttled${retryAfter !== undefined ? `, Retry-After ${Math.round(retryAfter)} ms` : ''})`, retryAfter, true);
  }
  if (response.status === 408 || response.status >= 500) return new TransientError(`HTTP ${response.status}: ${quote}`, retryAfter);
  const hint = response.status === 401 || response.status === 403 ? ' (check the credentials the target file refers to)' : '';
  return new ProtocolError(`HTTP ${response.status}${hint}: ${quote}`, response.status);
}

/** Sends one request; a network failure is worth a retry, an abort is the caller's and passes through. */
export async function sendRequest(url: string, method: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { method, headers, body, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new TransientError(`network error: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}
