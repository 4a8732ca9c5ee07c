import type { Migrator } from 'kysely';
import { expect, it } from 'vitest';
import { migrateRetryingForeignDrops } from './migrate.ts';

/** A Migrator whose first answers are the given errors, then success; it counts the calls. */
function migratorFailing(...errors: unknown[]): { migrator: Migrator; calls: () => number } {
  let calls = 0;
  const migrator = { migrateToLatest: async () => ({ error: errors[calls++], results: [] }) } as unknown as Migrator;
  return { migrator, calls: () => calls };
}

const dropped = (schema: string) => Object.assign(new Error(`schema "${schema}" does not exist`), { code: '3F000' });

it('tries again when another schema of the database was dropped during the introspection (nothing of ours changed)', async () => {
  const { migrator, calls } = migratorFailing(dropped('other_app'), dropped('rampart_side_b'));
  const outcome = await migrateRetryingForeignDrops(migrator, 'rampart');
  expect(outcome.error).toBeUndefined();
  expect(calls()).toBe(3);
});

it('does not try again when our own schema is missing, or for any other error', async () => {
  const own = migratorFailing(dropped('rampart'));
  expect((await migrateRetryingForeignDrops(own.migrator, 'rampart')).error).toBeDefined();
  expect(own.calls()).toBe(1);
  const other = migratorFailing(Object.assign(new Error('permission denied for schema rampart'), { code: '42501' }));
  expect((await migrateRetryingForeignDrops(other.migrator, 'rampart')).error).toBeDefined();
  expect(other.calls()).toBe(1);
});

it('gives up after a few tries when schemas keep disappearing', async () => {
  const { migrator, calls } = migratorFailing(...Array.from({ length: 9 }, (_, i) => dropped(`gone_${i}`)));
  expect((await migrateRetryingForeignDrops(migrator, 'rampart', 5)).error).toBeDefined();
  expect(calls()).toBe(5);
});
