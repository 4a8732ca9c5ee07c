/** An API answer other than 2xx, with the server's own message (`{ error: { status, message, hint } }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;

/** The session's CSRF token (from `GET`/`POST /api/session`), sent on every change. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | undefined>;

/** `/reviews` + `{ organisation: 'acme' }` → `/api/reviews?organisation=acme` (undefined values left out). */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

export async function apiGet<T>(path: string, query?: Query): Promise<T> {
  return answer<T>(await fetch(apiUrl(path, query), { credentials: 'same-origin', headers: { accept: 'application/json' } }));
}

export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return answer<T>(await fetch(apiUrl(path), { method, credentials: 'same-origin', headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
}

async function answer<T>(response: Response): Promise<T> {
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }
  let message = `${response.status} ${response.statusText}`;
  let hint: string | undefined;
  try {
    // The server's routes answer `{ error: { message, hint } }`; the jobs, schedules and triggers sub-apps `{ error: "…" }`.
    const body = (await response.json()) as { error?: string | { message?: string; hint?: string } };
    if (typeof body.error === 'string') message = body.error;
    else if (body.error?.message) message = body.error.message;
    if (typeof body.error === 'object') hint = body.error.hint;
  } catch {
    // Not the server's JSON error (a proxy's page, a dropped connection): the status line says enough.
  }
  throw new ApiError(response.status, message, hint);
}
