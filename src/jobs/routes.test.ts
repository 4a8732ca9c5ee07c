import { expect, it } from 'vitest';
import { jobRoutes } from './routes.ts';
import { asActor, audited, recordAudit } from './test-support/as-actor.ts';
import { pgliteQueue } from './test-support/pglite-queue.ts';

// Nothing works the queue: the routes only read and cancel.
const fixture = pgliteQueue();

const review = (key: string) => ({ kind: 'review' as const, key, payload: { inventoryDir: '/inv', reason: 'manual' }, requestedBy: 'ana' });

it.each([
  { name: 'lists jobs, newest first, without their payloads', method: 'GET', path: () => '/api/jobs?kind=review', status: 200, body: (b: { jobs: { key: string; payload?: unknown }[] }) => expect(b.jobs.map((j) => [j.key, j.payload])).toEqual([['b', undefined], ['a', undefined]]) },
  { name: 'refuses an unknown state filter', method: 'GET', path: () => '/api/jobs?state=exploded', status: 400 },
  { name: 'shows one job with its progress', method: 'GET', path: (ids: string[]) => `/api/jobs/${ids[0]}`, status: 200, body: (b: { job: { state: string; progress: unknown } }) => expect(b.job).toMatchObject({ state: 'queued', progress: { done: 0, total: 0, message: null } }) },
  { name: 'an unknown job is 404', method: 'GET', path: () => '/api/jobs/nope', status: 404 },
  { name: 'cancels a queued job', method: 'POST', path: (ids: string[]) => `/api/jobs/${ids[0]}/cancel`, status: 200, audit: 1 },
  { name: 'a finished job cannot be cancelled again', method: 'POST', path: (ids: string[]) => `/api/jobs/${ids[0]}/cancel`, status: 409, audit: 0 },
  { name: 'cancelling an unknown job is 404', method: 'POST', path: () => '/api/jobs/nope/cancel', status: 404, audit: 0 },
])('$name', async ({ method, path, status, body, audit }) => {
  const queue = fixture.queue();
  const ids = [(await queue.enqueue(review('a'))).id, (await queue.enqueue(review('b'))).id];
  const { app } = asActor('/api/jobs', jobRoutes({ queue, audit: recordAudit }));
  const response = await app.request(path(ids), { method });
  expect(response.status).toBe(status);
  if (body) body((await response.json()) as never);
  if (audit !== undefined) expect(audited).toHaveLength(audit);
  if (audit) expect(audited[0]).toMatchObject({ actor: 'Ana', action: 'job.cancel', target: `job/${ids[0]}`, before: { state: 'queued' }, after: { state: 'cancelled' }, outcome: 'success' });
});
