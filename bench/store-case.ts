// One case of `npm run bench store`, in its own process so its peak memory is its own:
// tsx bench/store-case.ts <assets> <pglite|postgres>. Prints one JSON line.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { generateOrganisation } from '../src/inventory/test-support/generate-organisation.ts';
import { stageReview } from '../src/review/run-review.ts';
import { openStore, type Store } from '../src/store/connection.ts';
import { storedFindings } from '../src/store/finding-pages.ts';
import { getReviewOutline, saveStagedReview } from '../src/store/reviews.ts';
import { postgresBackend } from '../src/store/test-support/backends.ts';

const [assets = '1000', backend = 'pglite'] = process.argv.slice(2);
const root = await mkdtemp(join(tmpdir(), 'rampart-bench-'));
const { inventory, register } = generateOrganisation(Number(assets));
await writeFile(join(root, 'inventory.yaml'), inventory);
await writeFile(join(root, 'register.yaml'), register);
// As `rampart review` does: staged, the findings computed again as they are written (src/review/run-review.ts).
const review = await stageReview({ inventory: root, reviewDate: new Date('2026-11-22T00:00:00Z') });
const afterAnalysis = process.resourceUsage().maxRSS * 1024;

const pg = backend === 'postgres' ? postgresBackend() : undefined;
const dir = join(root, 'store');
const open = (mode: 'read' | 'write') => (pg ? pg.fresh() : openStore({ kind: 'pglite', dir }, { mode }));
try {
  let store: Store = await open('write');
  const write = await timed(() => saveStagedReview(store, review, { runBy: 'bench' }));
  const afterWrite = process.resourceUsage().maxRSS * 1024;
  let size = pg ? await schemaSize(store) : 0;
  if (!pg) {
    await store.close();
    size = await folderSize(dir);
    store = await open('read');
  }
  const outline = await timed(() => getReviewOutline(store, write.value.id));
  // Every finding read back page by page in rank order, as the report writers read them.
  const whole = await timed(async () => {
    let count = 0;
    for await (const _ of storedFindings(store, write.value.id, write.value.findingCount).read('rank')) count += 1;
    return count;
  });
  await store.close();
  console.log(JSON.stringify({ assets: Number(assets), backend, findings: review.ranked.length, writeMs: write.ms, outlineMs: outline.ms, readMs: whole.ms, size, peakAfterAnalysis: afterAnalysis, peakAfterWrite: afterWrite, peak: process.resourceUsage().maxRSS * 1024 }));
} finally {
  await pg?.cleanup();
  await rm(root, { recursive: true, force: true });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

async function folderSize(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  return total;
}

async function schemaSize(store: Store): Promise<number> {
  const row = await sql<{ bytes: string }>`select sum(pg_total_relation_size(c.oid))::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'm')`.execute(store.db);
  return Number(row.rows[0]?.bytes ?? 0);
}
