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
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: method === 'GET' ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new TransientError(`network error: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  const quote = (): string => JSON.stringify(redact(text.slice(0, 120), secrets));
  if (!response.ok) {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (response.status === 429 || (response.status === 503 && retryAfter !== undefined)) {
      throw new TransientError(`HTTP ${response.status} (throttled${retryAfter !== undefined ? `, Retry-After ${Math.round(retryAfter)} ms` : ''})`, retryAfter, true);
    }
    if (response.status === 408 || response.status >= 500) throw new TransientError(`HTTP ${response.status}: ${quote()}`, retryAfter);
    const hint = response.status === 401 || response.status === 403 ? ' (check the credentials the target file refers to)' : '';
    throw new ProtocolError(`HTTP ${response.status}${hint}: ${quote()}`, response.status);
  }
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
    throw new ProtocolError(`answer is not JSON (${type}): ${quote()}`, response.status);
  }
}
