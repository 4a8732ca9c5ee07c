import { readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import { openStore } from './connection.ts';
import { getReview, listReviews, saveReview } from './reviews.ts';
import { freshPgliteDir } from './test-support/backends.ts';

// Write-then-swap keeps the folder a swap replaces as the next write's spare (pglite-folder.ts), which that write
// brings up to date in place instead of copying the store anew.
const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

const reviews = [1, 2, 3].map((seed) => syntheticReview({ assets: 6, seed, reviewDate: `2026-0${seed}-01` }));

async function write(dir: string, index: number): Promise<void> {
  const store = await openStore({ kind: 'pglite', dir });
  try {
    await saveReview(store, reviews[index]!, { runBy: 'ana' });
  } finally {
    await store.close();
  }
}

it('a write brings the spare up to date in place, whatever it holds, and the store keeps exactly its reviews', async () => {
  const dir = await freshPgliteDir();
  roots.push(dirname(dir));
  const spare = `${dir}.spare`;
  await write(dir, 0);
  await write(dir, 1);
  expect((await readdir(dirname(dir))).filter((name) => name.startsWith(basename(dir))).sort()).toEqual([basename(dir), basename(spare)]);

  // A spare that differs from the store every way it can: a changed file, a file the store lacks, one it lacks.
  await writeFile(join(spare, 'global', 'pg_control'), 'not what the store holds');
  await writeFile(join(spare, 'stray'), 'not in the store');
  await unlink(join(spare, 'PG_VERSION'));
  const kept = (await stat(join(spare, 'global', 'pg_control'))).ino;
  await write(dir, 2);

  // Rewritten in place (the same inode, no new file), and the store is whole: every review, nothing stray.
  expect((await stat(join(dir, 'global', 'pg_control'))).ino).toBe(kept);
  expect(await readdir(dir)).not.toContain('stray');
  const store = await openStore({ kind: 'pglite', dir }, { mode: 'read' });
  try {
    const list = await listReviews(store);
    expect(list.map((r) => r.reviewDate)).toEqual(['2026-03-01', '2026-02-01', '2026-01-01']);
    for (const [i, meta] of [...list].reverse().entries()) {
      expect((await getReview(store, meta.id)).review).toEqual(JSON.parse(JSON.stringify(reviews[i])));
    }
  } finally {
    await store.close();
  }
});
