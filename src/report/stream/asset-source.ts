import { defaultedAttributeLines, type DefaultedAttributes } from '../../assess/defaulted-attributes.ts';
import type { Rollup, Rollups } from '../../assess/rollup.ts';
import type { AssetSnapshot, Review } from '../../review/review.ts';

/**
 * A review without its findings and without its per-asset parts (snapshots, roll-ups by asset, defaulted attributes):
 * what a report holds whole. The object still has those keys, empty for a stored review, so a writer that puts the
 * parts back (review.json) finds each in its place; the type hides them, so no writer reads an empty list by mistake.
 */
export type ReviewHead = Omit<Review, 'findings' | 'assets' | 'defaultedAttributes' | 'rollups'> & { rollups: Omit<Rollups, 'byAsset'> };

/**
 * A review's assets, read as often as a writer needs and never held all at once by the source: the review's own arrays
 * for a review in memory, pages of review_asset for a stored one (src/store/asset-pages.ts). At 100,000 assets the
 * snapshots, roll-ups and defaulted attributes are ~270 MB parsed.
 */
export interface AssetSource {
  readonly count: number;
  /** Every asset's snapshot, in the inventory's order. */
  snapshots(): AsyncIterable<AssetSnapshot>;
  /** `rollups.byAsset` as the review's JSON has it: its entries in its key order. */
  rollups(): AsyncIterable<readonly [string, Rollup]>;
  /** Each asset's snapshot with its roll-up (absent when no technique applies to it), in the inventory's order. */
  withRollups(): AsyncIterable<{ snapshot: AssetSnapshot; rollup: Rollup | undefined }>;
  /** `defaultedAttributes`, in its order; undefined when the review has no such list (reviews stored before it). */
  defaulted(): AsyncIterable<DefaultedAttributes> | undefined;
}

/** A review in memory as an asset source: its own arrays, read in place. */
export function memoryAssets(review: Pick<Review, 'assets' | 'rollups' | 'defaultedAttributes'>): AssetSource {
  const { assets, rollups, defaultedAttributes } = review;
  return {
    count: assets.length,
    snapshots: () => iterate(assets),
    rollups: () => iterate(Object.entries(rollups.byAsset)),
    withRollups: () => iterate(assets.map((snapshot) => ({ snapshot, rollup: rollups.byAsset[snapshot.id] }))),
    defaulted: () => (defaultedAttributes ? iterate(defaultedAttributes) : undefined),
  };
}

async function* iterate<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/**
 * What the formats that name an asset per finding (SARIF, OCSF, HDF, JUnit, detections) read of it: a few short
 * fields, not the snapshot's endpoints, artifacts, versions and relations. Values that repeat across assets (element,
 * kind, the inventory file, attribute names) are one string each.
 */
export type AssetCard = Pick<AssetSnapshot, 'id' | 'name' | 'element' | 'kind' | 'criticality' | 'owner' | 'tags' | 'exposure' | 'authentication' | 'dataSensitivity' | 'attributes' | 'source'>;

/**
 * Every asset's card by id, read in one pass over the snapshots: ~0.2 kB an asset where a parsed snapshot with its
 * roll-up took ~2.7 kB. The first asset of an id wins, as a Map built from the list did.
 */
export async function assetCards(source: AssetSource): Promise<Map<string, AssetCard>> {
  const cards = new Map<string, AssetCard>();
  const shared = new Map<string, string>();
  const one = <T extends string | undefined>(value: T): T => {
    if (value === undefined) return value;
    const known = shared.get(value);
    if (known !== undefined) return known as T;
    shared.set(value, value);
    return value;
  };
  for await (const a of source.snapshots()) {
    if (cards.has(a.id)) continue;
    cards.set(a.id, {
      id: a.id,
      name: a.name,
      element: one(a.element),
      kind: one(a.kind),
      criticality: one(a.criticality),
      owner: one(a.owner),
      // Reviews stored by earlier versions may lack a list; it stays absent, as the snapshot had it.
      tags: a.tags?.length === 0 ? NO_TAGS : (a.tags?.map(one) as string[]),
      exposure: one(a.exposure),
      authentication: one(a.authentication),
      dataSensitivity: one(a.dataSensitivity),
      attributes: a.attributes?.map(one) as AssetSnapshot['attributes'],
      source: a.source.line === undefined ? { file: one(a.source.file) } : { file: one(a.source.file), line: a.source.line },
    });
  }
  return cards;
}

const NO_TAGS: string[] = [];

/** The report lines for the defaulted attributes (the first `limit` assets, then how many more), read in one pass. */
export async function defaultedLines(source: AssetSource, limit = 50): Promise<string[]> {
  const first: DefaultedAttributes[] = [];
  let total = 0;
  for await (const row of source.defaulted() ?? []) if (total++ < limit) first.push(row);
  return defaultedAttributeLines(first, limit, total);
}
