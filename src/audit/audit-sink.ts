/** One state change for the append-only audit log: who did what to which thing, and the state before and after. */
export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  outcome?: 'success' | 'refused';
}

export type AuditSink = (entry: AuditEntry) => Promise<void>;
