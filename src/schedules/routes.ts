import { stat } from 'node:fs/promises';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { ServerEnv } from '../server/env.ts';
import type { Store } from '../store/connection.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { cronProblem, nextSlot, QUARTERLY } from './cron.ts';
import { deleteSchedule, findSchedule, insertSchedule, listSchedules, updateSchedule, type Schedule, type ScheduleFields } from './schedule-store.ts';

export interface ScheduleRouteDeps {
  store: Store;
  audit: AuditSink;
  clock?: () => Date;
  /** Why the server cannot read this inventory, or undefined; by default the path must exist. */
  inventoryProblem?: (dir: string) => Promise<string | undefined>;
}

const Fields = z
  .object({
    organisation: z.string().min(1).nullable().default(null),
    inventoryDir: z.string().min(1).openapi({ description: 'an inventory folder or file the server can read' }),
    cron: z.string().min(1).default(QUARTERLY).openapi({ description: `cron expression (croner); quarterly by default: "${QUARTERLY}"` }),
    timezone: z.string().min(1).default('UTC'),
    checks: z.array(z.string().min(1)).nullable().default(null).openapi({ description: 'check ids or families to run; none: the review analyses claims only' }),
    enabled: z.boolean().default(true),
  })
  .superRefine((fields, ctx) => {
    const problem = cronProblem(fields.cron, fields.timezone);
    if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: `cron "${fields.cron}" in ${fields.timezone} is refused: ${problem}` });
  });

const ScheduleView = z
  .object({
    id: z.string(),
    organisation: z.string().nullable(),
    inventoryDir: z.string(),
    cron: z.string(),
    timezone: z.string(),
    checks: z.array(z.string()).nullable(),
    enabled: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    nextRun: z.string().nullable(),
  })
  .openapi('Schedule');
const Problem = z.object({ error: z.string() }).openapi('ScheduleProblem');
const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = { content: { 'application/json': { schema: Fields } }, required: true };

const routes = {
  list: createRoute({ method: 'get', path: '/', summary: 'Schedules with their next run', responses: { 200: json(z.object({ schedules: z.array(ScheduleView) }), 'schedules') } }),
  create: createRoute({ method: 'post', path: '/', summary: 'Schedule reviews of an inventory (quarterly unless a cron expression is given)', request: { body }, responses: { 201: json(z.object({ schedule: ScheduleView }), 'created'), 400: json(Problem, 'refused') } }),
  update: createRoute({ method: 'put', path: '/{id}', summary: 'Replace a schedule', request: { params: IdParam, body }, responses: { 200: json(z.object({ schedule: ScheduleView }), 'updated'), 400: json(Problem, 'refused'), 404: json(Problem, 'no such schedule') } }),
  remove: createRoute({ method: 'delete', path: '/{id}', summary: 'Delete a schedule', request: { params: IdParam }, responses: { 200: json(z.object({ schedule: ScheduleView }), 'deleted'), 404: json(Problem, 'no such schedule') } }),
};

/** `/api/schedules`: list, create, update, delete. Every change is audited with the schedule before and after. */
export function scheduleRoutes(deps: ScheduleRouteDeps): OpenAPIHono<ServerEnv> {
  const clock = deps.clock ?? (() => new Date());
  const exec = kyselyExecutor(deps.store.db);
  const inventoryProblem = deps.inventoryProblem ?? defaultInventoryProblem;
  const view = (schedule: Schedule) => ({ ...schedule, nextRun: schedule.enabled ? (nextSlot(schedule.cron, schedule.timezone, clock())?.toISOString() ?? null) : null });
  const app = new OpenAPIHono<ServerEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json({ error: result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, 400);
    },
  });

  app.openapi(routes.list, async (c) => c.json({ schedules: (await listSchedules(exec)).map(view) }, 200));
  app.openapi(routes.create, async (c) => {
    const fields: ScheduleFields = c.req.valid('json');
    const problem = await inventoryProblem(fields.inventoryDir);
    if (problem) return c.json({ error: problem }, 400);
    const schedule = await insertSchedule(exec, fields, c.get('actor').name, clock());
    await deps.audit({ actor: c.get('actor').name, action: 'schedule.create', target: `schedule/${schedule.id}`, after: schedule, outcome: 'success' });
    return c.json({ schedule: view(schedule) }, 201);
  });
  app.openapi(routes.update, async (c) => {
    const { id } = c.req.valid('param');
    const fields: ScheduleFields = c.req.valid('json');
    const before = await findSchedule(exec, id);
    if (!before) return c.json({ error: 'no such schedule' }, 404);
    const problem = await inventoryProblem(fields.inventoryDir);
    if (problem) return c.json({ error: problem }, 400);
    const after = (await updateSchedule(exec, id, fields, clock())) as Schedule;
    await deps.audit({ actor: c.get('actor').name, action: 'schedule.update', target: `schedule/${id}`, before, after, outcome: 'success' });
    return c.json({ schedule: view(after) }, 200);
  });
  app.openapi(routes.remove, async (c) => {
    const { id } = c.req.valid('param');
    const before = await deleteSchedule(exec, id);
    if (!before) return c.json({ error: 'no such schedule' }, 404);
    await deps.audit({ actor: c.get('actor').name, action: 'schedule.delete', target: `schedule/${id}`, before, outcome: 'success' });
    return c.json({ schedule: view(before) }, 200);
  });
  return app;
}

async function defaultInventoryProblem(dir: string): Promise<string | undefined> {
  try {
    await stat(dir);
    return undefined;
  } catch {
    return `the server cannot read the inventory ${dir}: give a folder or file on the server's disk`;
  }
}
