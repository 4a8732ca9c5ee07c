import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ServerEnv } from './env.ts';
import { HttpError } from './http-error.ts';

/** A router whose request validation failures are 400s in the server's one error shape (zod at the edge). */
export function newRouter(): OpenAPIHono<ServerEnv> {
  return new OpenAPIHono<ServerEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const at = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
        throw new HttpError(400, `invalid request${at}: ${issue?.message ?? 'invalid'}`, 'see /api/openapi.json for what this route takes');
      }
      return undefined;
    },
  });
}

export const ErrorSchema = z.object({ error: z.object({ status: z.number().int(), message: z.string(), hint: z.string().optional() }) }).openapi('Error');

/** The error responses every authenticated route may give. */
export const ERRORS = {
  400: { description: 'invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'not allowed (role, token scope, CSRF)', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'not found (or not yours to see)', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const ReviewIdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 3 }) });

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}
