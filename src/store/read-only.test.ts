import { chmod, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import { openStore } from './connection.ts';
import { listReviews, saveReview } from './reviews.ts';
import { freshPgliteDir } from './test-support/backends.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) {
    await setWritable(root, true);
    await rm(root, { recursive: true, force: true });
  }
});

// Root ignores file modes, so this runs where CI does, as an ordinary user.
it.skipIf(process.getuid?.() === 0)('a read-only store folder (and parent) is read, not refused', async () => {
  const dir = await freshPgliteDir();
  roots.push(dirname(dir));
  const store = await openStore({ kind: 'pglite', dir });
  await saveReview(store, syntheticReview({ assets: 3, seed: 1, reviewDate: '2026-06-01' }), { runBy: 'ana' });
  await store.close();
  await setWritable(dirname(dir), false);

  const reader = await openStore({ kind: 'pglite', dir }, { mode: 'read' });
  try {
    expect((await listReviews(reader)).map((r) => r.reviewDate)).toEqual(['2026-06-01']);
  } finally {
    await reader.close();
  }
  await expect(openStore({ kind: 'pglite', dir })).rejects.toThrow(/is not writable/);
});

async function setWritable(root: string, writable: boolean): Promise<void> {
  const paths = [root, ...(await readdir(root, { recursive: true })).map((p) => join(root, p))];
  for (const path of writable ? paths : paths.reverse()) await chmod(path, writable ? 0o755 : 0o555).catch(() => undefined);
}
