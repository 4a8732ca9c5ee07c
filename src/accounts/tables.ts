import type { ColumnType, Kysely } from 'kysely';
import type { Store } from '../store/connection.ts';
import type { Database } from '../store/schema.ts';

/** Accounts, their asset ownership, sessions and API tokens (migration 0004-accounts-audit). */
export interface AccountTables {
  account: {
    id: string;
    name: string;
    role: string;
    password_hash: string | null;
    oidc_subject: string | null;
    created_at: ColumnType<Date, never, never>;
    disabled_at: Date | null;
  };
  account_asset: { account_id: string; organisation: string; asset_id: string };
  session: { id_hash: string; account_id: string; csrf_token: string; created_at: Date; expires_at: Date };
  api_token: { id: string; account_id: string; secret_hash: string; scope: string; label: string; created_at: Date; expires_at: Date; revoked_at: Date | null };
}

export type AccountsDb = Kysely<Database & AccountTables>;

export function accountsDb(store: Store): AccountsDb {
  return store.db as unknown as AccountsDb;
}
