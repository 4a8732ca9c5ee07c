import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { AuditSink } from '../audit/audit-sink.ts';
import { jobRoutes } from '../jobs/routes.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { scheduleRoutes } from '../schedules/routes.ts';
import type { Store } from '../store/connection.ts';
import { triggerAdminRoutes } from '../triggers/admin-routes.ts';
import { atlasReleaseRoutes } from '../triggers/atlas-routes.ts';
import { triggerRoutes } from '../triggers/routes.ts';
import { ACCESS } from './access.ts';
import type { MountedApp } from './deps.ts';
import { outsideRoots } from './inventories/sources.ts';

export interface MountDeps {
  store: Store;
  queue: JobQueue;
  audit: AuditSink;
  clock: () => Date;
  /** Where ATLAS releases posted to `/api/atlas/releases` are kept. */
  releasesDir: string;
  /** `--inventory-root`: schedules and triggers, like registered folders, may name inventories only under these. */
  inventoryRoots?: readonly string[] | undefined;
}

/**
 * The sub-apps of jobs, schedules and triggers, with who may read and change them. A job shows an organisation's
 * review ids and errors, never filtered by asset, so asset owners (who see only their own findings) do not read jobs,
 * as they do not read whole reviews. Webhooks are bare: their HMAC signature is the credential.
 */
export function serverMounts(deps: MountDeps): MountedApp[] {
  const { store, queue, audit, clock } = deps;
  const readable = (dir: string) => inventoryProblem(dir, deps.inventoryRoots);
  return [
    { path: '/api/jobs', app: jobRoutes({ queue, audit }), auth: 'session', read: [...ACCESS.wholeReview], write: [...ACCESS.review] },
    { path: '/api/schedules', app: scheduleRoutes({ store, audit, clock, inventoryProblem: readable }), auth: 'session', read: [...ACCESS.wholeReview], write: [...ACCESS.review] },
    { path: '/api/triggers', app: triggerAdminRoutes({ store, audit, inventoryProblem: readable }), auth: 'session', read: [...ACCESS.admin], write: [...ACCESS.admin] },
    { path: '/api/atlas', app: atlasReleaseRoutes({ store, audit, releasesDir: deps.releasesDir }), auth: 'session', read: [...ACCESS.anyone], write: [...ACCESS.admin] },
    { path: '/hooks', app: triggerRoutes({ store, queue, audit, clock }), auth: 'none' },
  ];
}

/**
 * Beside the embedded store's folder (`.rampart/store` → `.rampart/atlas-releases`); on PostgreSQL under the working
 * folder's `.rampart/`.
 */
export function releasesDirFor(store: Store, cwd = process.cwd()): string {
  return store.location.kind === 'pglite' ? join(dirname(store.location.dir), 'atlas-releases') : resolve(cwd, '.rampart', 'atlas-releases');
}

async function inventoryProblem(dir: string, roots: readonly string[] | undefined): Promise<string | undefined> {
  const outside = outsideRoots(dir, roots);
  if (outside) return outside;
  return (await stat(dir).catch(() => undefined)) ? undefined : `the server cannot read the inventory ${dir}: give a folder or file on the server's disk`;
}
