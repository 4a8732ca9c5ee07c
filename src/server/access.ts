import type { MiddlewareHandler } from 'hono';
import type { Role, ServerEnv } from './env.ts';
import { forbidden } from './http-error.ts';

/**
 * Who may call what. Every route declares one of these with `allow(...)`; the role test (access.test.ts) holds its
 * own table of every route in the OpenAPI document and fails when a route is added without a row there.
 */
export const ACCESS = {
  /** Everyone signed in. */
  anyone: ['admin', 'security-reviewer', 'asset-owner', 'auditor', 'viewer'],
  /** Read the organisation's whole picture: reviews, reports, evidence. Asset owners see only their findings, so not these. */
  wholeReview: ['admin', 'security-reviewer', 'auditor', 'viewer'],
  /** Findings: asset owners too, filtered to their assets. */
  findings: ['admin', 'security-reviewer', 'asset-owner', 'auditor', 'viewer'],
  /** The web UI's dashboard and heatmap: findings counted and summed, so asset owners too, over their own assets. */
  posture: ['admin', 'security-reviewer', 'asset-owner', 'auditor', 'viewer'],
  /** Change findings (status, assignee) and request waivers: asset owners on their own assets. */
  triage: ['admin', 'security-reviewer', 'asset-owner'],
  /** Run reviews, upload inventories, approve and revoke waivers, sign off. */
  review: ['admin', 'security-reviewer'],
  /** The audit log. */
  audit: ['admin', 'auditor'],
  /** Accounts, registered folders. */
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type AccessRule = keyof typeof ACCESS;

/** Route middleware: the signed-in actor's role must be in the rule's roles, else 403. */
export function allow(rule: AccessRule): MiddlewareHandler<ServerEnv> {
  const roles: readonly Role[] = ACCESS[rule];
  return async (c, next) => {
    if (!roles.includes(c.get('actor').role)) throw forbidden();
    await next();
  };
}

/** For mounted sub-apps: GET/HEAD need a `read` role, anything else a `write` role. */
export function allowByMethod(read: readonly Role[], write: readonly Role[]): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const roles = c.req.method === 'GET' || c.req.method === 'HEAD' ? read : write;
    if (!roles.includes(c.get('actor').role)) throw forbidden();
    await next();
  };
}
