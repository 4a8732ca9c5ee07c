import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import { serverDb } from '../tables.ts';

/**
 * Where a finding stands in remediation. Kept by the finding's key (organisation + asset + technique), not by
 * review, so the status and assignee carry over to the next review of the same finding. No row: open, unassigned.
 */
export const FINDING_STATUSES = ['open', 'in-progress', 'fixed', 'accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface FindingKey {
  organisation: string;
  assetId: string;
  techniqueId: string;
}

export interface FindingState {
  status: FindingStatus;
  assignee: string | undefined;
  updatedAt: string | undefined;
  updatedBy: string | undefined;
}

const OPEN: FindingState = { status: 'open', assignee: undefined, updatedAt: undefined, updatedBy: undefined };

export async function getFindingState(store: Store, key: FindingKey): Promise<FindingState> {
  const row = await read(store, () =>
    serverDb(store).selectFrom('finding_state').selectAll().where('organisation', '=', key.organisation).where('asset_id', '=', key.assetId).where('technique_id', '=', key.techniqueId).executeTakeFirst(),
  );
  if (!row) return OPEN;
  return { status: row.status as FindingStatus, assignee: row.assignee ?? undefined, updatedAt: new Date(row.updated_at).toISOString(), updatedBy: row.updated_by };
}

/** Set status and/or assignee (`null` unassigns); returns the state before and after, for the audit log. */
export async function updateFindingState(
  store: Store,
  key: FindingKey,
  change: { status?: FindingStatus | undefined; assignee?: string | null | undefined },
  by: string,
  clock: () => Date,
): Promise<{ before: FindingState; after: FindingState }> {
  const before = await getFindingState(store, key);
  const status = change.status ?? before.status;
  const assignee = change.assignee === undefined ? (before.assignee ?? null) : change.assignee;
  const now = clock();
  await serverDb(store)
    .insertInto('finding_state')
    .values({ organisation: key.organisation, asset_id: key.assetId, technique_id: key.techniqueId, status, assignee, updated_at: now, updated_by: by })
    .onConflict((oc) => oc.columns(['organisation', 'asset_id', 'technique_id']).doUpdateSet({ status, assignee, updated_at: now, updated_by: by }))
    .execute();
  return { before, after: { status, assignee: assignee ?? undefined, updatedAt: now.toISOString(), updatedBy: by } };
}
