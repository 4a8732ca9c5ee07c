import type { Store } from '../store/connection.ts';
import { read } from '../store/reviews.ts';
import { getAccount, type Account } from './accounts.ts';
import { randomSecret, secretHash } from './secrets.ts';
import { accountsDb } from './tables.ts';

/** A session lasts 12 hours from sign-in; signing in again makes a new one (never reuses the id a browser sent). */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface Session {
  /** The id the cookie carries; only its hash is stored. */
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(store: Store, accountId: string, clock: () => Date): Promise<Session> {
  const id = randomSecret();
  const csrfToken = randomSecret();
  const now = clock();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await accountsDb(store).insertInto('session').values({ id_hash: secretHash(id), account_id: accountId, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute();
  return { id, csrfToken, expiresAt };
}

/** The account and CSRF token of a live session, or undefined (unknown, expired, or its account disabled). */
export async function lookUpSession(store: Store, id: string, clock: () => Date): Promise<{ account: Account; csrfToken: string } | undefined> {
  const row = await read(store, () => accountsDb(store).selectFrom('session').selectAll().where('id_hash', '=', secretHash(id)).executeTakeFirst());
  if (!row || new Date(row.expires_at).getTime() <= clock().getTime()) return undefined;
  const account = await getAccount(store, row.account_id);
  if (!account || account.disabled) return undefined;
  return { account, csrfToken: row.csrf_token };
}

export async function endSession(store: Store, id: string): Promise<void> {
  await accountsDb(store).deleteFrom('session').where('id_hash', '=', secretHash(id)).execute();
}
