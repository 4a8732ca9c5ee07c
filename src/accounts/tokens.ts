import { randomBytes } from 'node:crypto';
import { inputError } from '../errors.ts';
import type { Store } from '../store/connection.ts';
import { read } from '../store/reviews.ts';
import { getAccount, type Account } from './accounts.ts';
import { randomSecret, sameSecret, secretHash } from './secrets.ts';
import { accountsDb } from './tables.ts';

/**
 * API tokens for CI: `rmp_<id>_<secret>`, shown once. Stored as the secret's hash; scoped `read` (GET only) or
 * `write`; every token expires; revoking keeps the row (and the audit log says who revoked it). A token acts as
 * its account, never with more rights than the account's role.
 */
export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: string;
  accountId: string;
  label: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | undefined;
}

export const MAX_TOKEN_DAYS = 366;

export async function createToken(store: Store, input: { accountId: string; label: string; scope: TokenScope; days: number }, clock: () => Date): Promise<{ token: string; record: ApiToken }> {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_TOKEN_DAYS) throw inputError(`a token lasts 1 to ${MAX_TOKEN_DAYS} days, not ${input.days}`, {}, 'pass --days N (default 90)');
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const secret = randomSecret();
  const now = clock();
  const row = await accountsDb(store)
    .insertInto('api_token')
    .values({ id, account_id: input.accountId, secret_hash: secretHash(secret), scope: input.scope, label: input.label, created_at: now, expires_at: new Date(now.getTime() + input.days * 86_400_000), revoked_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token: `rmp_${id}_${secret}`, record: toToken(row) };
}

/** The account and scope a bearer token grants now, or undefined (malformed, unknown, wrong secret, expired, revoked, account disabled). */
export async function authenticateToken(store: Store, token: string, clock: () => Date): Promise<{ account: Account; token: ApiToken } | undefined> {
  const match = /^rmp_([A-Za-z0-9]+)_([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  const row = await read(store, () => accountsDb(store).selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst());
  if (!row || !sameSecret(secretHash(secret), row.secret_hash)) return undefined;
  if (row.revoked_at !== null || new Date(row.expires_at).getTime() <= clock().getTime()) return undefined;
  const account = await getAccount(store, row.account_id);
  if (!account || account.disabled) return undefined;
  return { account, token: toToken(row) };
}

export async function revokeToken(store: Store, id: string, clock: () => Date): Promise<ApiToken> {
  const row = await accountsDb(store).selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw inputError(`no API token with id ${id}`, {}, 'list tokens with `rampart token list`');
  if (row.revoked_at !== null) return toToken(row);
  const updated = await accountsDb(store).updateTable('api_token').set({ revoked_at: clock() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toToken(updated);
}

export async function listTokens(store: Store, accountId?: string): Promise<ApiToken[]> {
  let query = accountsDb(store).selectFrom('api_token').selectAll().orderBy('created_at');
  if (accountId !== undefined) query = query.where('account_id', '=', accountId);
  return (await read(store, () => query.execute())).map(toToken);
}

export async function tokenOwner(store: Store, id: string): Promise<Account | undefined> {
  const row = await accountsDb(store).selectFrom('api_token').select('account_id').where('id', '=', id).executeTakeFirst();
  return row ? getAccount(store, row.account_id) : undefined;
}

function toToken(row: { id: string; account_id: string; label: string; scope: string; created_at: Date; expires_at: Date; revoked_at: Date | null }): ApiToken {
  return {
    id: row.id,
    accountId: row.account_id,
    label: row.label,
    scope: row.scope === 'write' ? 'write' : 'read',
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    revokedAt: row.revoked_at === null ? undefined : new Date(row.revoked_at).toISOString(),
  };
}
