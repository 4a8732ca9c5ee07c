import { z } from 'zod';

/**
 * A data file's manifest: what it was at one review. Content hashes (the file's SHA-256; per chunk of rows a SHA-256
 * and compact leaf hashes that locate changed rows), the schema, and a bounded statistical profile. JSON, validated
 * with zod when read back from the store or from a `--previous` file.
 */
export const MANIFEST_SCHEMA = 'rampart.data-manifest/v1';

export const ColumnType = z.enum(['integer', 'number', 'boolean', 'string', 'empty', 'mixed']);
export type ColumnType = z.infer<typeof ColumnType>;

export const NumericProfile = z.object({
  count: z.number(),
  mean: z.number(),
  std: z.number(),
  min: z.number(),
  max: z.number(),
  /** Never decreases down the file: an id, a sequence number or a timestamp, which grows by design as rows are appended. */
  monotonic: z.boolean().optional(),
  /** The column's values in a bottom-k sample of rows (the rows with the smallest row hashes), sorted: a quantile sketch. */
  sample: z.array(z.number()),
});
export type NumericProfile = z.infer<typeof NumericProfile>;

export const CategoryProfile = z.object({
  /** Most frequent values, with counts (exact unless `approximate`). */
  top: z.array(z.tuple([z.string(), z.number()])),
  /** More distinct values than the sketch holds: counts are space-saving upper bounds. */
  approximate: z.boolean(),
  /** Cells outside `top`. */
  other: z.number(),
});
export type CategoryProfile = z.infer<typeof CategoryProfile>;

export const ColumnProfile = z.object({
  name: z.string(),
  type: ColumnType,
  count: z.number(),
  missing: z.number(),
  numeric: NumericProfile.optional(),
  categories: CategoryProfile.optional(),
});
export type ColumnProfile = z.infer<typeof ColumnProfile>;

export const Chunk = z.object({
  /** 0-based index of its first data row, and how many rows it holds. */
  row: z.number(),
  rows: z.number(),
  /** 1-based line of its first row, and lines it spans (more than `rows` when quoted values hold line breaks). */
  line: z.number(),
  lines: z.number(),
  sha256: z.string(),
  /** 64-bit hashes of consecutive groups of `leafRows` rows, base64 (see row-hash.ts). */
  leaves: z.string(),
});
export type Chunk = z.infer<typeof Chunk>;

/**
 * A training set's record fingerprints as a manifest carries them (`rampart data manifest --records`; made and read in
 * src/monitor/training-set/, for `rampart monitor --training-data`): the grid
 * and the 53-bit fingerprints, base64 of 8 bytes each. No record can be read back from them.
 */
export const RecordFingerprints = z.object({
  /** The feature columns, in the order the model's API takes them (the label and nothing else left out). */
  columns: z.array(z.string()),
  label: z.string().optional(),
  rows: z.number(),
  resolution: z.number().positive(),
  salt: z.number().int(),
  steps: z.array(z.number().positive()),
  fingerprints: z.string(),
});
export type RecordFingerprints = z.infer<typeof RecordFingerprints>;

export const FileManifest = z.object({
  schema: z.literal(MANIFEST_SCHEMA),
  /** As the inventory or the command line gave it. */
  path: z.string(),
  format: z.enum(['csv', 'tsv', 'jsonl', 'bytes']),
  bytes: z.number(),
  sha256: z.string(),
  appendOnly: z.boolean(),
  /** Tabular files only. */
  rows: z.number().optional(),
  chunkRows: z.number().optional(),
  leafRows: z.number().optional(),
  label: z.string().optional(),
  columns: z.array(z.object({ name: z.string(), type: ColumnType })).optional(),
  chunks: z.array(Chunk).optional(),
  profile: z.array(ColumnProfile).optional(),
  /**
   * Built against an earlier manifest of `row` rows: this file's hashes of its partial chunk and leaf at that row, so
   * the two can be compared later (review diff) without the file.
   */
  cut: z.object({ row: z.number(), chunkSha256: z.string(), leaf: z.string().optional() }).optional(),
  /** With --records: every record's fingerprint, so the monitor can tell a query that is a training record. */
  records: RecordFingerprints.optional(),
});
export type FileManifest = z.infer<typeof FileManifest>;

export const ManifestDocument = z.object({ schema: z.literal('rampart.data-manifests/v1'), generatedAt: z.string(), files: z.array(FileManifest) });
export type ManifestDocument = z.infer<typeof ManifestDocument>;

/** Rows per chunk unless --chunk-rows says otherwise. */
export const DEFAULT_CHUNK_ROWS = 10_000;
/** Leaves per chunk at most: a chunk of up to this many rows keeps a hash per row. */
export const MAX_LEAVES = 1_024;
/** Rows in the profile's sample. */
export const SAMPLE_ROWS = 512;
/** Distinct values a column's category sketch follows; the top TOP_CATEGORIES are kept. */
export const CATEGORY_CAPACITY = 64;
export const TOP_CATEGORIES = 20;

export function leafRowsFor(chunkRows: number): number {
  return Math.max(1, Math.ceil(chunkRows / MAX_LEAVES));
}
