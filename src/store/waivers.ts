import type { Selectable } from 'kysely';
import type { Waiver } from '../review/waivers.ts';
import type { Store } from './connection.ts';
import { read } from './reviews.ts';
import type { WaiverTable } from './schema.ts';
import { reason, storeError } from './store-error.ts';

export type NewWaiver = Omit<Waiver, 'id' | 'createdAt'>;

/** Record a waiver. Waivers are kept forever; a later one for the same finding extends or replaces it by expiring later. */
export async function addWaiver(store: Store, waiver: NewWaiver): Promise<Waiver> {
  try {
    const row = await store.db
      .insertInto('waiver')
      .values({ finding_id: waiver.findingId, justification: waiver.justification, approver: waiver.approver, expires: waiver.expires, created_by: waiver.createdBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toWaiver(row);
  } catch (error) {
    throw storeError(`storing the waiver failed: ${reason(error)}`, store.where, 'nothing was stored; fix the cause and run again', error);
  }
}

/** Every waiver, oldest first (optionally only those for one finding). */
export async function listWaivers(store: Store, findingId?: string): Promise<Waiver[]> {
  let query = store.db.selectFrom('waiver').selectAll().orderBy('id');
  if (findingId) query = query.where('finding_id', '=', findingId);
  return (await read(store, () => query.execute())).map(toWaiver);
}

function toWaiver(row: Selectable<WaiverTable>): Waiver {
  return {
    id: row.id,
    findingId: row.finding_id,
    justification: row.justification,
    approver: row.approver,
    expires: row.expires,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
  };
}
