import { Hono } from 'hono';
import { z } from 'zod';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { ServerEnv } from '../server/env.ts';
import type { Store } from '../store/connection.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { deleteTrigger, insertTrigger, listTriggers, TRIGGER_SOURCES } from './trigger-store.ts';

const NewTrigger = z.strictObject({
  source: z.enum(TRIGGER_SOURCES),
  inventoryDir: z.string().min(1),
  organisation: z.string().min(1).nullable().default(null),
  checks: z.array(z.string().min(1)).nullable().default(null),
  modelMap: z.record(z.string(), z.array(z.string().min(1))).nullable().default(null),
});

/**
 * `/api/triggers` (behind the session, admin): make a trigger — its secret is in the answer once and never again —,
 * list and delete them. Changes are audited, without the secret.
 */
export function triggerAdminRoutes(deps: { store: Store; audit: AuditSink; inventoryProblem?: (dir: string) => Promise<string | undefined> }): Hono<ServerEnv> {
  const exec = kyselyExecutor(deps.store.db);
  const app = new Hono<ServerEnv>();
  app.get('/', async (c) => c.json({ triggers: await listTriggers(exec) }));
  app.post('/', async (c) => {
    const parsed = NewTrigger.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, 400);
    const problem = await deps.inventoryProblem?.(parsed.data.inventoryDir);
    if (problem) return c.json({ error: problem }, 400);
    const { trigger, secret } = await insertTrigger(exec, parsed.data, c.get('actor').name);
    await deps.audit({ actor: c.get('actor').name, action: 'trigger.create', target: `trigger/${trigger.id}`, after: trigger, outcome: 'success' });
    return c.json({ trigger, secret, url: `/hooks/${trigger.id}` }, 201);
  });
  app.delete('/:id', async (c) => {
    const before = await deleteTrigger(exec, c.req.param('id'));
    if (!before) return c.json({ error: 'no such trigger' }, 404);
    await deps.audit({ actor: c.get('actor').name, action: 'trigger.delete', target: `trigger/${before.id}`, before, outcome: 'success' });
    return c.json({ trigger: before });
  });
  return app;
}
