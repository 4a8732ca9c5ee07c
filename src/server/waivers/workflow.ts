import { inputError } from '../../errors.ts';
import type { Waiver } from '../../review/waivers.ts';
import { findingIdProblem, today } from '../../review/waivers.ts';
import type { Store } from '../../store/connection.ts';
import { read } from '../../store/reviews.ts';
import { addWaiver, listWaivers } from '../../store/waivers.ts';
import { serverDb } from '../tables.ts';

/**
 * Waivers on the server go through a request: someone asks (justification, expiry), someone else approves — the
 * approval records the waiver itself (src/store/waivers.ts, as `rampart waive` does) with the approver's name.
 * Nobody approves their own request. A reviewer may instead reject a request, with a reason kept on it; a rejected
 * request is closed (ask again with a new one). A revocation is a row of its own: waivers are never changed or deleted.
 */
export interface WaiverRequest {
  id: number;
  organisation: string;
  findingId: string;
  justification: string;
  expires: string;
  requestedBy: string;
  requestedAt: string;
  state: 'pending' | 'approved' | 'rejected';
  waiverId: number | undefined;
  decidedBy: string | undefined;
  /** Why it was rejected. */
  reason: string | undefined;
}

export async function requestWaiver(store: Store, input: { organisation: string; findingId: string; justification: string; expires: string; requestedBy: string }, clock: () => Date): Promise<WaiverRequest> {
  const problem = findingIdProblem(input.findingId);
  if (problem) throw inputError(problem);
  if (input.expires <= today(clock)) throw inputError(`a waiver must expire in the future, not ${input.expires}`, {}, 'give a later expiry');
  const row = await serverDb(store)
    .insertInto('waiver_request')
    .values({ organisation: input.organisation, finding_id: input.findingId, justification: input.justification, expires: input.expires, requested_by: input.requestedBy, waiver_id: null, decided_by: null, decided_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

export async function getWaiverRequest(store: Store, id: number): Promise<WaiverRequest | undefined> {
  const row = await read(store, () => serverDb(store).selectFrom('waiver_request').selectAll().where('id', '=', id).executeTakeFirst());
  return row ? toRequest(row) : undefined;
}

export async function listWaiverRequests(store: Store, organisation: string): Promise<WaiverRequest[]> {
  const rows = await read(store, () => serverDb(store).selectFrom('waiver_request').selectAll().where('organisation', '=', organisation).orderBy('id').execute());
  return rows.map(toRequest);
}

export async function approveWaiverRequest(store: Store, request: WaiverRequest, approver: string, clock: () => Date): Promise<{ request: WaiverRequest; waiver: Waiver }> {
  if (request.state !== 'pending') throw alreadyDecided(request);
  if (request.requestedBy === approver) throw inputError('you cannot approve your own waiver request', {}, 'another security reviewer or admin must approve it');
  if (request.expires <= today(clock)) throw inputError(`waiver request ${request.id} would expire on ${request.expires}, which has passed`, {}, 'request it again with a later expiry');
  return store.db.transaction().execute(async (tx) => {
    const scoped = { ...store, db: tx };
    const waiver = await addWaiver(scoped, { organisation: request.organisation, findingId: request.findingId, justification: request.justification, approver, expires: request.expires, createdBy: request.requestedBy });
    const row = await serverDb(scoped).updateTable('waiver_request').set({ waiver_id: waiver.id, decided_by: approver, decided_at: clock() }).where('id', '=', request.id).where('waiver_id', 'is', null).where('rejected', '=', false).returningAll().executeTakeFirst();
    if (!row) throw inputError(`waiver request ${request.id} was decided by someone else meanwhile`);
    return { request: toRequest(row), waiver };
  });
}

/** Turn a pending request down, saying why (a reviewer may so withdraw their own request too). */
export async function rejectWaiverRequest(store: Store, request: WaiverRequest, decider: string, reason: string, clock: () => Date): Promise<WaiverRequest> {
  if (request.state !== 'pending') throw alreadyDecided(request);
  const row = await serverDb(store)
    .updateTable('waiver_request')
    .set({ rejected: true, decision_reason: reason, decided_by: decider, decided_at: clock() })
    .where('id', '=', request.id)
    .where('waiver_id', 'is', null)
    .where('rejected', '=', false)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw inputError(`waiver request ${request.id} was decided by someone else meanwhile`);
  return toRequest(row);
}

function alreadyDecided(request: WaiverRequest) {
  return inputError(`waiver request ${request.id} was already ${request.state} by ${request.decidedBy ?? 'someone'}`, {}, request.state === 'rejected' ? 'request a new waiver if the reason no longer holds' : undefined);
}

/** A waiver of the organisation that counts (not revoked), or undefined. */
export async function findWaiver(store: Store, organisation: string, id: number): Promise<Waiver | undefined> {
  return (await listWaivers(store, { organisation })).find((w) => w.id === id);
}

export async function revokeWaiver(store: Store, waiver: Waiver, by: string, reason: string): Promise<void> {
  await serverDb(store).insertInto('waiver_revocation').values({ waiver_id: waiver.id, revoked_by: by, reason }).execute();
}

function toRequest(row: { id: number; organisation: string; finding_id: string; justification: string; expires: string; requested_by: string; requested_at: Date; waiver_id: number | null; decided_by: string | null; rejected: boolean; decision_reason: string | null }): WaiverRequest {
  return {
    id: row.id,
    organisation: row.organisation,
    findingId: row.finding_id,
    justification: row.justification,
    expires: row.expires,
    requestedBy: row.requested_by,
    requestedAt: new Date(row.requested_at).toISOString(),
    state: row.waiver_id !== null ? 'approved' : row.rejected ? 'rejected' : 'pending',
    waiverId: row.waiver_id ?? undefined,
    decidedBy: row.decided_by ?? undefined,
    reason: row.decision_reason ?? undefined,
  };
}
