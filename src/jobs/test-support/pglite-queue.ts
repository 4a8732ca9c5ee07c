import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Store } from '../../store/connection.ts';
import { pgliteBackend } from '../../store/test-support/backends.ts';
import { createInProcessQueue } from '../in-process-queue.ts';
import type { JobQueue } from '../queue.ts';
import { audited } from './as-actor.ts';

/**
 * For route tests: one PGlite store per file with an in-process queue that nothing works (jobs stay queued), and an
 * empty audit record before each test. Read them through the getters once the file's hooks have run.
 */
export function pgliteQueue(): { store: () => Store; queue: () => JobQueue } {
  const backend = pgliteBackend();
  let store: Store | undefined;
  let queue: JobQueue | undefined;
  beforeAll(async () => {
    store = await backend.fresh();
    queue = createInProcessQueue({ store });
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });
  beforeEach(() => void audited.splice(0));
  return { store: () => store as Store, queue: () => queue as JobQueue };
}
