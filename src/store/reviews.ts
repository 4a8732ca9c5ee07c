import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { inputError } from '../errors.ts';
import type { RankedFinding } from '../assess/analyse.ts';
import type { Coverage, Finding, FindingGist, RiskLevel } from '../assess/finding.ts';
import type { ReviewDocument } from '../report/stream/finding-source.ts';
import type { StagedReview } from '../review/run-review.ts';
import type { StoredReviewMeta } from '../review/history.ts';
import type { Review } from '../review/review.ts';
import type { FindingOutline, ReviewOutline } from '../review/diff.ts';
import { summarise } from '../review/summary.ts';
import type { Store } from './connection.ts';
import { CoverageValue, LevelValue, StoredDocument, StoredFinding, StoredMatrix, StoredRollups, StoredSummary } from './document.ts';
import { batchReview, copyReview, type InTransaction } from './bulk-insert.ts';
import { pgliteCopyReview } from './pglite-copy.ts';
import { assembleDocument, splitDocument } from './review-assets.ts';
import type { ReviewTable } from './schema.ts';
import { reason, storeError } from './store-error.ts';

const READ_SLICE = 5_000;
/** Finding outlines per read: about 0.6 MB of JSON. */
const OUTLINE_SLICE = 10_000;

export interface SaveOptions {
  runBy: string;
  /** Called after each batch of findings is written (inside the transaction). */
  onProgress?: (written: number, total: number) => void;
  /** The job storing the review (src/jobs/): unique, so a retried job cannot store the review twice. */
  jobKey?: string;
  /** Runs last inside the review's transaction (a job marks itself done there). */
  inTransaction?: InTransaction;
}

/**
 * Store a review in one transaction: the review row and all its finding rows appear together or not at all. The
 * review's organisation is registered on first sight. Findings go in by COPY on PostgreSQL, in multi-row batches on
 * PGlite (bulk-insert.ts).
 */
export async function saveReview(store: Store, review: Review, options: SaveOptions): Promise<StoredReviewMeta> {
  const { findings, ...document } = review;
  return save(store, document, findings, findingsWithRanks(findings), options);
}

function* findingsWithRanks(findings: readonly Finding[]): Generator<RankedFinding> {
  for (let rank = 0; rank < findings.length; rank++) yield { rank, finding: findings[rank] as Finding };
}

/** A staged review (src/review/run-review.ts): its findings computed again as they are written, never all held. */
export async function saveStagedReview(store: Store, review: StagedReview, options: SaveOptions): Promise<StoredReviewMeta> {
  const { findings: _placeholder, ...document } = review.document as ReviewDocument & { findings?: unknown };
  return save(store, document, review.ranked, review.findings(), options);
}

async function save(store: Store, whole: ReviewDocument, ranked: Iterable<Pick<FindingGist, 'risk'>> & { readonly length: number }, findings: Iterable<RankedFinding>, options: SaveOptions): Promise<StoredReviewMeta> {
  // The per-asset parts go in as rows of review_asset; the document keeps the rest (review-assets.ts).
  const { document, rows: assets } = splitDocument(whole);
  const row = {
    run_by: options.runBy,
    organisation: document.organisation,
    review_date: document.reviewDate,
    generated_at: document.generatedAt,
    atlas_version: document.atlasVersion,
    rampart_version: document.rampartVersion,
    asset_count: whole.assets.length,
    finding_count: ranked.length,
    summary: JSON.stringify(summarise({ findings: ranked, rollups: whole.rollups })),
    document: JSON.stringify(document),
    ...(options.jobKey === undefined ? {} : { job_key: options.jobKey }),
  };
  try {
    const saved = store.pool
      ? await copyReview(store.pool, row, assets, findings, options.onProgress, options.inTransaction)
      : store.pglite
        ? await pgliteCopyReview(store, store.pglite, row, assets, findings, options.onProgress, options.inTransaction)
        : await batchReview(store, row, assets, findings, options.onProgress, options.inTransaction);
    if (ranked.length >= ANALYZE_FROM) await analyseFindings(store);
    return toMeta(saved);
  } catch (error) {
    throw storeError(`storing the review failed; nothing was stored: ${reason(error)}`, store.where, 'earlier reviews are intact; fix the cause and run the review again', error);
  }
}

/** Reviews with at least this many findings refresh the planner's statistics once stored (see analyseFindings). */
const ANALYZE_FROM = 5_000;

/**
 * The planner's statistics for review_finding, refreshed after a large write. Without them (PGlite has no autovacuum,
 * and PostgreSQL's comes minutes later) reading a review's findings in asset order (HDF, JUnit, detections) was planned
 * as a bitmap scan sorting every remaining row for each page of 500: quadratic in the findings, twice the CPU of a
 * read in rank order at 1,000 assets. With them it is an index scan along the primary key. ANALYZE samples a bounded
 * number of rows, so it costs the same at any size; it changes no data, and a failure of it leaves the review stored.
 */
async function analyseFindings(store: Store): Promise<void> {
  await sql`analyze review_finding`.execute(store.db).catch(() => undefined);
}

/** Scope of a listing: one organisation's reviews (all when not given), at or before a review id. */
export interface ReviewScope {
  organisation?: string | undefined;
  upTo?: number | undefined;
}

/** Stored reviews, newest first. */
export async function listReviews(store: Store, scope: ReviewScope & { limit?: number } = {}): Promise<StoredReviewMeta[]> {
  let query = store.db.selectFrom('review').select(META_COLUMNS).orderBy('id', 'desc').limit(scope.limit ?? 1_000);
  if (scope.organisation !== undefined) query = query.where('organisation', '=', scope.organisation);
  if (scope.upTo !== undefined) query = query.where('id', '<=', scope.upTo);
  const rows = await read(store, () => query.execute());
  return rows.map(toMeta);
}

/** The ids of the newest `count` reviews in scope, newest first. */
export async function latestReviewIds(store: Store, count: number, scope: ReviewScope = {}): Promise<number[]> {
  let query = store.db.selectFrom('review').select('id').orderBy('id', 'desc').limit(count);
  if (scope.organisation !== undefined) query = query.where('organisation', '=', scope.organisation);
  if (scope.upTo !== undefined) query = query.where('id', '<=', scope.upTo);
  const rows = await read(store, () => query.execute());
  return rows.map((r) => r.id);
}

export async function getReviewMeta(store: Store, id: number): Promise<StoredReviewMeta> {
  const row = await read(store, () => store.db.selectFrom('review').select(META_COLUMNS).where('id', '=', id).executeTakeFirst());
  if (!row) throw unknownReview(store, id);
  return toMeta(row);
}

/** The whole review as it was stored: the document with its findings in rank order. */
export async function getReview(store: Store, id: number): Promise<{ meta: StoredReviewMeta; review: Review }> {
  const row = await read(store, () => store.db.selectFrom('review').selectAll().where('id', '=', id).executeTakeFirst());
  if (!row) throw unknownReview(store, id);
  const document = parse(StoredDocument, await assembleDocument(store, id, row.document, row.asset_count), `review ${id}`);
  const parsed: z.output<typeof StoredFinding>[] = [];
  // In slices of ranks: one JSON array per slice keeps reads fast, and slicing keeps each array a few megabytes
  // (a 10,000-asset review's findings as one value would exceed what PGlite can hand over).
  for (let from = 0; from < row.finding_count; from += READ_SLICE) {
    const packed = await read(store, () =>
      sql<{ findings: string | null }>`select json_agg(detail order by rank)::text as findings from review_finding
        where review_id = ${id} and rank >= ${from} and rank < ${from + READ_SLICE}`.execute(store.db),
    );
    parsed.push(...parse(z.array(StoredFinding), JSON.parse(packed.rows[0]?.findings ?? '[]'), `review ${id} findings`));
  }
  if (parsed.length !== row.finding_count) throw damaged(`review ${id} findings`, `${parsed.length} stored, ${row.finding_count} expected`);
  // The checked fields above are the ones any reader uses; the remainder is Rampart's own earlier output, kept whole.
  const review = { ...document, findings: parsed } as unknown as Review;
  return { meta: toMeta(row), review };
}

/** What a diff needs, without the findings' reasoning and plans: fast to read even for large estates. */
export async function getReviewOutline(store: Store, id: number): Promise<{ meta: StoredReviewMeta; outline: ReviewOutline }> {
  const row = await read(store, () =>
    store.db
      .selectFrom('review')
      .select(META_COLUMNS)
      // Not the per-asset roll-ups: a diff does not read them, and at 10,000 assets they are most of the document.
      .select([
        sql<unknown>`document->'matrix'`.as('matrix'),
        sql<unknown>`jsonb_build_object('organisation', document->'rollups'->'organisation', 'byTactic', document->'rollups'->'byTactic', 'byElement', document->'rollups'->'byElement')`.as('rollups'),
      ])
      .where('id', '=', id)
      .executeTakeFirst(),
  );
  if (!row) throw unknownReview(store, id);
  // JSON arrays built by the database instead of 30,000 protocol rows (decoding rows one by one is what makes large
  // reads slow, PGlite's in particular), in slices of ranks: one array for a whole 10,000-asset review was a 16 MB
  // string, and ten times that at 100,000 assets.
  const findings: FindingOutline[] = [];
  for (let from = 0; from < row.finding_count; from += OUTLINE_SLICE) {
    const packed = await read(store, () =>
      sql<{ findings: string | null }>`select json_agg(json_build_array(asset_id, technique_id, coverage, score, level) order by rank)::text as findings
        from review_finding where review_id = ${id} and rank >= ${from} and rank < ${from + OUTLINE_SLICE}`.execute(store.db),
    );
    for (const outline of unpackOutlines(JSON.parse(packed.rows[0]?.findings ?? '[]') as unknown, id, from)) findings.push(outline);
  }
  if (findings.length !== row.finding_count) throw damaged(`review ${id} findings`, `${findings.length} stored, ${row.finding_count} expected`);
  const meta = toMeta(row);
  const outline: ReviewOutline = {
    atlasVersion: meta.atlasVersion,
    reviewDate: meta.reviewDate,
    matrix: parse(StoredMatrix, row.matrix, `review ${id} matrix`),
    rollups: parse(StoredRollups.omit({ byAsset: true }), row.rollups, `review ${id} roll-ups`),
    findings,
  };
  return { meta, outline };
}

const COVERAGES = new Set<string>(CoverageValue.options);
const LEVELS = new Set<string>(LevelValue.options);

/** Checks each packed [asset, technique, coverage, score, level] by hand: a zod schema per row costs more than the read. */
function unpackOutlines(packed: unknown, id: number, first: number): FindingOutline[] {
  if (!Array.isArray(packed)) throw damaged(`review ${id} findings`, 'not a list');
  return packed.map((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== 5) throw damaged(`review ${id} finding ${first + i}`, 'not a finding row');
    const [assetId, techniqueId, coverage, score, level] = row as unknown[];
    if (typeof assetId !== 'string' || typeof techniqueId !== 'string' || typeof score !== 'number' || !COVERAGES.has(coverage as string) || !LEVELS.has(level as string)) {
      throw damaged(`review ${id} finding ${first + i}`, 'unexpected values');
    }
    return { id: `${assetId}/${techniqueId}`, assetId, techniqueId, coverage: coverage as Coverage, risk: { score, level: level as RiskLevel } };
  });
}

export const META_COLUMNS = ['id', 'stored_at', 'run_by', 'organisation', 'review_date', 'generated_at', 'atlas_version', 'rampart_version', 'asset_count', 'finding_count', 'summary'] as const;

export type MetaRow = Pick<Selectable<ReviewTable>, (typeof META_COLUMNS)[number]>;

export function toMeta(row: MetaRow): StoredReviewMeta {
  return {
    id: row.id,
    storedAt: new Date(row.stored_at).toISOString(),
    runBy: row.run_by,
    organisation: row.organisation,
    reviewDate: row.review_date,
    generatedAt: row.generated_at,
    atlasVersion: row.atlas_version,
    rampartVersion: row.rampart_version,
    assetCount: row.asset_count,
    findingCount: row.finding_count,
    summary: parse(StoredSummary, row.summary, `review ${row.id} summary`),
  };
}

export function unknownReview(store: Pick<Store, 'where'>, id: number): Error {
  return inputError(`no stored review with id ${id}`, { file: store.where }, 'run `rampart reviews` to list the stored reviews, or point --store at the store that holds it');
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw damaged(what, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
}

function damaged(what: string, why: string): Error {
  return storeError(`${what} in the store is not in the expected shape (${why})`, '', 'the store may be damaged or written by an incompatible Rampart; restore a backup or start a new store');
}

/** Database failures while reading become store errors; our own RampartErrors pass through. */
export async function read<T>(store: Store, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof Error && error.name === 'RampartError') throw error;
    throw storeError(`reading the store failed: ${reason(error)}`, store.where, 'check the store is reachable and not damaged', error);
  }
}
