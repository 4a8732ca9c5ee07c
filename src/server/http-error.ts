import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RampartError, type ErrorKind } from '../errors.ts';

/** An error that carries its HTTP status. Routes throw these; `errorResponse` is the one place errors become responses. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly hint?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, `${what} not found`);
export const forbidden = (why = 'your role may not do this'): HttpError => new HttpError(403, why, 'ask an admin for a role that may');
export const badRequest = (why: string, hint?: string): HttpError => new HttpError(400, why, hint);

/** RampartError kinds as HTTP statuses: what the user sent is wrong (400/422), the store is unwell (503), a target failed (502). */
const STATUS_OF_KIND: Record<ErrorKind, ContentfulStatusCode> = { usage: 400, input: 422, store: 503, target: 502 };

export interface ErrorBody {
  error: { status: number; message: string; hint?: string | undefined };
}

/** Every error becomes `{ error: { status, message, hint } }`; an unexpected one is logged and answered 500 without its details. */
export function errorResponse(error: unknown, c: Context, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Response {
  if (error instanceof HttpError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(body(error.status, error.message, error.hint), error.status);
  }
  // Hono's own refusals before a handler runs: a body that is not JSON, a media type the route does not take.
  if (error instanceof HTTPException && error.status < 500) return c.json(body(error.status, error.message || 'bad request'), error.status as ContentfulStatusCode);
  if (error instanceof RampartError) {
    const status = STATUS_OF_KIND[error.kind];
    return c.json(body(status, error.message, error.hint), status);
  }
  log(`internal error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return c.json(body(500, 'internal error (a bug in rampart; the server log has the details)'), 500);
}

function body(status: number, message: string, hint?: string): ErrorBody {
  return { error: { status, message, ...(hint ? { hint } : {}) } };
}
