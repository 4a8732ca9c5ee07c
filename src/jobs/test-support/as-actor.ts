import { Hono } from 'hono';
import type { AuditEntry } from '../../audit/audit-sink.ts';
import type { Actor, ServerEnv } from '../../server/env.ts';

/** Mount a sub-app as server-core will, with the actor its session middleware would set; audit entries are kept. */
export function asActor(path: string, sub: Hono<ServerEnv>, actor: Actor = { id: 'u-ana', name: 'Ana', role: 'admin' }): { app: Hono<ServerEnv>; audited: AuditEntry[] } {
  const app = new Hono<ServerEnv>();
  app.use('*', async (c, next) => {
    c.set('actor', actor);
    await next();
  });
  app.route(path, sub);
  return { app, audited };
}

export const audited: AuditEntry[] = [];
export const recordAudit = async (entry: AuditEntry): Promise<void> => {
  audited.push(entry);
};
