import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { freshPgliteDir, postgresBackend, postgresReachable } from '../../store/test-support/backends.ts';

export interface VerbStore {
  /** What to pass as `--store`. */
  flag: string;
  /** Remove the store (call in afterAll). */
  cleanup(): Promise<void>;
}

/**
 * The store for a test file about what verbs do with stored reviews (organisations, waivers, gates, diffs,
 * manifests), not about the embedded store itself: a new schema of the local PostgreSQL, which a `rampart` run
 * opens in milliseconds, where PGlite costs 0.3–0.5 s of CPU at every run (each in-process run opens the store
 * afresh, as a user's command does). The verbs' SQL is the same on both. The embedded store keeps its own
 * end-to-end runs through the verbs (history.test.ts, serve-webhook.test.ts, the store's tests). Without a
 * reachable PostgreSQL outside CI, a PGlite folder, so the tests still run; in CI an unreachable PostgreSQL fails
 * the file, as the store tests do.
 */
export async function verbStore(): Promise<VerbStore> {
  if (process.env.CI || (await postgresReachable())) {
    const backend = postgresBackend();
    const store = await backend.fresh();
    await store.close();
    if (store.location.kind !== 'postgres') throw new Error('the PostgreSQL backend gave a PGlite store');
    return { flag: store.location.url, cleanup: () => backend.cleanup() };
  }
  const dir = await freshPgliteDir();
  return { flag: dir, cleanup: () => rm(dirname(dir), { recursive: true, force: true }) };
}
