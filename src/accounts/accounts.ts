import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { inputError } from '../errors.ts';
import type { Actor, Role } from '../server/env.ts';
import type { Store } from '../store/connection.ts';
import { read } from '../store/reviews.ts';
import { reason, storeError } from '../store/store-error.ts';
import { hashPassword } from './password.ts';
import { RoleValue } from './roles.ts';
import { accountsDb } from './tables.ts';

export interface Account extends Actor {
  createdAt: string;
  disabled: boolean;
  /** Null for accounts that sign in only through OIDC. */
  passwordHash: string | null;
}

/** Account names: what people type at sign-in and what asset owners are matched by. */
export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

export async function addAccount(store: Store, { name, role, password, oidcSubject }: { name: string; role: Role; password?: string; oidcSubject?: string }): Promise<Account> {
  if (!ACCOUNT_NAME.test(name)) throw inputError(`"${name}" is not a usable account name`, {}, 'use letters, digits, ".", "_", "@" and "-" (at most 100), starting with a letter or digit');
  if (await findAccount(store, name)) throw inputError(`an account named "${name}" already exists`, {}, 'choose another name');
  try {
    const row = await accountsDb(store)
      .insertInto('account')
      .values({ id: randomUUID(), name, role, password_hash: password === undefined ? null : await hashPassword(password), oidc_subject: oidcSubject ?? null, disabled_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAccount(row);
  } catch (error) {
    throw storeError(`storing the account failed: ${reason(error)}`, store.where, 'nothing was stored; fix the cause and run again', error);
  }
}

export async function findAccount(store: Store, name: string): Promise<Account | undefined> {
  const row = await read(store, () => accountsDb(store).selectFrom('account').selectAll().where('name', '=', name).executeTakeFirst());
  return row ? toAccount(row) : undefined;
}

export async function getAccount(store: Store, id: string): Promise<Account | undefined> {
  const row = await read(store, () => accountsDb(store).selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst());
  return row ? toAccount(row) : undefined;
}

export async function findAccountBySubject(store: Store, subject: string): Promise<Account | undefined> {
  const row = await read(store, () => accountsDb(store).selectFrom('account').selectAll().where('oidc_subject', '=', subject).executeTakeFirst());
  return row ? toAccount(row) : undefined;
}

export async function listAccounts(store: Store): Promise<Account[]> {
  const rows = await read(store, () => accountsDb(store).selectFrom('account').selectAll().orderBy('name').execute());
  return rows.map(toAccount);
}

export async function countAccounts(store: Store): Promise<number> {
  const row = await read(store, () => accountsDb(store).selectFrom('account').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst());
  return Number(row?.n ?? 0);
}

/**
 * Change an account's role or disable it (or enable it again). Refused when it would leave no enabled admin: nobody
 * could then manage accounts but through the CLI on the server's machine. A disabled account's sessions and tokens
 * stop working at once (sessions.ts and tokens.ts check the flag on every request).
 */
export async function updateAccount(store: Store, id: string, change: { role?: Role | undefined; disabled?: boolean | undefined }, clock: () => Date): Promise<{ before: Account; after: Account } | undefined> {
  return store.db.transaction().execute(async (tx) => {
    const db = accountsDb({ ...store, db: tx });
    // One change of admins at a time: two admins demoting each other at once must not both succeed.
    await sql`select pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`.execute(tx);
    const row = await db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const before = toAccount(row);
    const role = change.role ?? before.role;
    const disabled = change.disabled ?? before.disabled;
    if (before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled)) {
      const others = await db.selectFrom('account').select((eb) => eb.fn.countAll<string>().as('n')).where('role', '=', 'admin').where('disabled_at', 'is', null).where('id', '<>', id).executeTakeFirstOrThrow();
      if (Number(others.n) === 0) throw inputError(`${before.name} is the only enabled admin`, {}, 'make another account admin first');
    }
    const disabledAt = disabled ? (row.disabled_at ?? clock()) : null;
    const updated = await db.updateTable('account').set({ role, disabled_at: disabledAt }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return { before, after: toAccount(updated) };
  });
}

const ADMIN_CHANGE_LOCK = 0x41444d4e; // "ADMN"

/** Explicit ownership, beside the inventory's `owner` field: this account owns these assets of the organisation. */
export async function grantAssets(store: Store, accountId: string, organisation: string, assetIds: readonly string[]): Promise<void> {
  if (assetIds.length === 0) return;
  await accountsDb(store)
    .insertInto('account_asset')
    .values(assetIds.map((asset_id) => ({ account_id: accountId, organisation, asset_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The explicit ownership of an account, as `organisation` → asset ids. */
export async function grantedAssets(store: Store, accountId: string): Promise<Map<string, Set<string>>> {
  const rows = await read(store, () => accountsDb(store).selectFrom('account_asset').select(['organisation', 'asset_id']).where('account_id', '=', accountId).execute());
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = out.get(row.organisation) ?? new Set<string>();
    set.add(row.asset_id);
    out.set(row.organisation, set);
  }
  return out;
}

function toAccount(row: { id: string; name: string; role: string; password_hash: string | null; created_at: Date; disabled_at: Date | null }): Account {
  return { id: row.id, name: row.name, role: RoleValue.parse(row.role), createdAt: new Date(row.created_at).toISOString(), disabled: row.disabled_at !== null, passwordHash: row.password_hash };
}
