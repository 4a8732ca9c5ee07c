import type { Kysely } from 'kysely';
import type { Store } from '../store/connection.ts';
import type { Database } from '../store/schema.ts';

/** The audit log's table (migration 0004-accounts-audit). `before` and `after` are canonical JSON text, hashed as stored. */
export interface AuditLogTable {
  seq: string | number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
  outcome: string;
  prev_hash: string;
  hash: string;
}

export function auditDb(store: Store): Kysely<Database & { audit_log: AuditLogTable }> {
  return store.db as unknown as Kysely<Database & { audit_log: AuditLogTable }>;
}
