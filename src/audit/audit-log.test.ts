import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/connection.ts';
import { backends } from '../store/test-support/backends.ts';
import { appendAudit, verifyAudit } from './audit-log.ts';
import { canonicalJson } from './canonical.ts';
import { toOcsf } from './ocsf.ts';

const at = () => new Date('2026-12-01T09:00:00Z');

describe.each(await backends())('the audit log on $name detects tampering', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.fresh();
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  /** Tampering is done as someone with database access would: around the append-only trigger. */
  async function tamper(statement: string): Promise<void> {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(store.db);
    await sql.raw(statement).execute(store.db);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(store.db);
  }

  /** Five fresh rows. */
  async function freshLog(): Promise<void> {
    await tamper('delete from audit_log');
    for (let i = 1; i <= 5; i++) await appendAudit(store, { actor: 'ana', action: 'finding.update', target: `finding/org/a/AML.T000${i}`, before: { status: 'open' }, after: { status: 'fixed', n: i } }, at);
  }

  it('an untouched log verifies', async () => {
    await freshLog();
    expect(await verifyAudit(store)).toMatchObject({ ok: true, rows: 5 });
  });

  it.each([
    { name: 'an edited field', statement: `update audit_log set actor = 'mallory' where seq = 3`, brokenAt: 3 },
    { name: 'an edited after-state', statement: `update audit_log set after = '{"status":"open"}' where seq = 2`, brokenAt: 2 },
    { name: 'a deleted row', statement: `delete from audit_log where seq = 2`, brokenAt: 3 },
    { name: 'two rows swapped (content exchanged)', statement: `update audit_log a set target = b.target, after = b.after, hash = b.hash, prev_hash = b.prev_hash from audit_log b where (a.seq = 2 and b.seq = 4) or (a.seq = 4 and b.seq = 2)`, brokenAt: 2 },
    { name: 'a row rehashed after editing, without its successor', statement: `update audit_log set target = 'x', hash = repeat('a', 64) where seq = 4`, brokenAt: 4 },
  ])('$name → broken at row $brokenAt', async ({ statement, brokenAt }) => {
    await freshLog();
    await tamper(statement);
    expect(await verifyAudit(store)).toMatchObject({ ok: false, brokenAt });
  });

  it('refuses UPDATE and DELETE while the trigger is in place', async () => {
    await freshLog();
    await expect(sql`update audit_log set actor = 'mallory' where seq = 1`.execute(store.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from audit_log where seq = 1`.execute(store.db)).rejects.toThrow(/immutable/);
  });
});

describe('canonical JSON', () => {
  it.each([
    { value: { b: 1, a: [1, { d: 2, c: undefined }] }, text: '{"a":[1,{"d":2}],"b":1}' },
    { value: 'x', text: '"x"' },
    { value: undefined, text: 'null' },
  ])('$text', ({ value, text }) => expect(canonicalJson(value)).toBe(text));
});

describe('OCSF API Activity', () => {
  it.each([
    { action: 'waiver.request', activity: 1 },
    { action: 'finding.update', activity: 3 },
    { action: 'token.revoke', activity: 4 },
    { action: 'session.sign-in', activity: 99 },
  ])('$action → activity $activity', ({ action, activity }) => {
    const event = toOcsf({ seq: 1, at: '2026-12-01T09:00:00.000Z', actor: 'ana', action, target: 'x/1', before: undefined, after: undefined, outcome: 'success', prevHash: '0', hash: '1' });
    expect(event).toMatchObject({ class_uid: 6003, activity_id: activity, type_uid: 600300 + activity, actor: { user: { name: 'ana' } }, time: Date.parse('2026-12-01T09:00:00Z') });
  });
});
