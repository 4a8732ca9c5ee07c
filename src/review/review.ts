import type { Analysis } from '../assess/analyse.ts';
import { caseStudiesOf, type Atlas } from '../atlas/atlas.ts';
import type { DefaultedAttributes } from '../assess/defaulted-attributes.ts';
import { maturityResolver } from '../assess/maturity.ts';
import type { Evidence } from '../checks/contract.ts';
import type { DataProvenance } from '../data/provenance/review-provenance.ts';
import type { Asset } from '../inventory/asset.ts';
import type { Attribute } from '../inventory/vocabulary.ts';

export const REVIEW_SCHEMA = 'rampart.review/v1';

/** An asset as recorded in a review: a snapshot, with attributes as a sorted list. */
export type AssetSnapshot = Omit<Asset, 'attributes'> & { attributes: Attribute[] };

/**
 * One review: the documented JSON contract (`rampart review --format json`, README "Review JSON").
 * Everything the reports need is in here, so any report can be rendered again from a stored review.
 */
/** The ATLAS matrix the review used, kept with it so stored reviews render and diff on their own. */
export interface MatrixSnapshot {
  tactics: { id: string; name: string }[];
  techniques: {
    id: string;
    name: string;
    tactics: string[];
    parent: string | undefined;
    /** As the release states it. */
    maturity: string | undefined;
    /** The maturity scored when the release states none (see src/assess/maturity.ts). Absent in reviews before it existed. */
    assumedMaturity?: string;
    /** Case studies using the technique or its sub-techniques: the frequency factor's input. Absent in older reviews. */
    caseStudies?: number;
  }[];
}

export interface Review extends Analysis {
  schema: typeof REVIEW_SCHEMA;
  rampartVersion: string;
  atlasVersion: string;
  /** The day the review assesses (claims' verification ages and due dates count from it). */
  reviewDate: string;
  generatedAt: string;
  organisation: string;
  /** `skipped`: YAML files of the folder not read as inventory, with why (only when there are any). */
  inventory: { root: string; files: string[]; notes: string[]; skipped?: { file: string; reason: string }[] };
  settings: { verificationWindowDays: number };
  assets: AssetSnapshot[];
  matrix: MatrixSnapshot;
  evidence: Evidence[];
  /** Per asset, attributes false only by default and the techniques that removed; absent in reviews stored before it. */
  defaultedAttributes?: DefaultedAttributes[];
  /** The data assets' files against their previous manifests (stored reviews with local data files only). */
  dataProvenance?: DataProvenance;
}

/** The matrix as reviewed, with what a later diff needs to tell a change of ATLAS from a change of posture. */
export function snapshotMatrix(atlas: Atlas, maturityReference?: Atlas): MatrixSnapshot {
  const maturityOf = maturityResolver(atlas, maturityReference);
  return {
    tactics: atlas.tactics.map((t) => ({ id: t.id, name: t.name })),
    techniques: [...atlas.techniques.values()].map((t) => {
      const used = maturityOf(t.id);
      return {
        id: t.id,
        name: t.name,
        tactics: t.tactics,
        parent: t.parent,
        maturity: t.maturity,
        ...(used.assumed ? { assumedMaturity: used.maturity } : {}),
        caseStudies: caseStudiesOf(atlas, t.id).length,
      };
    }),
  };
}

export function snapshotAsset(asset: Asset): AssetSnapshot {
  return { ...asset, attributes: [...asset.attributes].sort() };
}
