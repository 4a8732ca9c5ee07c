import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessQueue } from '../jobs/in-process-queue.ts';
import { serverMounts } from './mounts.ts';
import { harness, type Harness } from './test-support/harness.ts';

let dir: string;
let h: Harness;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-mounts-'));
  await mkdir(join(dir, 'allowed', 'bank'), { recursive: true });
  await mkdir(join(dir, 'elsewhere'), { recursive: true });
  await mkdir(join(dir, 'allowed-too'), { recursive: true });
  h = await harness({ mount: (store, audit, clock) => serverMounts({ store, queue: createInProcessQueue({ store }), audit, clock, releasesDir: join(dir, 'releases'), inventoryRoots: [join(dir, 'allowed')] }) });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

/** `--inventory-root` holds for schedules and triggers as for registered folders: nobody names another folder of the server's. */
describe('inventories named by schedules and triggers', () => {
  it.each([
    { route: '/api/schedules', inventory: 'allowed/bank', status: 201 },
    { route: '/api/schedules', inventory: 'elsewhere', status: 400, error: /outside the folders this server may read/ },
    { route: '/api/schedules', inventory: 'allowed-too', status: 400, error: /outside/ },
    { route: '/api/schedules', inventory: 'allowed/missing', status: 400, error: /cannot read the inventory/ },
    { route: '/api/triggers', inventory: 'allowed/bank', status: 201 },
    { route: '/api/triggers', inventory: 'elsewhere', status: 400, error: /outside the folders this server may read/ },
  ])('$route with $inventory: $status', async ({ route, inventory, status, error }) => {
    const body = route === '/api/triggers' ? { source: 'generic', inventoryDir: join(dir, inventory) } : { inventoryDir: join(dir, inventory) };
    const response = await h.request(route, { method: 'POST', token: h.tokens.admin, body: JSON.stringify(body) });
    expect(response.status).toBe(status);
    if (error) expect(((await response.json()) as { error: string }).error).toMatch(error);
  });
});
