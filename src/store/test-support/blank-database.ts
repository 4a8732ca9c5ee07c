import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PgliteDialect } from '../pglite-dialect.ts';
import { freshPgliteDir } from './backends.ts';

/**
 * A database without Rampart's tables, for tests that migrate a store from an older schema: a copy of this
 * process's store template (backends.ts) with its public schema dropped and made anew, opened in this thread.
 * `PGlite.create()` in memory would run initdb in WebAssembly for each: 2–4 s of CPU and 800 MB, against half a
 * second for the copy. `close()` closes it and removes its folder.
 */
export async function blankDatabase(): Promise<{ db: Kysely<unknown>; close(): Promise<void> }> {
  const dir = await freshPgliteDir();
  const pglite = await PGlite.create(dir);
  await pglite.exec('drop schema public cascade; create schema public');
  const db = new Kysely<unknown>({ dialect: new PgliteDialect(pglite) });
  return {
    db,
    close: async () => {
      try {
        await db.destroy();
      } finally {
        await rm(dirname(dir), { recursive: true, force: true });
      }
    },
  };
}
