import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Insertable, type Selectable } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RankedFinding } from '../assess/analyse.ts';
import { collectGarbage } from '../util/collect-garbage.ts';
import type { Store } from './connection.ts';
import { clientExecutor, kyselyExecutor, type Executor } from './executor.ts';
import type { AssetRow } from './review-assets.ts';
import type { ReviewTable } from './schema.ts';

export type ReviewRow = Insertable<ReviewTable> & { organisation: string };
type Progress = ((written: number, total: number) => void) | undefined;
/** Runs last inside the review's transaction: a job marks itself done there, so the two commit together. */
export type InTransaction = ((exec: Executor, saved: { id: number }) => Promise<void>) | undefined;

/**
 * PGlite: findings in multi-row inserts of BATCH rows, each one statement that unpacks a JSON array
 * (jsonb_to_recordset): one round trip per batch. The rows go to PGlite as objects, not as one JSON string: PGlite
 * serialises a jsonb parameter itself, on its worker thread, so the main thread never makes a multi-megabyte string
 * per batch (V8 puts those in its large-object space, freed only by a full collection: at 10,000 assets they piled up
 * by the hundred megabytes during the write). 500 rows a batch (~0.7 MB of JSON) cost no more CPU than 2,000 in a
 * side-by-side run (60,000 findings, 2026-12-05: 9.9 s against 10.7 s, peak 288 against 350 MB) and stay young
 * enough for V8 to free them in a scavenge.
 */
const BATCH = 500;

/** Findings between forced collections on a large write (util/collect-garbage.ts): ~0.3 s of CPU each at 10,000 assets. */
export const COLLECT_EVERY = 50 * BATCH;

export async function batchReview(store: Store, row: ReviewRow, assets: readonly AssetRow[], findings: Iterable<RankedFinding>, onProgress: Progress, last?: InTransaction): Promise<Selectable<ReviewTable>> {
  const total = row.finding_count;
  return store.db.transaction().execute(async (trx) => {
    await trx.insertInto('organisation').values({ name: row.organisation }).onConflict((c) => c.column('name').doNothing()).execute();
    const saved = await trx.insertInto('review').values(row).returningAll().executeTakeFirstOrThrow();
    for (const batch of batches(assets, BATCH)) {
      // Undefined parts are left out of the JSON, so the columns are SQL NULL rather than a jsonb null.
      const rows = batch.map((r) => ({ position: r.position, asset_id: r.assetId, snapshot: r.snapshot, rollup: r.rollup, defaulted: r.defaulted }));
      await sql`insert into review_asset (review_id, position, asset_id, snapshot, rollup, defaulted)
        select ${saved.id}, position, asset_id, snapshot, rollup, defaulted
        from jsonb_to_recordset(${rows}::jsonb) as a(position integer, asset_id text, snapshot jsonb, rollup jsonb, defaulted jsonb)`.execute(trx);
    }
    let written = 0;
    for (const batch of batches(findings, BATCH)) {
      const rows = batch.map(({ rank, finding: f }) => ({ rank, asset_id: f.assetId, technique_id: f.techniqueId, coverage: f.coverage, score: f.risk.score, level: f.risk.level, detail: f }));
      await sql`insert into review_finding (review_id, rank, asset_id, technique_id, coverage, score, level, detail)
        select ${saved.id}, rank, asset_id, technique_id, coverage, score, level, detail
        from jsonb_to_recordset(${rows}::jsonb)
          as f(rank integer, asset_id text, technique_id text, coverage text, score double precision, level text, detail jsonb)`.execute(trx);
      written += batch.length;
      onProgress?.(written, total);
      if (written % COLLECT_EVERY === 0) collectGarbage();
    }
    if (written !== total) throw new Error(`${written} findings written, ${total} expected`);
    await last?.(kyselyExecutor(trx), saved);
    return saved;
  });
}

/** The findings in arrays of `size`, taken from the iterable as they come (it may be computing them). */
function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length < size) continue;
    yield batch;
    batch = [];
  }
  if (batch.length > 0) yield batch;
}

/** Rows per progress report on PostgreSQL. */
const COPY_PROGRESS = 2_000;

/** Characters of COPY text handed on at a time: below V8's large-object threshold (128 kB), so chunks die young. */
const COPY_CHUNK_CHARS = 64 * 1024;

/**
 * PostgreSQL: the review row by INSERT, its findings and then its assets each by one COPY … FROM STDIN (text format), streamed chunk by chunk, so
 * neither side holds the whole set as one string; all in one transaction.
 */
export async function copyReview(pool: pg.Pool, row: ReviewRow, assets: readonly AssetRow[], findings: Iterable<RankedFinding>, onProgress: Progress, last?: InTransaction): Promise<Selectable<ReviewTable>> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('insert into organisation (name) values ($1) on conflict (name) do nothing', [row.organisation]);
    const columns = Object.keys(row);
    const inserted = await client.query<Selectable<ReviewTable>>(
      `insert into review (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')}) returning *`,
      Object.values(row),
    );
    const saved = inserted.rows[0];
    if (!saved) throw new Error('the review row was not returned');
    const copy = client.query(copyFrom('copy review_finding (review_id, rank, asset_id, technique_id, coverage, score, level, detail) from stdin'));
    await pipeline(Readable.from(csvChunks(saved.id, findings, row.finding_count, onProgress)), copy);
    if (assets.length > 0) await pipeline(Readable.from(assetChunks(saved.id, assets)), client.query(copyFrom(COPY_ASSETS)));
    await last?.(clientExecutor(client), saved);
    await client.query('commit');
    return saved;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function* csvChunks(reviewId: number, findings: Iterable<RankedFinding>, total: number, onProgress: Progress): Generator<string> {
  let written = 0;
  function* lines(): Generator<string> {
    for (const { rank, finding: f } of findings) {
      yield `${reviewId}\t${rank}\t${text(f.assetId)}\t${text(f.techniqueId)}\t${text(f.coverage)}\t${f.risk.score}\t${text(f.risk.level)}\t${text(JSON.stringify(f))}\n`;
      written += 1;
      if (written % COPY_PROGRESS === 0) onProgress?.(written, total);
    }
  }
  yield* chunked(lines());
  if (written % COPY_PROGRESS !== 0) onProgress?.(written, total);
  if (written !== total) throw new Error(`${written} findings written, ${total} expected`);
}

export const COPY_ASSETS = 'copy review_asset (review_id, position, asset_id, snapshot, rollup, defaulted) from stdin';

/** The review's asset rows (review-assets.ts) as COPY text, in chunks like the findings'. */
export function* assetChunks(reviewId: number, rows: readonly AssetRow[]): Generator<string> {
  const json = (value: unknown) => (value === undefined ? '\\N' : text(JSON.stringify(value)));
  function* lines(): Generator<string> {
    for (const r of rows) yield `${reviewId}\t${r.position}\t${text(r.assetId)}\t${json(r.snapshot)}\t${json(r.rollup)}\t${json(r.defaulted)}\n`;
  }
  yield* chunked(lines());
}

/** Lines joined into chunks of about COPY_CHUNK_CHARS, taken as they come. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const line of lines) {
    batch.push(line);
    length += line.length;
    if (length < COPY_CHUNK_CHARS) continue;
    yield batch.join('');
    batch = [];
    length = 0;
  }
  if (batch.length > 0) yield batch.join('');
}

/**
 * A field of COPY's text format: backslash, tab, newline and carriage return escaped. Chosen over CSV, whose
 * doubled quotes made the server's parse of JSON (a quote every few characters) slower than batched inserts.
 */
function text(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
