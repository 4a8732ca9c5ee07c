import { sql, type Selectable } from 'kysely';
import type { Waiver } from '../review/waivers.ts';
import type { Store } from './connection.ts';
import { read } from './reviews.ts';
import type { WaiverTable } from './schema.ts';
import { reason, storeError } from './store-error.ts';

export type NewWaiver = Omit<Waiver, 'id' | 'createdAt' | 'organisation'> & { organisation: string };

/** Record a waiver for one organisation's finding. Waivers are kept forever; a later one for the same finding renews it. */
export async function addWaiver(store: Store, waiver: NewWaiver): Promise<Waiver> {
  try {
    const row = await store.db
      .insertInto('waiver')
      .values({ organisation: waiver.organisation, finding_id: waiver.findingId, justification: waiver.justification, approver: waiver.approver, expires: waiver.expires, created_by: waiver.createdBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toWaiver(row);
  } catch (error) {
    throw storeError(`storing the waiver failed: ${reason(error)}`, store.where, 'nothing was stored; fix the cause and run again', error);
  }
}

/**
 * Waivers in force or expired (not revoked), oldest first: one organisation's (a waiver of one organisation never applies to another's findings),
 * optionally only those for one finding. Without an organisation: every waiver, unassigned ones included.
 */
export async function listWaivers(store: Store, scope: { organisation?: string | undefined; findingId?: string } = {}): Promise<Waiver[]> {
  // A waiver revoked on the server (waiver_revocation, migration 0004) no longer counts anywhere.
  let query = store.db.selectFrom('waiver').selectAll().where(({ not, exists }) => not(exists(sql`(select 1 from waiver_revocation v where v.waiver_id = waiver.id)`))).orderBy('id');
  if (scope.organisation !== undefined) query = query.where('organisation', '=', scope.organisation);
  if (scope.findingId) query = query.where('finding_id', '=', scope.findingId);
  return (await read(store, () => query.execute())).map(toWaiver);
}

function toWaiver(row: Selectable<WaiverTable>): Waiver {
  return {
    id: row.id,
    organisation: row.organisation ?? undefined,
    findingId: row.finding_id,
    justification: row.justification,
    approver: row.approver,
    expires: row.expires,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
  };
}
