import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { syntheticReview } from '../review/test-support/synthetic-review.ts';
import { openStore } from './connection.ts';
import { getReview, listReviews, saveReview } from './reviews.ts';
import { freshPgliteDir } from './test-support/backends.ts';

const writer = fileURLToPath(new URL('./test-support/crash-writer.ts', import.meta.url));
let root: string | undefined;

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

it('a process killed while writing a review leaves earlier reviews intact and no partial review', { timeout: 120_000 }, async () => {
  const dir = await freshPgliteDir();
  root = dirname(dir);
  const earlier = [syntheticReview({ assets: 5, seed: 1, reviewDate: '2026-06-01' }), syntheticReview({ assets: 5, seed: 2, reviewDate: '2026-09-01' })];
  const store = await openStore({ kind: 'pglite', dir });
  for (const review of earlier) await saveReview(store, review, { runBy: 'ana' });
  await store.close();

  const output = await killDuringWrite(dir);
  expect(output).toMatch(/batch \d+\/\d+/);
  expect(output).not.toMatch(/stored/);

  const reopened = await openStore({ kind: 'pglite', dir });
  try {
    const list = await listReviews(reopened);
    expect(list.map((r) => r.reviewDate)).toEqual(['2026-09-01', '2026-06-01']);
    for (const [i, meta] of [...list].reverse().entries()) {
      expect((await getReview(reopened, meta.id)).review).toEqual(JSON.parse(JSON.stringify(earlier[i])));
    }
    const rows = await sql<{ n: number }>`select count(*)::int as n from review_finding`.execute(reopened.db);
    expect(rows.rows[0]?.n).toBe(earlier[0]!.findings.length + earlier[1]!.findings.length);
    // The store still takes new reviews after the crash.
    const next = await saveReview(reopened, earlier[1]!, { runBy: 'ana' });
    expect(next.id).toBeGreaterThan(list[0]!.id);
  } finally {
    await reopened.close();
  }
});

/** Start the writer; SIGKILL it as soon as it reports its first batch inside the open transaction. */
function killDuringWrite(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, '400'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/batch /.test(output)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(output) : reject(new Error(`writer exited without being killed: ${output}${errors}`))));
  });
}
