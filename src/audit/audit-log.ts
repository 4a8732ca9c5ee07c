import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../store/connection.ts';
import { read } from '../store/reviews.ts';
import { reason, storeError } from '../store/store-error.ts';
import type { AuditEntry, AuditSink } from './audit-sink.ts';
import { canonicalJson } from './canonical.ts';
import { auditDb, type AuditLogTable } from './tables.ts';

/** One row of the audit log as read back. */
export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  outcome: 'success' | 'refused';
  prevHash: string;
  hash: string;
}

/** The previous hash of the first row. */
export const GENESIS = '0'.repeat(64);

/** Serialises appends across connections and processes (PostgreSQL and PGlite alike): one chain, one writer at a time. */
const APPEND_LOCK = 0x52414d50; // "RAMP"

/**
 * The hash of a row: SHA-256 over the previous row's hash and the row's canonical content, its position included,
 * so an edited field, a deleted row or two rows swapped all break the chain from that row on.
 */
export function rowHash(row: Omit<AuditLogTable, 'hash' | 'seq'> & { seq: number }): string {
  const content = canonicalJson({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, target: row.target, before: row.before, after: row.after, outcome: row.outcome });
  return createHash('sha256').update(row.prev_hash).update('\n').update(content).digest('hex');
}

/**
 * An AuditSink that appends to the store's audit log. Insert only: the code has no UPDATE or DELETE for this table,
 * and a trigger refuses them.
 */
export function storeAuditSink(store: Store, clock: () => Date = () => new Date()): AuditSink {
  return async (entry) => {
    await appendAudit(store, entry, clock);
  };
}

export async function appendAudit(store: Store, entry: AuditEntry, clock: () => Date = () => new Date()): Promise<AuditRecord> {
  const db = auditDb(store);
  try {
    return await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(tx);
      const last = await tx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const seq = last ? Number(last.seq) + 1 : 1;
      const row = {
        seq,
        at: clock().toISOString(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        before: entry.before === undefined ? null : canonicalJson(entry.before),
        after: entry.after === undefined ? null : canonicalJson(entry.after),
        outcome: entry.outcome ?? 'success',
        prev_hash: last?.hash ?? GENESIS,
      };
      const hash = rowHash(row);
      await tx.insertInto('audit_log').values({ ...row, hash }).execute();
      return toRecord({ ...row, hash });
    });
  } catch (error) {
    throw storeError(`writing the audit log failed: ${reason(error)}`, store.where, 'the change was not recorded; check the store', error);
  }
}

/** Rows in order, `after` the given sequence number, at most `limit`. */
export async function readAudit(store: Store, { after = 0, limit = 1_000 }: { after?: number; limit?: number } = {}): Promise<AuditRecord[]> {
  return (await readRows(store, after, limit)).map(toRecord);
}

async function readRows(store: Store, after: number, limit: number): Promise<AuditLogTable[]> {
  return read(store, () => auditDb(store).selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute());
}

/** Every row as stored, in order, a page at a time. */
async function* allRows(store: Store, pageSize = 1_000): AsyncGenerator<AuditLogTable> {
  let after = 0;
  for (;;) {
    const page = await readRows(store, after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = Number((page.at(-1) as AuditLogTable).seq);
  }
}

/** Every record in order. */
export async function* allAudit(store: Store): AsyncGenerator<AuditRecord> {
  for await (const row of allRows(store)) yield toRecord(row);
}

export type Verdict = { ok: true; rows: number; head: string } | { ok: false; rows: number; brokenAt: number; problem: string };

/**
 * Walk the chain over the rows exactly as stored: each must follow the previous one (sequence without gaps, its
 * previous hash equal to the previous row's hash) and hash to what it records. The first row that does not is named.
 * Deleting the newest rows leaves a shorter valid chain: compare `head` with one kept elsewhere (docs/team-server.md, "Audit log").
 */
export async function verifyAudit(store: Store): Promise<Verdict> {
  let expectedSeq = 1;
  let prev = GENESIS;
  let rows = 0;
  for await (const row of allRows(store)) {
    rows++;
    const seq = Number(row.seq);
    if (seq > expectedSeq) return broken(rows, seq, `row ${expectedSeq}${seq - expectedSeq > 1 ? `–${seq - 1}` : ''} before it is missing (deleted)`);
    if (seq < expectedSeq) return broken(rows, seq, 'it is out of order');
    if (row.prev_hash !== prev) return broken(rows, seq, 'its link to the previous row does not match (a row before it was deleted, replaced or reordered)');
    if (rowHash({ ...row, seq }) !== row.hash) return broken(rows, seq, 'its content does not match its hash (the row was edited)');
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, rows, head: prev };
}

function broken(rows: number, seq: number, problem: string): Verdict {
  return { ok: false, rows, brokenAt: seq, problem };
}

function toRecord(row: AuditLogTable): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: parseStored(row.before),
    after: parseStored(row.after),
    outcome: row.outcome === 'refused' ? 'refused' : 'success',
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function parseStored(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
