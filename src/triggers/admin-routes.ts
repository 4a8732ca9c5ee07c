import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { ServerEnv } from '../server/env.ts';
import type { Store } from '../store/connection.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { deleteTrigger, insertTrigger, listTriggers, TRIGGER_SOURCES } from './trigger-store.ts';

const NewTrigger = z
  .strictObject({
    source: z.enum(TRIGGER_SOURCES).openapi({ description: 'mlflow: MLflow 3 webhook payloads; generic: {assets, models, checks}; ci: generic plus commit and pipeline' }),
    inventoryDir: z.string().min(1).openapi({ description: 'the inventory folder or file on the server that reviews read' }),
    organisation: z.string().min(1).nullable().default(null),
    checks: z.array(z.string().min(1)).nullable().default(null).openapi({ description: 'check ids or families to run; none: the review analyses claims only' }),
    modelMap: z.record(z.string(), z.array(z.string().min(1))).nullable().default(null).openapi({ description: 'registry model name → asset ids, for models the inventory does not tag' }),
  })
  .openapi('NewTrigger');
const Trigger = z
  .object({
    id: z.string(),
    source: z.enum(TRIGGER_SOURCES),
    organisation: z.string().nullable(),
    inventoryDir: z.string(),
    checks: z.array(z.string()).nullable(),
    modelMap: z.record(z.string(), z.array(z.string())).nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Trigger');
const Problem = z.object({ error: z.string() }).openapi('TriggerProblem');
const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const routes = {
  list: createRoute({ method: 'get', path: '/', summary: 'Webhook triggers (without their secrets)', tags: ['triggers'], responses: { 200: json(z.object({ triggers: z.array(Trigger) }), 'triggers') } }),
  create: createRoute({
    method: 'post',
    path: '/',
    summary: 'Make a webhook trigger; its secret is in this answer and never again',
    tags: ['triggers'],
    request: { body: { content: { 'application/json': { schema: NewTrigger } }, required: true } },
    responses: { 201: json(z.object({ trigger: Trigger, secret: z.string(), url: z.string().openapi({ description: 'where the sender posts: /hooks/{id}' }) }), 'made'), 400: json(Problem, 'refused') },
  }),
  remove: createRoute({ method: 'delete', path: '/{id}', summary: 'Delete a webhook trigger', tags: ['triggers'], request: { params: IdParam }, responses: { 200: json(z.object({ trigger: Trigger }), 'deleted'), 404: json(Problem, 'no such trigger') } }),
};

/**
 * `/api/triggers` (behind the session, admin): make a trigger — its secret is in the answer once and never again —,
 * list and delete them. Changes are audited, without the secret.
 */
export function triggerAdminRoutes(deps: { store: Store; audit: AuditSink; inventoryProblem?: (dir: string) => Promise<string | undefined> }): OpenAPIHono<ServerEnv> {
  const exec = kyselyExecutor(deps.store.db);
  const app = new OpenAPIHono<ServerEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json({ error: result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, 400);
    },
  });
  app.openapi(routes.list, async (c) => c.json({ triggers: await listTriggers(exec) }, 200));
  app.openapi(routes.create, async (c) => {
    const fields = c.req.valid('json');
    const problem = await deps.inventoryProblem?.(fields.inventoryDir);
    if (problem) return c.json({ error: problem }, 400);
    const { trigger, secret } = await insertTrigger(exec, fields, c.get('actor').name);
    await deps.audit({ actor: c.get('actor').name, action: 'trigger.create', target: `trigger/${trigger.id}`, after: trigger, outcome: 'success' });
    return c.json({ trigger, secret, url: `/hooks/${trigger.id}` }, 201);
  });
  app.openapi(routes.remove, async (c) => {
    const before = await deleteTrigger(exec, c.req.valid('param').id);
    if (!before) return c.json({ error: 'no such trigger' }, 404);
    await deps.audit({ actor: c.get('actor').name, action: 'trigger.delete', target: `trigger/${before.id}`, before, outcome: 'success' });
    return c.json({ trigger: before }, 200);
  });
  return app;
}
