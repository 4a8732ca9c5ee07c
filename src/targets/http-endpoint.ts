import type { InferenceEndpointTarget } from '../checks/contract.ts';
import { inputError } from '../errors.ts';
import type { Authentication, Exposure } from '../inventory/vocabulary.ts';
import { redact, resolveSecret } from './credentials.ts';

/** One request the adapter made, as the check's pointers and the query log show it. Never holds headers. */
export interface Exchange {
  /** 1-based number of the request. */
  call: number;
  method: string;
  url: string;
  /** Absent when no answer came (network error, timeout). */
  status?: number;
  ms: number;
  withCredentials: boolean;
  error?: string;
}

/** An inference endpoint as the inventory describes it, reachable over HTTP with counting and a log. */
export interface HttpEndpointTarget extends InferenceEndpointTarget {
  /** What the inventory says about the endpoint; checks judge what they see against it. */
  declared: { authentication: Authentication; exposure: Exposure };
  /** Whether credentials were configured; without them `withCredentials` sends nothing extra. */
  hasCredentials: boolean;
  requests(): readonly Exchange[];
}

export interface HttpEndpointOptions {
  url: string;
  protocol: string;
  declared: HttpEndpointTarget['declared'];
  signal: AbortSignal;
  timeoutMs?: number;
  /** The most requests one run may make; a runaway check stops here instead of hammering the service. */
  maxRequests?: number;
  /**
   * Headers to send when a check asks `withCredentials`. Each value must reference an environment variable
   * (`Bearer ${TOKEN}`) or a file (`file:PATH`): a literal secret in an inventory is refused.
   */
  credentialHeaders?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  baseDir?: string;
}

// Headers a check may not set itself: credentials come only from `credentialHeaders`.
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key']);
const MAX_BODY_BYTES = 64 * 1024;

/** Open an endpoint for probing. Requests may go only to the URL's origin, never follow redirects, and time out. */
export function openHttpEndpoint(options: HttpEndpointOptions): HttpEndpointTarget {
  const base = new URL(options.url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRequests = options.maxRequests ?? 100;
  const { headers: credentials, secrets } = resolveCredentials(options);
  const log: Exchange[] = [];

  return {
    kind: 'inference-endpoint',
    url: base.href,
    protocol: options.protocol,
    declared: options.declared,
    hasCredentials: Object.keys(credentials).length > 0,
    requests: () => log,
    async fetch(path, init = {}) {
      const url = new URL(path, base);
      if (url.origin !== base.origin) throw new Error(`refusing to send a request to ${url.origin}: the inventory names only ${base.origin}`);
      if (log.length >= maxRequests) throw new Error(`request budget of ${maxRequests} spent on ${base.origin}`);
      const method = (init.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(init.headers ?? {})) if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) headers[name] = value;
      const withCredentials = init.withCredentials === true && Object.keys(credentials).length > 0;
      if (withCredentials) Object.assign(headers, credentials);

      const exchange: Exchange = { call: log.length + 1, method, url: url.href, ms: 0, withCredentials };
      log.push(exchange);
      const started = performance.now();
      try {
        const response = await fetch(url, {
          method,
          headers,
          body: method === 'GET' || method === 'HEAD' ? undefined : init.body,
          // A redirect may lead off the origin (an SSO login); the check sees the 3xx and its Location instead.
          redirect: 'manual',
          signal: AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]),
        });
        exchange.status = response.status;
        const body = redact(await readCapped(response), secrets);
        return { status: response.status, headers: Object.fromEntries(response.headers), body };
      } catch (error) {
        exchange.error = redact(describeFailure(error), secrets);
        throw new Error(`${method} ${url.href}: ${exchange.error}`, { cause: error });
      } finally {
        exchange.ms = Math.round(performance.now() - started);
      }
    },
  };
}

function resolveCredentials(options: HttpEndpointOptions): { headers: Record<string, string>; secrets: string[] } {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [name, template] of Object.entries(options.credentialHeaders ?? {})) {
    if (!/\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(template) && !template.startsWith('file:')) {
      throw inputError(`credential header ${name} for ${options.url} is a literal value`, { path: `headers.${name}` }, 'reference an environment variable (`Bearer ${TOKEN}`) or a file (`file:PATH`) instead');
    }
    const value = resolveSecret(template, options.env ?? process.env, options.baseDir ?? '.', { path: `headers.${name}` });
    headers[name] = value;
    secrets.push(value);
  }
  return { headers, secrets };
}

/** Reads at most MAX_BODY_BYTES: an error page is short, and a probe must not download a model. */
async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= MAX_BODY_BYTES) await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  if (error instanceof Error && error.name === 'AbortError') return 'aborted';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
