import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the store's tables; the SQL that creates them is in migrations/. */
export interface Database {
  organisation: OrganisationTable;
  review: ReviewTable;
  review_finding: ReviewFindingTable;
  review_asset: ReviewAssetTable;
  waiver: WaiverTable;
  signoff: SignoffTable;
}

/** Stored JSON goes in as text (Postgres casts it to jsonb) and comes out parsed; zod checks it on the way out. */
type Json = ColumnType<unknown, string, never>;
type CreatedAt = ColumnType<Date, never, never>;

export interface ReviewTable {
  id: Generated<number>;
  stored_at: CreatedAt;
  run_by: string;
  organisation: string;
  review_date: string;
  generated_at: string;
  atlas_version: string;
  rampart_version: string;
  asset_count: number;
  finding_count: number;
  summary: Json;
  /** The review without its findings: those are rows of review_finding, so no single JSON value grows with the estate. */
  document: Json;
  /** The job that stored the review (src/jobs/), unique: a retried job never stores its review twice. */
  job_key: ColumnType<string | null, string | undefined, never>;
}

export interface ReviewFindingTable {
  review_id: number;
  /** Position in the review's ranked findings. */
  rank: number;
  asset_id: string;
  technique_id: string;
  coverage: string;
  score: number;
  level: string;
  detail: Json;
}

/** One asset of a review (migration 0008): the per-asset parts of the review document, in the inventory's order. */
export interface ReviewAssetTable {
  review_id: number;
  position: number;
  asset_id: string;
  snapshot: Json;
  /** The asset's roll-up (`rollups.byAsset`), when the review has one for it. */
  rollup: Json | null;
  /** The asset's entry of `defaultedAttributes`, when it has one. */
  defaulted: Json | null;
}

export interface OrganisationTable {
  name: string;
  created_at: CreatedAt;
}

export interface WaiverTable {
  id: Generated<number>;
  /** Null only for waivers recorded before organisations, in a store that then held several (or none). */
  organisation: string | null;
  finding_id: string;
  justification: string;
  approver: string;
  expires: string;
  created_at: CreatedAt;
  created_by: string;
}

export interface SignoffTable {
  id: Generated<number>;
  review_id: number;
  role: string;
  name: string;
  note: string | null;
  signed_at: CreatedAt;
}
