import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/connection.ts';
import { resolveStoreLocation } from '../store/location.ts';
import { runCli } from './test-support/run-cli.ts';
import { verbStore, type VerbStore } from './test-support/verb-store.ts';

// `user add` creating the embedded store it is given is serve-webhook.test.ts's first step.
let verbs: VerbStore;
let storeFlag: string;
beforeAll(async () => {
  verbs = await verbStore();
  storeFlag = verbs.flag;
});
afterAll(() => verbs.cleanup());

describe('rampart user add, token create, audit verify and export', () => {
  it('records account and token changes in a log that verifies, exports as OCSF, and exits 1 naming the row once edited', async () => {
    const added = await runCli('user', 'add', '--name', 'admin', '--role', 'admin', '--store', storeFlag);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/password \(shown once\): \S{20}/);
    expect((await runCli('user', 'add', '--name', 'admin', '--role', 'admin', '--store', storeFlag)).code).toBe(2);
    const token = await runCli('token', 'create', '--name', 'admin', '--scope', 'write', '--store', storeFlag);
    expect(token.stdout).toMatch(/^rmp_\w+_[\w-]+\n$/);

    const verified = await runCli('audit', 'verify', '--store', storeFlag);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toMatch(/intact: 2 rows/);
    const ocsf = (await runCli('audit', 'export', '--format', 'ocsf', '--store', storeFlag)).stdout.trim().split('\n').map((l) => JSON.parse(l) as { class_uid: number; api: { operation: string } });
    expect(ocsf.map((e) => [e.class_uid, e.api.operation])).toEqual([
      [6003, 'account.create'],
      [6003, 'token.create'],
    ]);

    const store = await openStore(resolveStoreLocation({ store: storeFlag }), { mode: 'update' });
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(store.db);
    await sql`update audit_log set actor = 'someone else' where seq = 1`.execute(store.db);
    await store.close();
    const broken = await runCli('audit', 'verify', '--store', storeFlag);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken at row 1: its content does not match its hash/);
  });
});
