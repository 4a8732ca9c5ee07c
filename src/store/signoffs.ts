import type { Selectable } from 'kysely';
import { inputError } from '../errors.ts';
import type { Signoff } from '../review/signoff.ts';
import type { Store } from './connection.ts';
import { getReviewMeta, read } from './reviews.ts';
import type { SignoffTable } from './schema.ts';
import { reason, storeError } from './store-error.ts';

/** Sign a stored review off in a role. A role signs a review once; a second attempt says who already did. */
export async function addSignoff(store: Store, signoff: Omit<Signoff, 'id' | 'signedAt'>): Promise<Signoff> {
  await getReviewMeta(store, signoff.reviewId);
  const existing = (await listSignoffs(store, signoff.reviewId)).find((s) => s.role === signoff.role);
  if (existing) throw alreadySigned(existing);
  try {
    const row = await store.db
      .insertInto('signoff')
      .values({ review_id: signoff.reviewId, role: signoff.role, name: signoff.name, note: signoff.note ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSignoff(row);
  } catch (error) {
    // Someone signed in the same role between our check and our insert.
    if ((error as { code?: string }).code === '23505') {
      const winner = (await listSignoffs(store, signoff.reviewId)).find((s) => s.role === signoff.role);
      if (winner) throw alreadySigned(winner);
    }
    throw storeError(`storing the sign-off failed: ${reason(error)}`, store.where, 'nothing was stored; fix the cause and run again', error);
  }
}

export async function listSignoffs(store: Store, reviewId: number): Promise<Signoff[]> {
  const rows = await read(store, () => store.db.selectFrom('signoff').selectAll().where('review_id', '=', reviewId).orderBy('id').execute());
  return rows.map(toSignoff);
}

function alreadySigned(s: Signoff): Error {
  return inputError(`review ${s.reviewId} is already signed off as ${s.role} by ${s.name} on ${s.signedAt.slice(0, 10)}`, {}, 'sign-offs are permanent; sign the next review, or use another role');
}

function toSignoff(row: Selectable<SignoffTable>): Signoff {
  return { id: row.id, reviewId: row.review_id, role: row.role, name: row.name, note: row.note ?? undefined, signedAt: new Date(row.signed_at).toISOString() };
}
