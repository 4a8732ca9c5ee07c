import type { RankedFinding } from '../assess/analyse.ts';
import { collectGarbage } from '../util/collect-garbage.ts';
import { assetChunks, COLLECT_EVERY, COPY_ASSETS, csvChunks, type InTransaction, type ReviewRow } from './bulk-insert.ts';
import { kyselyExecutor } from './executor.ts';
import type { Store } from './connection.ts';
import type { StorePglite } from './pglite-worker.ts';
import type { AssetRow } from './review-assets.ts';
import { META_COLUMNS, type MetaRow } from './reviews.ts';

type Progress = ((written: number, total: number) => void) | undefined;

const COPY = 'copy review_finding (review_id, rank, asset_id, technique_id, coverage, score, level, detail) from stdin';

/** Characters of COPY text per statement: the example's findings (~1.4 MB) in one, a large review's in a few hundred. */
const COPY_BATCH_CHARS = 4 * 1024 * 1024;

/**
 * PGlite: the review row by INSERT, its findings and then its assets by `COPY … FROM STDIN` (pglite-worker.ts `copyFrom`) in the text
 * format PostgreSQL's COPY takes (bulk-insert.ts), batches of chunks a statement, all in one transaction. PostgreSQL
 * parses the lines in C; a multi-row insert of the same findings sent them as one JSON parameter, which PGlite's
 * JavaScript wire encoder and jsonb_to_recordset took about 1.7 times as long over (the example's 646 findings,
 * 2026-12-05, CPU time under load).
 */
export async function pgliteCopyReview(store: Store, pglite: StorePglite, row: ReviewRow, assets: readonly AssetRow[], findings: Iterable<RankedFinding>, onProgress: Progress, last?: InTransaction): Promise<MetaRow> {
  return store.db.transaction().execute(async (trx) => {
    await trx.insertInto('organisation').values({ name: row.organisation }).onConflict((c) => c.column('name').doNothing()).execute();
    // The row's meta columns only: not the document it was just given, which PGlite would send back and parse.
    const saved = await trx.insertInto('review').values(row).returning(META_COLUMNS).executeTakeFirstOrThrow();
    // The transaction holds PGlite's only session, so the COPY sent beside kysely runs inside it.
    // A long write lets V8's heap fill with garbage beside the staged review's live state: collect as batchReview does.
    let collected = 0;
    const progress: Progress = (written, total) => {
      onProgress?.(written, total);
      if (written - collected < COLLECT_EVERY) return;
      collected = written;
      collectGarbage();
    };
    await copyInBatches(pglite, COPY, csvChunks(saved.id, findings, row.finding_count, progress));
    await copyInBatches(pglite, COPY_ASSETS, assetChunks(saved.id, assets));
    // A job's completion (src/jobs) commits with the review it stored, so a retried job never stores it twice.
    await last?.(kyselyExecutor(trx), saved);
    return saved;
  });
}

/** COPY statements of about COPY_BATCH_CHARS of text each, from the chunks as they come. */
async function copyInBatches(pglite: StorePglite, statement: string, chunks: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    batch.push(chunk);
    length += chunk.length;
    if (length < COPY_BATCH_CHARS) continue;
    await pglite.copyFrom(statement, batch);
    batch = [];
    length = 0;
  }
  if (batch.length > 0) await pglite.copyFrom(statement, batch);
}
