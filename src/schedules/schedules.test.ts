import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../jobs/in-process-queue.ts';
import { asActor, audited, recordAudit } from '../jobs/test-support/as-actor.ts';
import { pgliteQueue } from '../jobs/test-support/pglite-queue.ts';
import { kyselyExecutor } from '../store/executor.ts';
import { dueSlot, QUARTERLY } from './cron.ts';
import { scheduleRoutes } from './routes.ts';
import { insertSchedule } from './schedule-store.ts';
import { tick } from './scheduler.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/acme-bank', import.meta.url));
const fixture = pgliteQueue();
let now = new Date('2026-12-05T03:00:00Z');
const clock = () => now;

describe('cron slots', () => {
  it.each([
    { name: 'quarterly: the latest quarter start at or before now', cron: QUARTERLY, now: '2026-12-05T03:00:00Z', since: '2026-01-01T00:00:00Z', due: '2026-10-01T06:00:00.000Z' },
    { name: 'the slot itself is due at its minute', cron: QUARTERLY, now: '2026-10-01T06:00:00Z', since: '2026-01-01T00:00:00Z', due: '2026-10-01T06:00:00.000Z' },
    { name: 'nothing before the schedule was made', cron: QUARTERLY, now: '2026-12-05T03:00:00Z', since: '2026-12-01T00:00:00Z', due: undefined },
    { name: 'a time zone moves the slot', cron: '0 9 * * 1', timezone: 'Europe/Berlin', now: '2026-12-07T08:30:00Z', since: '2026-11-01T00:00:00Z', due: '2026-12-07T08:00:00.000Z' },
  ])('$name', ({ cron, timezone = 'UTC', now: at, since, due }) => {
    expect(dueSlot(cron, timezone, new Date(at), new Date(since))?.toISOString()).toBe(due);
  });
});

describe('/api/schedules', () => {
  const app = () => asActor('/api/schedules', scheduleRoutes({ store: fixture.store(), audit: recordAudit, clock })).app;
  const send = (method: string, path: string, body?: unknown) => app().request(path, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });

  it('creates a quarterly schedule by default, lists it with its next run, updates and deletes it, auditing each change', async () => {
    const created = await send('POST', '/api/schedules', { inventoryDir: EXAMPLE });
    expect(created.status).toBe(201);
    const { schedule } = (await created.json()) as { schedule: { id: string; cron: string; nextRun: string } };
    expect(schedule).toMatchObject({ cron: QUARTERLY, nextRun: '2027-01-01T06:00:00.000Z' });
    const listed = (await (await send('GET', '/api/schedules')).json()) as { schedules: { id: string }[] };
    expect(listed.schedules.map((s) => s.id)).toContain(schedule.id);
    const updated = await send('PUT', `/api/schedules/${schedule.id}`, { inventoryDir: EXAMPLE, cron: '0 6 * * 1', checks: ['model-file'] });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as { schedule: { nextRun: string } }).schedule.nextRun).toBe('2026-12-07T06:00:00.000Z');
    expect((await send('DELETE', `/api/schedules/${schedule.id}`)).status).toBe(200);
    expect((await send('DELETE', `/api/schedules/${schedule.id}`)).status).toBe(404);
    expect(audited.map((a) => [a.action, a.actor, a.target])).toEqual([
      ['schedule.create', 'Ana', `schedule/${schedule.id}`],
      ['schedule.update', 'Ana', `schedule/${schedule.id}`],
      ['schedule.delete', 'Ana', `schedule/${schedule.id}`],
    ]);
    expect(audited[1]).toMatchObject({ before: { cron: QUARTERLY }, after: { cron: '0 6 * * 1', checks: ['model-file'] } });
  });

  it.each([
    { name: 'a cron expression croner refuses', body: { inventoryDir: EXAMPLE, cron: '61 * * * *' }, error: /cron "61 \* \* \* \*" in UTC is refused/ },
    { name: 'an unknown time zone', body: { inventoryDir: EXAMPLE, timezone: 'Mars/Olympus' }, error: /Mars\/Olympus/ },
    { name: 'an inventory the server cannot read', body: { inventoryDir: '/nonexistent/inventory' }, error: /cannot read the inventory/ },
    { name: 'no inventory', body: {}, error: /inventoryDir/ },
  ])('refuses $name with 400 and changes nothing', async ({ body, error }) => {
    const response = await send('POST', '/api/schedules', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(error);
    expect(audited).toEqual([]);
  });
});

describe('the scheduler', () => {
  it('queues the review of a due slot once, however many servers look, and the next slot when it comes', async () => {
    now = new Date('2026-12-07T05:00:00Z');
    const [store, queue] = [fixture.store(), fixture.queue()];
    const schedule = await insertSchedule(kyselyExecutor(store.db), { organisation: null, inventoryDir: EXAMPLE, cron: '0 6 * * 1', timezone: 'UTC', checks: null, enabled: true }, 'u-ana', new Date('2026-11-25T00:00:00Z'));
    const otherServer = createInProcessQueue({ store });
    // Before Monday 7 December 06:00, the latest slot is Monday 30 November 06:00, after the schedule was made: due.
    const first = [...(await tick({ store, queue, clock })), ...(await tick({ store, queue: otherServer, clock }))].filter((j) => j.key.includes(schedule.id));
    expect(new Set(first.map((j) => j.id)).size).toBe(1);
    expect(first[0]).toMatchObject({ key: `schedule/${schedule.id}/2026-11-30T06:00:00.000Z`, requestedBy: `schedule/${schedule.id}`, state: 'queued' });
    now = new Date('2026-12-07T06:00:30Z');
    const second = (await tick({ store, queue: otherServer, clock })).filter((j) => j.key.includes(schedule.id));
    expect(second.map((j) => j.key)).toEqual([`schedule/${schedule.id}/2026-12-07T06:00:00.000Z`]);
    const all = await queue.list({ kind: 'review' });
    expect(all.filter((j) => j.key.includes(schedule.id))).toHaveLength(2);
  });
});
