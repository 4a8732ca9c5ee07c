import type { Migration } from 'kysely';
import * as initial from './0001-initial.ts';
import * as organisations from './0002-organisations.ts';
import * as dataManifests from './0003-data-manifests.ts';
import * as accountsAudit from './0004-accounts-audit.ts';
import * as jobsSchedules from './0005-jobs-schedules.ts';
import * as findingPages from './0006-finding-pages.ts';
import * as waiverRequestRejection from './0007-waiver-request-rejection.ts';
import * as reviewAssets from './0008-review-assets.ts';

/**
 * Every migration, in order. A static list rather than a folder scan so the compiled package and tsx run the
 * same set; a test keeps it equal to the files here. Names are recorded in `rampart_migration`; never rename one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-organisations': organisations,
  '0003-data-manifests': dataManifests,
  '0004-accounts-audit': accountsAudit,
  '0005-jobs-schedules': jobsSchedules,
  '0006-finding-pages': findingPages,
  '0007-waiver-request-rejection': waiverRequestRejection,
  '0008-review-assets': reviewAssets,
};
