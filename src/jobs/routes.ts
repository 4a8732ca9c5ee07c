import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { ServerEnv } from '../server/env.ts';
import { FINISHED, JOB_KINDS, JOB_STATES, type JobRecord } from './job.ts';
import type { JobQueue } from './queue.ts';

export interface JobRouteDeps {
  queue: JobQueue;
  audit: AuditSink;
}

const Job = z
  .object({
    id: z.string(),
    key: z.string(),
    kind: z.enum(JOB_KINDS),
    parentId: z.string().nullable(),
    organisation: z.string().nullable(),
    state: z.enum(JOB_STATES),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    worker: z.string().nullable(),
    progress: z.object({ done: z.number().int(), total: z.number().int(), message: z.string().nullable() }),
    result: z.unknown(),
    error: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Job');
const Problem = z.object({ error: z.string() }).openapi('JobProblem');
const IdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Jobs, newest first',
  request: { query: z.object({ state: z.enum(JOB_STATES).optional(), kind: z.enum(JOB_KINDS).optional(), parent: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: { description: 'jobs', content: { 'application/json': { schema: z.object({ jobs: z.array(Job) }) } } } },
});
const show = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One job: state, attempts, progress, result; a campaign lists its check jobs',
  request: { params: IdParam },
  responses: {
    200: { description: 'the job', content: { 'application/json': { schema: z.object({ job: Job, children: z.array(Job) }) } } },
    404: { description: 'no such job', content: { 'application/json': { schema: Problem } } },
  },
});
const cancel = createRoute({
  method: 'post',
  path: '/{id}/cancel',
  summary: 'Cancel a queued, running or waiting job and its unfinished check jobs',
  request: { params: IdParam },
  responses: {
    200: { description: 'cancelled', content: { 'application/json': { schema: z.object({ job: Job }) } } },
    404: { description: 'no such job', content: { 'application/json': { schema: Problem } } },
    409: { description: 'already finished', content: { 'application/json': { schema: Problem } } },
  },
});

/** `/api/jobs`: status, progress and cancel of review, check and assembly jobs. Cancelling is audited. */
export function jobRoutes({ queue, audit }: JobRouteDeps): OpenAPIHono<ServerEnv> {
  const app = new OpenAPIHono<ServerEnv>();
  app.openapi(list, async (c) => {
    const { state, kind, parent, limit } = c.req.valid('query');
    const jobs = await queue.list({ limit, ...(state ? { state } : {}), ...(kind ? { kind } : {}), ...(parent ? { parentId: parent } : {}) });
    return c.json({ jobs: jobs.map(view) }, 200);
  });
  app.openapi(show, async (c) => {
    const job = await queue.get(c.req.valid('param').id);
    if (!job) return c.json({ error: 'no such job' }, 404);
    const children = job.kind === 'review' ? await queue.list({ parentId: job.id, limit: 500 }) : [];
    return c.json({ job: view(job), children: children.map(view) }, 200);
  });
  app.openapi(cancel, async (c) => {
    const { id } = c.req.valid('param');
    const before = await queue.get(id);
    if (!before) return c.json({ error: 'no such job' }, 404);
    if (FINISHED.includes(before.state)) return c.json({ error: `the job is already ${before.state}` }, 409);
    const after = (await queue.cancel(id)) ?? before;
    await audit({ actor: c.get('actor').name, action: 'job.cancel', target: `job/${id}`, before: { state: before.state }, after: { state: after.state }, outcome: 'success' });
    return c.json({ job: view(after) }, 200);
  });
  return app;
}

/** The payload stays out: it names folders on the server. */
function view(job: JobRecord): z.infer<typeof Job> {
  const { payload: _payload, ...rest } = job;
  return rest;
}
