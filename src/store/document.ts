import { z } from 'zod';
import type { Coverage, RiskLevel } from '../assess/finding.ts';
import { REVIEW_SCHEMA } from '../review/review.ts';

/**
 * Zod at the edge for JSON read back from the store. The fields history, diff, gate and reports rely on are checked;
 * the rest of each object is kept as stored (loose objects), since it is Rampart's own earlier output.
 */
export const CoverageValue = z.enum(['exploited', 'blind-spot', 'claimed', 'detected', 'prevented', 'both']) satisfies z.ZodType<Coverage>;
export const LevelValue = z.enum(['critical', 'high', 'medium', 'low']) satisfies z.ZodType<RiskLevel>;

export const StoredRollup = z.looseObject({
  applicable: z.number(),
  byCoverage: z.record(z.string(), z.number()),
  covered: z.number(),
  riskTotal: z.number(),
  riskMax: z.number(),
});

export const StoredMatrix = z.object({
  tactics: z.array(z.object({ id: z.string(), name: z.string() })),
  techniques: z.array(
    z
      .object({
        id: z.string(),
        name: z.string(),
        tactics: z.array(z.string()),
        parent: z.string().optional(),
        maturity: z.string().optional(),
        // Added with the ATLAS-upgrade diff: older stored reviews lack them, and the diff then attributes nothing to ATLAS.
        assumedMaturity: z.string().optional(),
        caseStudies: z.number().int().nonnegative().optional(),
      })
      // JSON drops undefined keys; the snapshot type keeps them present.
      .transform((t) => ({ ...t, parent: t.parent, maturity: t.maturity })),
  ),
});

export const StoredRollups = z.looseObject({
  organisation: StoredRollup,
  byElement: z.record(z.string(), StoredRollup),
  byTactic: z.record(z.string(), StoredRollup),
  byAsset: z.record(z.string(), StoredRollup),
});

/** An asset's snapshot, in the document (reviews stored before migration 0008) or a row of review_asset. */
export const StoredAsset = z.looseObject({ id: z.string(), element: z.string(), kind: z.string(), name: z.string() });

/**
 * The review document without its findings (those are rows of review_finding). Since migration 0008 its per-asset
 * parts are rows of review_asset and `assets` is empty here (src/store/review-assets.ts).
 */
export const StoredDocument = z.looseObject({
  schema: z.literal(REVIEW_SCHEMA),
  atlasVersion: z.string(),
  reviewDate: z.string(),
  generatedAt: z.string(),
  organisation: z.string(),
  assets: z.array(StoredAsset),
  matrix: StoredMatrix,
  rollups: StoredRollups,
  evidence: z.array(z.unknown()),
  excluded: z.array(z.unknown()),
  notAssessed: z.array(z.looseObject({ techniqueId: z.string(), name: z.string() })),
  plan: z.array(z.unknown()),
});

export const StoredFinding = z.looseObject({
  id: z.string(),
  assetId: z.string(),
  techniqueId: z.string(),
  techniqueName: z.string(),
  tactics: z.array(z.string()),
  coverage: CoverageValue,
  trail: z.array(z.looseObject({ kind: z.string(), text: z.string() })),
  controls: z.array(z.string()),
  risk: z.looseObject({ score: z.number(), level: LevelValue, likelihood: z.number(), impact: z.number(), factors: z.looseObject({}) }),
  plan: z.looseObject({ due: z.string(), actions: z.array(z.unknown()) }),
});

export const StoredSummary = z.object({
  covered: z.number(),
  riskTotal: z.number(),
  riskMax: z.number(),
  levels: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
  byCoverage: z.object({ exploited: z.number(), 'blind-spot': z.number(), claimed: z.number(), detected: z.number(), prevented: z.number(), both: z.number() }),
});
