import type { ColumnType, Kysely } from 'kysely';
import type { AccountTables } from '../accounts/tables.ts';
import type { Store } from '../store/connection.ts';
import type { Database } from '../store/schema.ts';

type CreatedAt = ColumnType<Date, never, never>;

/** The server's own tables (migration 0004-accounts-audit) beside the review store's. */
export interface ServerTables {
  inventory_source: { id: ColumnType<number, never, never>; name: string; kind: string; path: string | null; created_by: string; created_at: CreatedAt };
  inventory_file: { inventory_id: number; name: string; content: string };
  finding_state: { organisation: string; asset_id: string; technique_id: string; status: string; assignee: string | null; updated_at: Date; updated_by: string };
  waiver_request: {
    id: ColumnType<number, never, never>;
    organisation: string;
    finding_id: string;
    justification: string;
    expires: string;
    requested_by: string;
    requested_at: CreatedAt;
    waiver_id: number | null;
    decided_by: string | null;
    decided_at: Date | null;
    rejected: ColumnType<boolean, boolean | undefined, boolean>;
    decision_reason: string | null;
  };
  waiver_revocation: { waiver_id: number; revoked_by: string; reason: string; revoked_at: CreatedAt };
}

export type ServerDb = Kysely<Database & AccountTables & ServerTables>;

export function serverDb(store: Store): ServerDb {
  return store.db as unknown as ServerDb;
}
