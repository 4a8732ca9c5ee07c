import { sql, type Kysely } from 'kysely';

/**
 * A waiver request can be turned down as well as approved (src/server/waivers/workflow.ts). The refusal is kept on the
 * request — who decided and when already have columns — with the reason given, so the requester and the audit trail
 * see why. A request is pending while it has neither a waiver nor a rejection.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

const STATEMENTS = [
  `alter table waiver_request add column rejected boolean not null default false`,
  `alter table waiver_request add column decision_reason text`,
];
