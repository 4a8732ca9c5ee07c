import { ProtocolError } from './guarded-target.ts';
import { redact } from './credentials.ts';
import { retryAfterOf, TransientError } from './retry.ts';
import { parseBody } from './http-json/body-format.ts';

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
  const answer = await callText({ url, method, headers, body: method === 'GET' ? undefined : JSON.stringify(body), contentType: 'application/json', signal, secrets });
  try {
    return { json: parseBody(answer.text, answer.contentType, 'json', answer.status), status: answer.status };
  } catch (error) {
    if (error instanceof ProtocolError) throw new ProtocolError(redact(error.message, secrets), error.status);
    throw error;
  }
}

export interface TextCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Already encoded; undefined for none. */
  body: string | undefined;
  contentType: string | undefined;
  signal: AbortSignal;
  secrets: readonly string[];
}

/** One request whose body the caller encodes and whose answer the caller parses; failures sorted as callJson's. */
export async function callText({ url, method, headers, body, contentType, signal, secrets }: TextCall): Promise<{ text: string; status: number; contentType: string | null }> {
  const base: Record<string, string> = { accept: 'application/json, text/csv;q=0.9, text/plain;q=0.8', ...(contentType && body !== undefined ? { 'content-type': contentType } : {}) };
  const response = await sendRequest(url, method, { ...base, ...headers }, body, signal);
  const text = await response.text();
  if (!response.ok) throw failureFor(response, text, secrets);
  return { text, status: response.status, contentType: response.headers.get('content-type') };
}

/**
 * The error for a non-2xx answer: "try again" (408, 429, 503 with Retry-After, 5xx) or "the target is wrong",
 * quoting the start of the body with credentials scrubbed. Shared by JSON and streaming calls.
 */
export function failureFor(response: Response, text: string, secrets: readonly string[]): TransientError | ProtocolError {
  const quote = JSON.stringify(redact(text.slice(0, 120), secrets));
  const retryAfter = retryAfterOf(response.headers);
  if (response.status === 429 || (response.status === 503 && retryAfter !== undefined)) {
    return new TransientError(`HTTP ${response.status} (throttled${retryAfter !== undefined ? `, Retry-After ${Math.round(retryAfter)} ms` : ''})`, retryAfter, true);
  }
  if (response.status === 408 || response.status >= 500) return new TransientError(`HTTP ${response.status}: ${quote}`, retryAfter);
  // Gemini answers a bad key with HTTP 400 ("API key not valid"), not 401.
  const aboutKey = response.status === 400 && /\b(?:api[ _-]?key|access token|credentials?)\b.{0,40}\b(?:not valid|invalid|expired|missing)\b/i.test(text);
  const hint = response.status === 401 || response.status === 403 || aboutKey ? ' (check the credentials the target file refers to)' : '';
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
